import {describe, expect, it} from "vitest";
import {digitsSplit, parseDigits, subset, type Snapshot} from "../../lib/index.js";
import {seedJobs, shortcutJobs, trainOptions, trainRuns} from "../../src/components/shortcut-runs.js";
import {startJob, type TrainJob} from "../../src/components/trainer-worker.js";
import type {TrainingRun} from "../../src/components/trainer.js";
import {readFileSync} from "node:fs";
import {snapshot} from "./snapshot.js";

/** A stand-in for trainInWorker: hands out the given snapshots after `delay` ticks each (or `ms` milliseconds), or fails. */
function fakeRun(snapshots: Snapshot[], {delay = 1, ms = 0, fail = null as string | null} = {}): TrainingRun & {cancelled: boolean} {
  let i = 0;
  const wait = () => new Promise<void>((resolve) => {
    if (ms > 0) return void setTimeout(resolve, ms);
    const loop = (k: number) => (k === 0 ? resolve() : setImmediate(() => loop(k - 1)));
    loop(delay);
  });
  const run = {
    cancelled: false,
    async next(): Promise<IteratorResult<Snapshot, undefined>> {
      await wait();
      if (run.cancelled || i >= snapshots.length) {
        if (fail && !run.cancelled) throw new Error(fail);
        return {done: true, value: undefined};
      }
      return {done: false, value: snapshots[i++]};
    },
    async return(): Promise<IteratorResult<Snapshot, undefined>> {
      run.cancel();
      return {done: true, value: undefined};
    },
    cancel() {
      run.cancelled = true;
    },
    [Symbol.asyncIterator]() {
      return run;
    }
  };
  return run;
}

const snap = (step: number, done = false): Snapshot => snapshot(step, step / 100, {done});
const jobs = {A: {} as TrainJob, B: {} as TrainJob, C: {} as TrainJob};

describe("trainOptions(jobs, {start})", () => {
  it("yields an empty state at once, then one state per snapshot from any run, until all three are done", async () => {
    const runs = {A: fakeRun([snap(10), snap(20, true)], {delay: 1}), B: fakeRun([snap(10), snap(20, true)], {delay: 3}), C: fakeRun([snap(10, true)], {delay: 2})};
    const started: TrainJob[] = [];
    const order = ["A", "B", "C"] as const;
    let k = 0;
    const states = [];
    for await (const state of trainOptions(jobs, {start: (job) => (started.push(job), runs[order[k++]])})) states.push(state);
    expect(started.length).toBe(3);
    expect(states[0]).toEqual({A: {snapshots: [], done: false, error: null}, B: {snapshots: [], done: false, error: null}, C: {snapshots: [], done: false, error: null}});
    expect(states.length).toBe(1 + 5);
    const last = states[states.length - 1];
    expect(last.A.snapshots.map((s) => s.step)).toEqual([10, 20]);
    expect(last.B.snapshots.map((s) => s.step)).toEqual([10, 20]);
    expect(last.C.snapshots.map((s) => s.step)).toEqual([10]);
    expect([last.A.done, last.B.done, last.C.done]).toEqual([true, true, true]);
    // Each state is its own copy: an early one does not grow later.
    expect(states[1].A.snapshots.length + states[1].B.snapshots.length + states[1].C.snapshots.length).toBe(1);
  });

  it("records a failed run's error and lets the others finish", async () => {
    const runs = [fakeRun([snap(10, true)]), fakeRun([], {fail: "the training worker failed"}), fakeRun([snap(10), snap(20, true)])];
    let k = 0;
    let last;
    for await (const state of trainOptions(jobs, {start: () => runs[k++]})) last = state;
    expect(last!.B).toEqual({snapshots: [], done: true, error: "the training worker failed"});
    expect(last!.C.snapshots.length).toBe(2);
  });

  it("cancels every run on return(), as Framework does when the cell is invalidated", async () => {
    const runs = [fakeRun([snap(10), snap(20, true)]), fakeRun([snap(10), snap(20, true)]), fakeRun([snap(10), snap(20, true)])];
    let k = 0;
    const iterator = trainOptions(jobs, {start: () => runs[k++]});
    await iterator.next();
    await iterator.next();
    for (let i = 0; i < 200 && k < 3; ++i) await new Promise((resolve) => setTimeout(resolve, 1)); // the others start a task apart
    expect(k).toBe(3);
    expect(await iterator.return()).toEqual({done: true, value: undefined});
    expect(runs.every((r) => r.cancelled)).toBe(true);
    expect(await iterator.next()).toEqual({done: true, value: undefined});
  });

  it("starts one run per task, and none that return() came before", async () => {
    let k = 0;
    const iterator = trainOptions(jobs, {start: () => (++k, fakeRun([snap(10, true)]))});
    expect(k).toBe(1); // the first at once
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(k).toBe(2); // the second a task later
    await iterator.return();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(k).toBe(2); // the third never
  });
});

