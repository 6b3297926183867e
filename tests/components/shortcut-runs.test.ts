import {describe, expect, it} from "vitest";
import {digitsSplit, parseDigits, subset, type Snapshot} from "../../lib/index.js";
import {trainAll} from "../../src/components/live.js";
import {optionRun, optionRuns, seedJobs, shortcutJobs} from "../../src/components/shortcut-runs.js";
import {startJob, type TrainJob} from "../../src/components/trainer-worker.js";
import type {TrainingRun} from "../../src/components/trainer.js";
import {readFileSync} from "node:fs";
import {snapshot} from "./snapshot.js";

const snap = (step: number, done = false): Snapshot => snapshot(step, step / 100, {done});
const jobs = {A: {} as TrainJob, B: {} as TrainJob, C: {} as TrainJob};

describe("optionRun(job, snapshots, error, ended)", () => {
  it("holds the snapshots so far and is done when the last one says so", () => {
    expect(optionRun(jobs.A, [snap(10)], null)).toEqual({snapshots: [snap(10)], done: false, error: null});
    expect(optionRun(jobs.A, [snap(10), snap(20, true)], null)).toEqual({snapshots: [snap(10), snap(20, true)], done: true, error: null});
    expect(optionRun(jobs.A, [snapshot(13, null, {diverged: true})], null).done).toBe(true);
  });
  it("carries a failed run's message and counts it done; counts every run done once all have ended", () => {
    expect(optionRun(jobs.A, [], new Error("the training worker failed"))).toEqual({snapshots: [], done: true, error: "the training worker failed"});
    expect(optionRun(jobs.A, [snap(10)], null, true).done).toBe(true);
  });
});

describe("optionRuns(jobs, live)", () => {
  it("names trainAll's runs by option", () => {
    const runs = optionRuns(jobs, {histories: [[snap(10)], [], [snap(10), snap(20, true)]], errors: [null, new Error("invalid channels: 0"), null], done: false});
    expect(runs).toEqual({A: {snapshots: [snap(10)], done: false, error: null}, B: {snapshots: [], done: true, error: "invalid channels: 0"}, C: {snapshots: [snap(10), snap(20, true)], done: true, error: null}});
  });
  it("names seedJobs' runs by option and seed, trained through trainAll three at a time", async () => {
    const data = {x: new Float64Array(64 * 8).map((_, i) => Math.sin(i)), y: new Int32Array(8).map((_, i) => i % 10), n: 8, inputSize: 64, outputSize: 10, classes: 10};
    const spec = {input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 2, stages: 1};
    const jobsByKey = seedJobs(spec, data, data, {steps: 2, learningRate: 0.1, seeds: 2, batchSize: 4});
    const start = (job: TrainJob): TrainingRun => {
      const snapshots = startJob(job);
      const run: TrainingRun = {
        next: async () => (await new Promise((r) => setImmediate(r)), snapshots.next() as IteratorResult<Snapshot, undefined>),
        return: async () => ({done: true, value: undefined}),
        cancel: () => undefined,
        [Symbol.asyncIterator]: () => run
      };
      return run;
    };
    let last;
    for await (const value of trainAll(Object.values(jobsByKey), {start, concurrency: 3})) last = value;
    const runs = optionRuns(jobsByKey, last!);
    expect(Object.keys(runs)).toEqual(["A:0", "B:0", "C:0", "A:1", "B:1", "C:1"]);
    for (const key of Object.keys(jobsByKey) as (keyof typeof jobsByKey)[]) expect(runs[key]).toEqual({snapshots: [...startJob(jobsByKey[key])], done: true, error: null});
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
