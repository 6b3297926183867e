import {describe, expect, it} from "vitest";
import {addSnapshot, runStart, trainRuns} from "../../src/components/runs.js";
import {startJob, type TrainJob} from "../../src/components/trainer-worker.js";
import type {Snapshot} from "../../lib/index.js";

const job = (depth: number, extra: Partial<TrainJob["train"]> = {}): TrainJob => ({
  model: {kind: "mlp", spec: {inputSize: 2, outputSize: 2, width: 4, depth, seed: 1}},
  data: {name: "spiral", n: 40, options: {seed: 2}},
  train: {steps: 30, every: 10, optimizer: {kind: "sgd", learningRate: 0.05, momentum: 0.9}, ...extra}
});

/** Runs a job in this thread, as the worker would, one snapshot per task; records return(). */
function inThread(job: TrainJob) {
  const run = startJob(job);
  const it = {
    returned: false,
    async next(): Promise<IteratorResult<Snapshot, undefined>> {
      await new Promise((r) => setImmediate(r));
      const next = it.returned ? {done: true as const, value: undefined} : run.next();
      return next.done ? {done: true, value: undefined} : {done: false, value: next.value};
    },
    async return(): Promise<IteratorResult<Snapshot, undefined>> {
      it.returned = true;
      return {done: true, value: undefined};
    }
  };
  return it;
}

describe("addSnapshot(state, snapshot)", () => {
  it("appends the finite loss at its step, and keeps a diverged run's message without a point", () => {
    const start = runStart(job(1));
    const a = addSnapshot(start, {step: 10, loss: 0.5, message: null, done: false} as Snapshot);
    expect(a).toMatchObject({points: [{step: 10, loss: 0.5}], step: 10, diverged: null, done: false});
    const b = addSnapshot(a, {step: 13, loss: null, message: "diverged at step 13", done: true} as Snapshot);
    expect(b).toMatchObject({points: [{step: 10, loss: 0.5}], step: 13, diverged: "diverged at step 13", done: true});
    expect(start.points).toEqual([]); // the old state is left as it was
  });
});

describe("trainRuns(jobs)", () => {
  it("ends with every run's whole loss curve, as train() computes it", async () => {
    const runs = trainRuns({shallow: job(1), deep: job(3)}, {start: inThread});
    let last;
    for await (const value of runs) last = value;
    const direct = [...startJob(job(3))].map((s) => ({step: s.step, loss: s.loss}));
    expect(last!.deep.points).toEqual(direct);
    expect(last!.shallow).toMatchObject({step: 30, steps: 30, done: true, error: null});
  });

  it("turns a bad job into a run that carries its error", async () => {
    let last;
    for await (const value of trainRuns({bad: job(0)}, {start: inThread})) last = value;
    expect(last!.bad).toMatchObject({done: true, error: expect.stringMatching(/invalid depth: 0/)});
  });

  it("returns every worker's run when the page stops listening", async () => {
    const started: ReturnType<typeof inThread>[] = [];
    const runs = trainRuns({a: job(1, {steps: 1000}), b: job(1, {steps: 1000})}, {start: (j) => (started.push(inThread(j)), started[started.length - 1])});
    await runs.next();
    await runs.next();
    await runs.return();
    expect(started.map((s) => s.returned)).toEqual([true, true]);
  });
});
