import {describe, expect, it} from "vitest";
import {randomSeeded, sequenceTask, type Snapshot} from "../../lib/index.js";
import {startJob, type TrainJob} from "../../src/components/trainer-worker.js";
import type {TrainingRun} from "../../src/components/trainer.js";
import {stackJobs, trainStacks, type StackHistory} from "../../src/components/trainStacks.js";

/** A run in this thread, as trainInWorker's would be (the worker path is tested in trainer.test.ts). */
function inThread(cancelled: TrainJob[]): (job: TrainJob) => TrainingRun {
  return (job) => {
    const snapshots = startJob(job);
    let stopped = false;
    const run: TrainingRun = {
      next: async () => (stopped ? {done: true, value: undefined} : (snapshots.next() as IteratorResult<Snapshot, undefined>)),
      return: async () => (run.cancel(), {done: true, value: undefined}),
      cancel: () => {
        stopped = true;
        cancelled.push(job);
      },
      [Symbol.asyncIterator]: () => run
    };
    return run;
  };
}

const data = sequenceTask("reverse", 32, {tokens: 3, random: randomSeeded(2)});
const spec = {tokens: 3, inputSize: 1, outputSize: 1, width: 4, blocks: 1, seed: 1};
const trainOptions = {steps: 4, batchSize: 8, every: 2, loss: "mse" as const, optimizer: {kind: "adam" as const, learningRate: 0.01}};

describe("stackJobs(spec, data, train)", () => {
  it("makes one transformer job per stack, differing only in the stack", () => {
    const jobs = stackJobs(spec, data, trainOptions);
    expect(jobs.pre.model).toEqual({kind: "transformer", spec: {...spec, norm: "pre", skip: true}});
    expect(jobs.post.model).toEqual({kind: "transformer", spec: {...spec, norm: "post", skip: true}});
    expect(jobs.plain.model).toEqual({kind: "transformer", spec: {...spec, norm: "pre", skip: false}});
    expect(jobs.plain.data).toBe(data);
    expect(jobs.post.train).toBe(trainOptions);
  });
});

describe("trainStacks(jobs, start)", () => {
  it("collects every stack's snapshots, the same as each job run alone, and stops every run at the end", async () => {
    const cancelled: TrainJob[] = [];
    const jobs = stackJobs(spec, data, trainOptions);
    let last: StackHistory | undefined, yields = 0;
    for await (const history of trainStacks(jobs, inThread(cancelled))) {
      last = history;
      ++yields;
    }
    expect(yields).toBe(6); // two snapshots per stack
    expect(last!.error).toBeNull();
    for (const stack of ["pre", "post", "plain"] as const) expect(last!.runs[stack]).toEqual([...startJob(jobs[stack])]);
    expect(cancelled).toHaveLength(3);
  });

  it("reports a failing job in `error` instead of throwing, and stops the others", async () => {
    const cancelled: TrainJob[] = [];
    const jobs = stackJobs(spec, data, trainOptions);
    jobs.post = {...jobs.post, model: {kind: "transformer", spec: {...spec, width: 0}}};
    const histories: StackHistory[] = [];
    for await (const history of trainStacks(jobs, inThread(cancelled))) histories.push(history);
    expect(histories.at(-1)!.error?.message).toBe("invalid width: 0 (expected an integer from 1 to 1024)");
    expect(cancelled).toHaveLength(1); // the one run started before the failing one
  });
});
