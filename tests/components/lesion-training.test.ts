import {describe, expect, test} from "vitest";
import {blobs, evaluateLesioned, randomSeeded, split} from "../../lib/index.js";
import {describeTraining, lesionCurvePair, pairProgress, rebuildPair, trainPair, type PairState} from "../../src/components/lesion-training.js";

const {train: data, test: held} = split(blobs(120, {classes: 3, random: randomSeeded(1)}), {random: randomSeeded(2)});
const job = {spec: {inputSize: 2, outputSize: 3, width: 6, depth: 3, block: "pre" as const, seed: 4}, data, test: held, steps: 30, every: 10, residual: {zeroInitLast: true}};

function finish(pair: Generator<PairState>): PairState[] {
  return [...pair];
}

describe("trainPair(job)", () => {
  test("trains both networks a slice per step and ends done, with the residual one started as the identity", () => {
    const states = finish(trainPair(job));
    expect(states.map((s) => s.step)).toEqual([0, 10, 20, 30]);
    expect(states.map((s) => s.done)).toEqual([false, false, false, true]);
    const last = states[states.length - 1];
    expect(last.residual.net.spec.skip).toBe(true);
    expect(last.plain.net.spec.skip).toBe(false);
    expect(last.residual.last?.testAccuracy).not.toBeNull();
    expect(last.residual.net.spec.zeroInitLast).toBe(true);
    expect(last.plain.net.spec.zeroInitLast).toBe(false);
  });

  test("is bit-identical for the same job", () => {
    const a = finish(trainPair(job)).pop()!, b = finish(trainPair(job)).pop()!;
    expect(b.residual.last).toEqual(a.residual.last);
    expect(b.plain.last).toEqual(a.plain.last);
  });

  test("describes the run while training and when done", () => {
    const states = finish(trainPair(job));
    expect(describeTraining(states[1])).toMatch(/^Training both networks: step 10 of 30 \(training loss: residual \d\.\d\d, plain \d\.\d\d\)\.$/);
    expect(describeTraining(states[3])).toMatch(/^Trained for 30 steps each\. Test accuracy: residual \d+\.\d%, plain \d+\.\d%\.$/);
  });
});

describe("lesionCurvePair(pair, data, options)", () => {
  test("alternates between the networks and ends with both curves, the same sets deleted from each", () => {
    const pair = finish(trainPair(job)).pop()!;
    const steps = [...lesionCurvePair(pair, held, {trials: 2, seed: 3})];
    const last = steps[steps.length - 1];
    expect(last.done).toBe(true);
    expect(last.residual.map((p) => p.deleted)).toEqual([0, 1, 2, 3]);
    expect(last.plain.map((p) => p.sets)).toEqual(last.residual.map((p) => p.sets));
    expect(last.residual[1].accuracy).toBeCloseTo(
      (evaluateLesioned(pair.residual.net, held, last.residual[1].sets[0]).accuracy! + evaluateLesioned(pair.residual.net, held, last.residual[1].sets[1]).accuracy!) / 2,
      12
    );
  });
});

describe("pairProgress(state) and rebuildPair(job, progress)", () => {
  test("send no networks while training, the weights at the end, and rebuild networks that compute the same", () => {
    const states = finish(trainPair(job));
    expect(pairProgress(states[1]).weights).toBeNull();
    const last = states[states.length - 1];
    const sent = structuredClone(pairProgress(last)); // as it crosses from the worker
    const pair = rebuildPair(job, sent);
    for (const kind of ["residual", "plain"] as const) {
      expect(pair[kind].net.spec).toEqual(last[kind].net.spec);
      expect(evaluateLesioned(pair[kind].net, held, [1])).toEqual(evaluateLesioned(last[kind].net, held, [1]));
    }
    expect(describeTraining(sent)).toBe(describeTraining(last));
  });

  test("refuses a pair not yet trained, weights of the wrong shape, and batch norm", () => {
    const states = finish(trainPair(job));
    expect(() => rebuildPair(job, pairProgress(states[0]))).toThrow("invalid pair: not trained yet (expected the last value, with weights)");
    const sent = pairProgress(states[states.length - 1]);
    expect(() => rebuildPair(job, {...sent, weights: {...sent.weights!, plain: sent.weights!.plain.slice(1)}})).toThrow(/^invalid weights: \d+ tensors \(expected \d+\)$/);
    expect(() => rebuildPair({...job, spec: {...job.spec, norm: "batch"}}, sent)).toThrow("invalid spec: norm batch (expected none or layer: running statistics are not sent)");
  });
});
