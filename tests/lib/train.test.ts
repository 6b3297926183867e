import {describe, expect, it} from "vitest";
import {
  adam,
  blobs,
  createNetwork,
  evaluate,
  mseLoss,
  randomSeeded,
  sgd,
  sine,
  split,
  stepSchedule,
  train,
  type Dataset,
  type Model,
  type NetworkSpec,
  type Optimizer,
  type Snapshot
} from "../../lib/index.js";

const blobSpec: NetworkSpec = {inputSize: 2, outputSize: 3, width: 8, depth: 2, activation: "tanh", seed: 1};
const blobData = blobs(120, {classes: 3, noise: 0.3, random: randomSeeded(1)});

/** Every number in a snapshot, flattened, to check that none is NaN or infinite. */
function numbers(s: Snapshot): number[] {
  return [s.step, s.epoch, s.learningRate, s.loss, s.accuracy, s.testLoss, s.testAccuracy, ...(s.gradNorms ?? [])].filter((v): v is number => v !== null);
}

describe("train(model, data, options)", () => {
  it("gives the identical snapshot sequence for the same seed, and another for another seed", () => {
    const runOnce = (seed: number) => [...train(createNetwork(blobSpec), blobData, {steps: 50, batchSize: 16, every: 10, seed, optimizer: sgd({learningRate: 0.1, momentum: 0.9})})];
    const a = runOnce(3);
    expect(a.map((s) => s.step)).toEqual([10, 20, 30, 40, 50]);
    expect(runOnce(3)).toEqual(a);
    expect(runOnce(4).map((s) => s.loss)).not.toEqual(a.map((s) => s.loss));
  });

  it("lowers the softmax loss on blobs and reports train and test accuracy", () => {
    const {train: trainSet, test} = split(blobData, {testFraction: 0.25, random: randomSeeded(2)});
    const snapshots = [...train(createNetwork(blobSpec), trainSet, {steps: 300, every: 30, optimizer: adam({learningRate: 0.01}), test})];
    const first = snapshots[0], last = snapshots.at(-1)!;
    expect(last.loss!).toBeLessThan(0.5 * first.loss!);
    expect(last.testLoss!).toBeLessThan(first.testLoss!);
    expect(last.accuracy!).toBeGreaterThan(0.9);
    expect(last.testAccuracy!).toBeGreaterThan(0.9);
    expect(last.done).toBe(true);
    expect(snapshots.slice(0, -1).every((s) => !s.done)).toBe(true);
    expect(last.epoch).toBeCloseTo((300 * 32) / 90, 12);
    expect(last.gradNorms).toBeInstanceOf(Float64Array);
    expect(last.gradNorms!.length).toBe(2 + 2 + 1); // stem, 2 blocks, head, and the output
  });

  it("lowers the MSE on the sine regression, with null accuracies", () => {
    const data = sine(200, {random: randomSeeded(3)});
    const net = createNetwork({inputSize: 1, outputSize: 1, width: 16, depth: 2, activation: "tanh", seed: 3});
    const snapshots = [...train(net, data, {steps: 400, every: 100, optimizer: adam({learningRate: 0.01}), test: data})];
    expect(snapshots.at(-1)!.loss!).toBeLessThan(0.5 * snapshots[0].loss!);
    expect(snapshots.every((s) => s.accuracy === null && s.testAccuracy === null)).toBe(true);
    expect(snapshots.at(-1)!.testLoss).toBe(evaluate(net, data, "mse").loss);
  });

  it("reports divergence at the step where a number first stops being finite, then stops", () => {
    // A rate too large for this net: the loss grows for a while, then overflows.
    const options = {batchSize: 16, every: 5, seed: 1};
    const data = sine(64, {random: randomSeeded(5)});
    const spec = {inputSize: 1, outputSize: 1, width: 16, depth: 2, activation: "tanh", seed: 5} as const;
    const snapshots = [...train(createNetwork(spec), data, {...options, optimizer: sgd({learningRate: 0.3}), steps: 1000})];
    const last = snapshots.at(-1)!;
    expect(last.diverged).not.toBeNull();
    const n = last.diverged!.step;
    expect(last).toMatchObject({step: n, done: true, message: `diverged at step ${n}`, loss: null, gradNorms: null});
    expect(snapshots.length).toBeGreaterThan(10); // snapshots of a growing loss came first
    expect(snapshots.at(-2)!.loss!).toBeGreaterThan(1e100);
    expect(n).toBeLessThan(1000);
    expect(snapshots.slice(0, -1).every((s) => s.diverged === null && s.loss !== null)).toBe(true);
    expect(snapshots.flatMap(numbers).every(Number.isFinite)).toBe(true);
    // The same run stopped one step earlier does not diverge: step n is the first bad one.
    const before = [...train(createNetwork(spec), data, {...options, optimizer: sgd({learningRate: 0.3}), steps: n - 1})];
    expect(before.at(-1)).toMatchObject({step: n - 1, diverged: null, done: true});
  });

  it("reports divergence at the step whose update made a parameter NaN, before any loss does", () => {
    let calls = 0;
    const poison: Optimizer = {kind: "sgd", learningRate: 0, step: (params) => void (++calls === 7 && (params[0].w[0] = NaN))};
    const snapshots = [...train(createNetwork(blobSpec), blobData, {steps: 20, every: 5, optimizer: poison})];
    expect(snapshots.map((s) => s.step)).toEqual([5, 7]);
    expect(snapshots[1]).toMatchObject({diverged: {step: 7}, message: "diverged at step 7", done: true});
  });

  it("is cancelled by no longer iterating: no step runs past the last snapshot taken", () => {
    const net = createNetwork(blobSpec);
    const run = train(net, blobData, {steps: 1000, every: 10, seed: 2});
    for (const s of run) if (s.step === 30) break;
    expect(run.next().done).toBe(true); // breaking out of for…of closed the generator
    const reference = createNetwork(blobSpec);
    [...train(reference, blobData, {steps: 30, every: 10, seed: 2})];
    expect(net.params.map((p) => p.w)).toEqual(reference.params.map((p) => p.w));
  });

  it("reports the norm of the decayed weights (not the biases) after each snapshot's last step", () => {
    const net = createNetwork(blobSpec);
    const [first] = train(net, blobData, {steps: 5, every: 5, optimizer: sgd({learningRate: 0.1})});
    const expected = Math.hypot(...net.params.filter((p) => p.decay).flatMap((p) => [...p.w]));
    expect(first.weightNorm).toBeCloseTo(expected, 12);
    expect(net.params.some((p) => !p.decay && p.w.some((b) => b !== 0))).toBe(true); // biases moved, and are left out
  });

  it("yields a shorter last snapshot when every does not divide steps", () => {
    expect([...train(createNetwork(blobSpec), blobData, {steps: 25, every: 10})].map((s) => [s.step, s.done])).toEqual([
      [10, false],
      [20, false],
      [25, true]
    ]);
    expect([...train(createNetwork(blobSpec), blobData, {steps: 3, every: 10})].map((s) => s.step)).toEqual([3]);
  });

  it("uses the schedule's rate at each step", () => {
    const schedule = stepSchedule({initial: 0.1, factor: 0.5, milestones: [10, 20]});
    const rates = [...train(createNetwork(blobSpec), blobData, {steps: 30, every: 5, schedule})].map((s) => s.learningRate);
    // The rate of the last step of each snapshot: steps 0-9 at 0.1, 10-19 at 0.05, 20-29 at 0.025.
    expect(rates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  it("visits every example once per epoch, in one reused batch buffer", () => {
    const data: Dataset = {x: Float64Array.from({length: 12}, (_, i) => i), y: new Float64Array(12), n: 12, inputSize: 1, outputSize: 1};
    const net = createNetwork({inputSize: 1, outputSize: 1, width: 2, depth: 1, seed: 0});
    const seen: number[][] = [];
    const buffers = new Set<Float64Array>();
    const spy: Model = {
      params: net.params,
      gradNorms: net.gradNorms,
      forward(x, batch, training) {
        buffers.add(x);
        seen.push(Array.from(x.subarray(0, batch)));
        return net.forward(x, batch, training);
      },
      backward: (dy, batch) => net.backward(dy, batch)
    };
    [...train(spy, data, {steps: 6, batchSize: 4, every: 3, optimizer: sgd({learningRate: 0})})];
    expect(buffers.size).toBe(1);
    const epoch1 = seen.slice(0, 3).flat(), epoch2 = seen.slice(3, 6).flat();
    expect(epoch1.slice().sort((a, b) => a - b)).toEqual(Array.from({length: 12}, (_, i) => i));
    expect(epoch2.slice().sort((a, b) => a - b)).toEqual(Array.from({length: 12}, (_, i) => i));
    expect(epoch2).not.toEqual(epoch1); // reshuffled
  });

  it("trains on all the data each step when it holds fewer examples than the batch size", () => {
    const small = blobs(9, {random: randomSeeded(1)});
    const [s] = [...train(createNetwork(blobSpec), small, {steps: 2, every: 2})];
    expect(s.epoch).toBe(2);
  });

  it.each([
    [{steps: 0}, "invalid steps: 0 (expected an integer from 1 to 1000000000)"],
    [{steps: 10, batchSize: 0}, "invalid batch size: 0 (expected an integer from 1 to 65536)"],
    [{steps: 10, every: 1.5}, "invalid every: 1.5 (expected an integer from 1 to 1000000000)"],
    [{steps: 10, seed: -2}, "invalid seed: -2 (expected an integer from 0 to 4294967295)"],
    [{steps: 10, loss: "hinge"}, 'invalid loss: "hinge" (expected one of mse, softmax)'],
    [{steps: 10, loss: "mse"}, "invalid data y: Int32Array of 120 for 120 examples of 3 (expected a Float64Array or Int32Array of 360)"],
    [{steps: 10, test: sine(5)}, "invalid test data: 1 inputs and 1 outputs per example (expected 2 and 3, as the training data)"],
    [{steps: 10, test: {...blobData, classes: undefined}}, "invalid test data classes: undefined (expected an integer from 2 to 3)"]
  ])("rejects %o with %s, when called", (options, message) => {
    expect(() => train(createNetwork(blobSpec), blobData, options as never)).toThrow(message);
  });

  it("rejects labels out of range and a model of the wrong output size", () => {
    const bad = {...blobData, y: Int32Array.from(blobData.y, (c, i) => (i === 7 ? 3 : c))};
    expect(() => train(createNetwork(blobSpec), bad, {steps: 1})).toThrow("invalid data label: 3 at example 7 (expected an integer from 0 to 2)");
    const twoOut = createNetwork({...blobSpec, outputSize: 2});
    expect(() => train(twoOut, blobData, {steps: 1}).next()).toThrow("invalid model: it outputs 2 numbers per example (expected 3, the data's output size)");
  });
});

describe("evaluate(model, data, loss)", () => {
  it("is the mean loss over all examples, in chunks, with training = false", () => {
    const data = sine(600, {random: randomSeeded(8)}); // more than one 256-example chunk
    const net = createNetwork({inputSize: 1, outputSize: 1, width: 4, depth: 1, seed: 8});
    const flags: boolean[] = [];
    const spy: Model = {...net, forward: (x, batch, training = true) => (flags.push(training), net.forward(x, batch, training))};
    const result = evaluate(spy, data);
    expect(flags).toEqual([false, false, false]);
    const whole = mseLoss(net.forward(data.x, 600, false), data.y, 600, 1, new Float64Array(600));
    expect(result.loss).toBeCloseTo(whole, 14);
    expect(result.accuracy).toBeNull();
  });

  it("gives the accuracy for softmax", () => {
    const result = evaluate(createNetwork(blobSpec), blobData, "softmax");
    expect(result.accuracy! * 120).toBeCloseTo(Math.round(result.accuracy! * 120), 9);
    expect(result.loss).toBeGreaterThan(0);
  });
});
