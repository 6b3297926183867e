import {describe, expect, it} from "vitest";
import type {Snapshot} from "../../lib/index.js";
import {describeTraining, trainingStatus} from "../../src/components/TrainingCurves.js";

const snap = (step: number, loss: number | null, more: Partial<Snapshot> = {}): Snapshot => ({
  step,
  epoch: 0,
  learningRate: 0.01,
  loss,
  accuracy: null,
  testLoss: null,
  testAccuracy: null,
  gradNorms: null,
  weightNorm: null,
  done: false,
  diverged: null,
  message: null,
  ...more
});

describe("describeTraining(runs, options) and trainingStatus(runs, steps)", () => {
  const options = {steps: 30, task: "reversing sequences of 8 numbers", baseline: 1};

  it("gives each stack's latest loss against the baseline", () => {
    const runs = {pre: [snap(10, 0.5), snap(20, 0.02)], post: [snap(10, 0.9)], plain: []};
    expect(describeTraining(runs, options)).toMatch(
      /^Training on reversing sequences of 8 numbers for up to 30 steps, the training loss is 0\.02 in pre-LN at step 20, 0\.9 in post-LN at step 10 and no report yet with no stream\. Predicting 0 for every token would score about 1\./
    );
    expect(trainingStatus(runs, 30)).toBe("Training: step 0 of 30");
  });

  it("names a diverged run in the caption and the status, and has no status when all are done", () => {
    const done = {done: true};
    const runs = {pre: [snap(30, 0.01, done)], post: [snap(12, null, {done: true, diverged: {step: 12}, message: "diverged at step 12"})], plain: [snap(30, 0.9, done)]};
    expect(describeTraining(runs, options)).toContain("a diverged run in post-LN (at step 12)");
    expect(trainingStatus(runs, 30)).toBe("post-LN: diverged at step 12");
    expect(trainingStatus({...runs, post: [snap(30, 0.3, done)]}, 30)).toBeNull();
  });
});
