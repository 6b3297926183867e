import {describe, expect, it} from "vitest";
import {autocorrelation, blobs, blockSpectrum, shortcutSpectra, skipPathSpectra, createNetwork, evaluateLesioned, gradientLedger, gradientNorms, inputGradientAlongLine, pathGradientByLength, pathGradientSamples, randomSeeded, scaleBranches, shortcutCensus, split, transformerGradients} from "../../lib/index.js";
import {computeInWorker, computeOnce, liveInWorker, Superseded} from "../../src/components/compute.js";
import {trainPair, type PairJob, type PairState} from "../../src/components/lesion-training.js";
import {computeHandler, tasks, type FromComputeWorker, type ToComputeWorker} from "../../src/components/compute-worker.js";

/** A stand-in for the module worker: computeHandler runs in this thread, messages cross as tasks through structuredClone. */
class FakeWorker {
  onmessage: ((event: {data: FromComputeWorker}) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  sent = 0; // values the worker has posted
  private handle = computeHandler((message) => {
    if (this.terminated) return;
    if (message.type === "value") ++this.sent;
    const data = structuredClone(message);
    setImmediate(() => !this.terminated && this.onmessage?.({data}));
  });
  postMessage(message: ToComputeWorker): void {
    const data = structuredClone(message);
    setImmediate(() => !this.terminated && this.handle(data));
  }
  terminate(): void {
    this.terminated = true;
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function collect<T>(values: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const v of values) all.push(v);
  return all;
}
/** The pair trained here, in this thread: what the worker's weights must reproduce. */
function finishPair(job: PairJob): PairState {
  let last: PairState | null = null;
  for (const state of trainPair(job)) last = state;
  return last!;
}
const netSpec = {inputSize: 4, outputSize: 1, width: 6, depth: 5, activation: "sigmoid", seed: 2} as const;
const lineSpec = {width: 6, depth: 3, block: "pre", branch: "single", activation: "relu", init: "he", seed: 2} as const;

describe("computeInWorker(task, args)", () => {
  it("hands on the task's values as the worker computes them, the same numbers as in this thread", async () => {
    const worker = new FakeWorker();
    const values = await collect(computeInWorker("line-gradients", {spec: lineSpec, line: {points: 32}}, {worker: worker as unknown as Worker}));
    expect(values).toHaveLength(1);
    const here = inputGradientAlongLine({...lineSpec, skip: true}, {points: 32});
    expect((values[0] as {residual: Float64Array}).residual).toEqual(here.gradient);
    expect(worker.terminated).toBe(true);
  });

  it("lets the worker run only `ahead` values beyond those taken", async () => {
    const worker = new FakeWorker();
    const run = computeInWorker("correlation-by-depth", {spec: {...lineSpec}, depths: [1, 2, 3], options: {seeds: 2, points: 16}}, {worker: worker as unknown as Worker, ahead: 2});
    await wait(50);
    expect(worker.sent).toBe(2);
    await run.next();
    await wait(50);
    expect(worker.sent).toBe(3);
    await run.return!();
    expect(worker.terminated).toBe(true);
  });

  it("rejects with the engine's message, or hands it on as a last value with onError", async () => {
    const bad = {spec: {...lineSpec, depth: 0}, line: {points: 16}};
    await expect(collect(computeInWorker("line-gradients", bad, {worker: new FakeWorker() as unknown as Worker}))).rejects.toThrow(/invalid depth: 0/);
    const values = await collect(computeInWorker("line-gradients", bad, {worker: new FakeWorker() as unknown as Worker, onError: (error) => ({error: error.message})}));
    expect(values).toEqual([{error: expect.stringMatching(/invalid depth: 0/)}]);
  });

  it("refuses an unknown task and a bad ahead", async () => {
    await expect(collect(computeInWorker("nope" as "line-gradients", {spec: lineSpec, line: {}}, {worker: new FakeWorker() as unknown as Worker}))).rejects.toThrow('invalid task: "nope" (expected one of path-gradients, line-gradients, correlation-by-depth, lesion-pair, lesion-curves, shortcut-census, lesion-evaluate, block-spectrum, line-autocorrelation, path-gradient-by-length, shortcut-spectra, skip-path-spectra, gradient-norms, transformer-gradients, ledger-pair)');
    expect(() => computeInWorker("line-gradients", {spec: lineSpec, line: {}}, {ahead: 0, worker: new FakeWorker() as unknown as Worker})).toThrow("invalid ahead: 0 (expected an integer from 1 to 1000)");
  });
});

describe("liveInWorker(task, args, {figure, interval})", () => {
  it("hands on the first value at once and the last one always, taking the worker's values as they come so it never waits on the pace", async () => {
    const worker = new FakeWorker();
    const depths = [1, 2, 3, 4];
    const live = liveInWorker<{depths: number[]}>("correlation-by-depth", {spec: {...lineSpec}, depths, options: {seeds: 2, points: 16}}, {figure: null, interval: 300, ahead: 1, worker: worker as unknown as Worker});
    const first = await live.next();
    expect(first.done).toBe(false);
    await wait(150);
    expect(worker.sent).toBeGreaterThan(2);
    expect(worker.terminated).toBe(true); // done while the page took one value: ahead 1 did not hold the worker back
    const last = await live.next(); // one interval later: the newest, every depth
    expect(last.value).toEqual((await collect(computeInWorker("correlation-by-depth", {spec: {...lineSpec}, depths, options: {seeds: 2, points: 16}}, {worker: new FakeWorker() as unknown as Worker}))).at(-1));
    expect((await live.next()).done).toBe(true);
    expect(worker.terminated).toBe(true);
  });

  it("return() stops the worker at once", async () => {
    const worker = new FakeWorker();
    const live = liveInWorker("correlation-by-depth", {spec: {...lineSpec}, depths: [1, 2, 3], options: {seeds: 2, points: 16}}, {figure: null, worker: worker as unknown as Worker});
    await live.next();
    await live.return!();
    expect(worker.terminated).toBe(true);
  });

  it("refuses an interval that is not a number of ms from 0 to 10000", () => {
    expect(() => liveInWorker("line-gradients", {spec: lineSpec, line: {}}, {figure: null, interval: -5, worker: new FakeWorker() as unknown as Worker})).toThrow("invalid every: -5 (expected a number of milliseconds from 0 to 10000)");
  });
});

describe("computeOnce(task, args)", () => {
  it("resolves with the task's first value and stops the worker", async () => {
    const worker = new FakeWorker();
    const spec = {width: 4, activation: "tanh", seed: 5} as const;
    expect(await computeOnce("block-spectrum", spec, {worker: worker as unknown as Worker})).toEqual(blockSpectrum(spec));
    expect(worker.terminated).toBe(true);
  });

  it("rejects with the engine's message", async () => {
    await expect(computeOnce("block-spectrum", {width: 0}, {worker: new FakeWorker() as unknown as Worker})).rejects.toThrow(/invalid width: 0/);
    await expect(computeOnce("gradient-norms", {specs: [{...netSpec, width: 0}]}, {worker: new FakeWorker() as unknown as Worker})).rejects.toThrow("invalid width: 0 (expected an integer from 1 to 1024)");
  });

  it("with an invalidation that resolves (a knob moved), terminates the worker before it answers and rejects with Superseded", async () => {
    // It must settle: the Observable runtime recomputes a cell only once its previous value settled.
    const worker = new FakeWorker();
    let invalidate!: () => void;
    const invalidation = new Promise<void>((resolve) => (invalidate = resolve));
    const answer = computeOnce("ledger-pair", {spec: netSpec}, {worker: worker as unknown as Worker, invalidation});
    const outcome = answer.then(() => "answered", (error: unknown) => error);
    invalidate();
    await wait(20);
    expect(worker.terminated).toBe(true);
    expect(worker.sent).toBe(0);
    const error = await outcome;
    expect(error).toBeInstanceOf(Superseded);
    expect((error as Error).message).toBe("the ledger-pair answer was superseded by a newer one");
  });

  it("with an invalidation that never comes, answers as without one", async () => {
    const worker = new FakeWorker();
    const answer = computeOnce("gradient-norms", {specs: [netSpec], batchSize: 3}, {worker: worker as unknown as Worker, invalidation: new Promise(() => {})});
    expect(await answer).toEqual([gradientNorms(netSpec, {batchSize: 3})]);
    expect(worker.terminated).toBe(true);
  });
});

describe("tasks", () => {
  it("path-gradients: pathGradientSamples of the scaled network, sample by sample", () => {
    const data = split(blobs(60, {classes: 3, random: randomSeeded(1)}), {random: randomSeeded(2)}).train;
    const spec = {inputSize: 2, outputSize: 3, width: 5, depth: 4, block: "pre", init: "he", seed: 3} as const;
    const got = [...{[Symbol.iterator]: () => tasks["path-gradients"]({spec, scale: 0.5, data, samples: 3, batchSize: 4, seed: 7})}];
    const net = createNetwork(spec);
    scaleBranches(net, 0.5);
    expect(got).toEqual([...pathGradientSamples(net, data, {samples: 3, batchSize: 4, random: randomSeeded(7)})]);
  });

  it("block-spectrum, line-autocorrelation, shortcut-spectra, skip-path-spectra, path-gradient-by-length: the engine's value, as one value", () => {
    const one = <K extends keyof typeof tasks>(task: K, args: Parameters<(typeof tasks)[K]>[0]) => [...{[Symbol.iterator]: () => tasks[task](args as never)}];
    expect(one("block-spectrum", {width: 5, activation: "relu", gain: 0.5, seed: 2})).toEqual([blockSpectrum({width: 5, activation: "relu", gain: 0.5, seed: 2})]);
    const line = {points: 32, standardize: true};
    expect(one("line-autocorrelation", {spec: {...lineSpec, skip: true}, line, lag: 1})).toEqual([autocorrelation(inputGradientAlongLine({...lineSpec, skip: true}, line).gradient, 1)]);
    const data = split(blobs(60, {classes: 3, random: randomSeeded(1)}), {random: randomSeeded(2)}).train;
    const spec = {inputSize: 2, outputSize: 3, width: 5, depth: 4, block: "pre", init: "he", seed: 3} as const;
    const net = createNetwork(spec);
    scaleBranches(net, 0.5);
    expect(one("shortcut-spectra", {channels: 4, init: "glorot", seed: 3})).toEqual([shortcutSpectra({channels: 4, init: "glorot", seed: 3})]);
    expect(one("skip-path-spectra", {channels: 3, blocks: 4, seed: 1})).toEqual([skipPathSpectra({channels: 3, blocks: 4, seed: 1})]);
    expect(one("path-gradient-by-length", {spec, scale: 0.5, data, samples: 2, batchSize: 4, seed: 7})).toEqual([pathGradientByLength(net, data, {samples: 2, batchSize: 4, random: randomSeeded(7)})]);
  });

  it("shortcut-census: the census of the spec, as one value", () => {
    const spec = {input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 2, stages: 2};
    expect([...{[Symbol.iterator]: () => tasks["shortcut-census"](spec)}]).toEqual([shortcutCensus(spec)]);
  });

  it("lesion-pair then lesion-curves: trains the pair, sends its weights, and lesions the rebuilt networks", () => {
    const {train: data, test} = split(blobs(90, {classes: 3, random: randomSeeded(1)}), {random: randomSeeded(2)});
    const job = {spec: {inputSize: 2, outputSize: 3, width: 5, depth: 3, block: "pre", seed: 4} as const, data, test, steps: 20, every: 10, residual: {zeroInitLast: true}};
    const progress = [...{[Symbol.iterator]: () => tasks["lesion-pair"](job)}] as {done: boolean; weights: unknown}[];
    expect(progress.map((p) => p.done)).toEqual([false, false, true]);
    expect(progress.map((p) => p.weights === null)).toEqual([true, true, false]);
    const curves = [...{[Symbol.iterator]: () => tasks["lesion-curves"]({job, progress: structuredClone(progress[2]) as never, data: test, trials: 2, seed: 1})}] as {done: boolean; residual: unknown[]}[];
    expect(curves[curves.length - 1].done).toBe(true);
    expect(curves[curves.length - 1].residual).toHaveLength(4); // k = 0 … 3 blocks deleted
    const trained = finishPair(job);
    const [picked] = [...{[Symbol.iterator]: () => tasks["lesion-evaluate"]({job, progress: structuredClone(progress[2]) as never, data: test, deleted: [1]})}];
    expect(picked).toEqual({deleted: [1], residual: evaluateLesioned(trained.residual.net, test, [1]).accuracy, plain: evaluateLesioned(trained.plain.net, test, [1]).accuracy});
  });

  it("gradient-norms: gradientNorms of every spec, in order, as one value", () => {
    const specs = [{...netSpec, skip: false}, {...netSpec, skip: true}];
    expect([...{[Symbol.iterator]: () => tasks["gradient-norms"]({specs, batchSize: 3})}]).toEqual([specs.map((spec) => gradientNorms(spec, {batchSize: 3}))]);
    expect(() => tasks["gradient-norms"]({specs: "deep" as never}).next()).toThrow("invalid specs: deep (expected an array of network specs)");
  });

  it("transformer-gradients: transformerGradients of every spec with the analysis's default batch of 8 when none is given", () => {
    const stack = {tokens: 3, inputSize: 2, outputSize: 2, width: 4, blocks: 2, heads: 2, seed: 5} as const;
    expect([...{[Symbol.iterator]: () => tasks["transformer-gradients"]({specs: [stack]})}]).toEqual([[transformerGradients(stack, {batchSize: 8})]]);
  });

  it("ledger-pair: the plain and the residual ledger of one spec and seed, as one value", () => {
    expect([...{[Symbol.iterator]: () => tasks["ledger-pair"]({spec: {...netSpec, skip: true}, batchSize: 3})}]).toEqual([{plain: gradientLedger({...netSpec, skip: false}, {batchSize: 3}), residual: gradientLedger({...netSpec, skip: true}, {batchSize: 3})}]);
  });
});
