import {describe, expect, it} from "vitest";
import {trainAll} from "../../src/components/live.js";
import {runState, runStates} from "../../src/components/runs.js";
import type {TrainingRun} from "../../src/components/trainer.js";
import {startJob, type TrainJob} from "../../src/components/trainer-worker.js";
import type {Snapshot} from "../../lib/index.js";

const job = (depth: number, extra: Partial<TrainJob["train"]> = {}): TrainJob => ({
  model: {kind: "mlp", spec: {inputSize: 2, outputSize: 2, width: 4, depth, seed: 1}},
  data: {name: "spiral", n: 40, options: {seed: 2}},
  train: {steps: 30, every: 10, optimizer: {kind: "sgd", learningRate: 0.05, momentum: 0.9}, ...extra}
});

/** Runs a job in this thread, as the worker would, one snapshot per task (a job that cannot start throws, as trainInWorker's run does). */
function inThread(job: TrainJob): TrainingRun {
  let snapshots: Generator<Snapshot> | null = null;
  let stopped = false;
  const run: TrainingRun = {
    async next(): Promise<IteratorResult<Snapshot, undefined>> {
      await new Promise((r) => setImmediate(r));
      snapshots ??= startJob(job);
      const next = stopped ? {done: true as const, value: undefined} : snapshots.next();
      return next.done ? {done: true, value: undefined} : {done: false, value: next.value};
    },
    async return(): Promise<IteratorResult<Snapshot, undefined>> {
      run.cancel();
      return {done: true, value: undefined};
    },
    cancel() {
      stopped = true;
    },
    [Symbol.asyncIterator]: () => run
  };
  return run;
}

const at = (step: number, loss: number | null, extra: Partial<Snapshot> = {}) => ({step, loss, message: null, done: false, ...extra}) as Snapshot;

describe("runState(job, snapshots), snapshot by snapshot", () => {
  it("appends the finite loss at its step, and keeps a diverged run's message without a point", () => {
    const first = at(10, 0.5);
    const a = runState(job(1), [first]);
    expect(a).toMatchObject({points: [{step: 10, loss: 0.5}], step: 10, diverged: null, done: false});
    const b = runState(job(1), [first, at(13, null, {message: "diverged at step 13", done: true})]);
    expect(b).toMatchObject({points: [{step: 10, loss: 0.5}], step: 13, diverged: "diverged at step 13", done: true});
    expect(a.points).toEqual([{step: 10, loss: 0.5}]); // the earlier state is left as it was
  });
});

describe("runState(job, snapshots, error, ended)", () => {
  it("is the job's start before any snapshot: its planned steps, no point, not done", () => {
    expect(runState(job(1), [])).toEqual({steps: 30, points: [], step: 0, diverged: null, error: null, done: false});
  });
  it("says finished, or diverged at step N, from the snapshots", () => {
    expect(runState(job(1), [at(10, 0.5), at(20, 0.25, {done: true})])).toMatchObject({points: [{step: 10, loss: 0.5}, {step: 20, loss: 0.25}], step: 20, diverged: null, done: true});
    expect(runState(job(1), [at(10, 0.5), at(13, null, {message: "diverged at step 13", done: true})])).toMatchObject({step: 13, diverged: "diverged at step 13", done: true});
  });
  it("carries a failed run's message and counts it done, keeping the curve before it", () => {
    expect(runState(job(1), [at(10, 0.5)], new Error("the training worker failed: out of memory"))).toMatchObject({points: [{step: 10, loss: 0.5}], error: "the training worker failed: out of memory", done: true});
  });
  it("counts a run done once every run has ended, even with no last snapshot", () => {
    expect(runState(job(1), [at(10, 0.5)], null, true)).toMatchObject({step: 10, done: true, error: null});
  });
});

describe("runStates(jobs, live)", () => {
  it("names trainAll's runs by their jobs' keys, in the keys' order", () => {
    const jobs = {shallow: job(1), deep: job(3, {steps: 60})};
    const states = runStates(jobs, {histories: [[at(10, 0.5)], []], errors: [null, new Error("invalid depth: 0")], done: false});
    expect(states.shallow).toMatchObject({steps: 30, step: 10, done: false});
    expect(states.deep).toMatchObject({steps: 60, step: 0, error: "invalid depth: 0", done: true});
  });
  it("refuses a value that does not hold one run per job", () => {
    expect(() => runStates({a: job(1)}, {histories: [], errors: [], done: true})).toThrow("invalid histories: 0 runs (expected one per job: 1)");
  });
  it("ends, through trainAll, with every run's whole loss curve as train() computes it, and a bad job's message", async () => {
    const jobs = {shallow: job(1), deep: job(3), bad: job(0)};
    let last;
    for await (const value of trainAll(Object.values(jobs), {start: inThread})) last = value;
    const states = runStates(jobs, last!);
    expect(states.deep.points).toEqual([...startJob(job(3))].map((s) => ({step: s.step, loss: s.loss})));
    expect(states.shallow).toMatchObject({step: 30, steps: 30, done: true, error: null});
    expect(states.bad).toMatchObject({done: true, error: expect.stringMatching(/invalid depth: 0/)});
  });
});