describe("trainRuns(jobs, {concurrency, start})", () => {
  it("keeps at most `concurrency` runs in flight and starts the rest in key order as slots free", async () => {
    const keys = ["a", "b", "c", "d", "e"];
    const started: string[] = [];
    let inFlight = 0, most = 0;
    const start = (job: TrainJob) => {
      const key = (job as unknown as {key: string}).key;
      started.push(key);
      most = Math.max(most, ++inFlight);
      // Milliseconds, not ticks: long enough that a run is still going when the next starts, a task later.
      const run = fakeRun([snap(10), snap(20, true)], {ms: 5 * (1 + keys.indexOf(key))});
      const cancel = run.cancel;
      run.cancel = () => {
        if (!run.cancelled) --inFlight;
        cancel();
      };
      return run;
    };
    const jobsByKey = Object.fromEntries(keys.map((key) => [key, {key} as unknown as TrainJob]));
    let last;
    for await (const state of trainRuns(jobsByKey, {concurrency: 2, start})) last = state;
    expect(started).toEqual(keys);
    expect(most).toBe(2);
    expect(keys.every((k) => last![k].done && last![k].snapshots.length === 2)).toBe(true);
  });

  it("rejects a concurrency of 0", () => {
    expect(() => trainRuns(jobs, {concurrency: 0, start: () => fakeRun([])})).toThrow("invalid concurrency: 0 (expected an integer from 1 to 64)");
  });
});

describe("seedJobs(spec, data, test, {steps, learningRate, seeds})", () => {
  it("makes option × seed jobs, seed by seed, each one snapshot at the end", () => {
    const data = {x: new Float64Array(64), y: new Int32Array(1), n: 1, inputSize: 64, outputSize: 10, classes: 10};
    const spec = {input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 2};
    const jobsByKey = seedJobs(spec, data, data, {steps: 40, learningRate: 0.1, seeds: 2});
    expect(Object.keys(jobsByKey)).toEqual(["A:0", "B:0", "C:0", "A:1", "B:1", "C:1"]);
    expect(jobsByKey["C:1"].model.spec).toEqual({...spec, shortcut: "C", seed: 1});
    expect(jobsByKey["C:1"].train).toMatchObject({steps: 40, every: 40, seed: 1});
    expect(() => seedJobs(spec, data, data, {steps: 40, learningRate: 0.1, seeds: 0})).toThrow("invalid seeds: 0");
  });
});

describe("shortcutJobs(spec, data, test, {steps, learningRate, seed})", () => {
  it("makes three jobs that differ only in the shortcut, which the worker can run", () => {
    const {train, test} = digitsSplit(parseDigits(readFileSync(new URL("../../data/digits.csv", import.meta.url), "utf8")));
    const small = subset(train, Int32Array.from({length: 64}, (_, i) => i));
    const spec = {input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 2, stages: 2};
    const jobsByOption = shortcutJobs(spec, small, subset(test, [0, 1, 2, 3]), {steps: 2, learningRate: 0.05, seed: 7, every: 1});
    const strip = (job: TrainJob) => ({...job, model: {...job.model, spec: {...(job.model.spec as object), shortcut: null}}});
    expect(strip(jobsByOption.B)).toEqual(strip(jobsByOption.A));
    expect(strip(jobsByOption.C)).toEqual(strip(jobsByOption.A));
    expect(["A", "B", "C"].map((o) => (jobsByOption[o as "A"].model.spec as {shortcut: string}).shortcut)).toEqual(["A", "B", "C"]);
    expect(jobsByOption.A.train).toEqual({steps: 2, batchSize: 32, every: 1, seed: 7, optimizer: {kind: "sgd", learningRate: 0.05, momentum: 0.9}});
    const snapshots = [...startJob(jobsByOption.C)];
    expect(snapshots.map((s) => s.step)).toEqual([1, 2]);
    expect(snapshots[1].testAccuracy).not.toBeNull();
  });
});
