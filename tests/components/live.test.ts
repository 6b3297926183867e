import {describe, expect, it} from "vitest";
import type {Snapshot} from "../../lib/index.js";
import {byJob, reported, trainAll} from "../../src/components/live.js";
import type {TrainingRun} from "../../src/components/trainer.js";
import type {TrainJob} from "../../src/components/trainer-worker.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function snapshot(step: number, done: boolean): Snapshot {
  return {step, epoch: 0, learningRate: 0.1, loss: 1 / step, accuracy: null, testLoss: null, testAccuracy: null, gradNorms: null, weightNorm: null, done, diverged: null, message: null};
}

/** A stand-in run: `count` snapshots, one per task; fails instead of ending when `fail` is set. */
function fakeRun(count: number, {fail = false} = {}): TrainingRun & {cancelled: boolean} {
  let step = 0;
  const run = {
    cancelled: false,
    async next(): Promise<IteratorResult<Snapshot, undefined>> {
      await tick();
      if (run.cancelled) return {done: true, value: undefined};
      if (step === count) {
        if (fail) throw new Error("invalid width: 0");
        return {done: true, value: undefined};
      }
      ++step;
      return {done: false, value: snapshot(step, step === count)};
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

const jobs = (n: number) => Array.from({length: n}, () => ({}) as TrainJob);

describe("trainAll(jobs, {start})", () => {
  it("first yields empty histories at once, then every snapshot of every run, then ends with done", async () => {
    const runs = [fakeRun(3), fakeRun(5)];
    const live = trainAll(jobs(2), {start: () => runs.shift()!});
    const first = await live.next();
    expect(first.value).toEqual({histories: [[], []], errors: [null, null], done: false});
    const values = [];
    for await (const value of live) values.push(value);
    const last = values.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.histories.map((h) => h.map((s) => s.step))).toEqual([[1, 2, 3], [1, 2, 3, 4, 5]]);
    expect(values.slice(0, -1).every((v) => !v.done)).toBe(true);
    expect(await live.next()).toEqual({done: true, value: undefined});
  });

  it("hands out copies: a value does not change after it is yielded", async () => {
    const live = trainAll(jobs(1), {start: () => fakeRun(4)});
    const first = (await live.next()).value!;
    for await (const value of live) void value;
    expect(first.histories).toEqual([[]]);
  });

  it("reports a failed run's error in its place and keeps the others", async () => {
    const runs = [fakeRun(2, {fail: true}), fakeRun(2)];
    const live = trainAll(jobs(2), {start: () => runs.shift()!});
    let last;
    for await (const value of live) last = value;
    expect(last!.errors.map((e) => e?.message ?? null)).toEqual(["invalid width: 0", null]);
    expect(last!.histories.map((h) => h.length)).toEqual([2, 2]);
    expect(last!.done).toBe(true);
  });

  it("gathers the snapshots that arrive between two reads into one value (what paced relies on)", async () => {
    const live = trainAll(jobs(1), {start: () => fakeRun(30)});
    const sizes: number[] = [];
    for await (const value of live) {
      sizes.push(value.histories[0].length);
      await new Promise((resolve) => setTimeout(resolve, 20)); // a slow reader, as paced is
    }
    expect(sizes.at(-1)).toBe(30);
    expect(sizes.length).toBeLessThan(30); // several snapshots per value
    for (let i = 1; i < sizes.length; ++i) expect(sizes[i]).toBeGreaterThanOrEqual(sizes[i - 1]);
  });

  it("reports a job that cannot start as an error, in a later value, and still runs the others", async () => {
    const live = trainAll(jobs(2), {
      start: (() => {
        let calls = 0;
        return () => {
          if (++calls === 1) throw new RangeError("invalid model kind");
          return fakeRun(1);
        };
      })()
    });
    expect((await live.next()).value!.errors).toEqual([null, null]); // nothing started yet
    let last;
    for await (const value of live) last = value;
    expect(last!.errors[0]?.message).toBe("invalid model kind");
    expect(last!.errors[1]).toBeNull();
    expect(last!.histories).toEqual([[], [snapshot(1, true)]]);
    expect(last!.done).toBe(true);
  });

  it("hands out a start error even when nothing else changes after the first value", async () => {
    const live = trainAll(jobs(1), {
      start: () => {
        throw new RangeError("invalid model kind");
      }
    });
    const values = [];
    for await (const value of live) values.push(value);
    expect(values.map((v) => [v.errors[0]?.message ?? null, v.done])).toEqual([
      [null, false],
      ["invalid model kind", true]
    ]);
  });

  it("starts each job in a task of its own, in jobs order, after the calling task", async () => {
    const list = jobs(3);
    const calls: number[] = [];
    let busy = false; // a start ran in this task already (cleared once the task's microtasks run)
    let shared = false;
    const live = trainAll(list, {
      start: (job) => {
        if (busy) shared = true;
        busy = true;
        queueMicrotask(() => (busy = false));
        calls.push(list.indexOf(job));
        return fakeRun(2);
      }
    });
    expect(calls).toEqual([]); // nothing started in the calling task
    const first = await live.next();
    expect(first.value!.histories).toEqual([[], [], []]);
    let last;
    for await (const value of live) last = value;
    expect(calls).toEqual([0, 1, 2]);
    expect(shared).toBe(false);
    expect(last!.histories.map((h) => h.length)).toEqual([2, 2, 2]);
    expect(last!.done).toBe(true);
  });

  it("cancels every started run on return(), each in a later task, and ends the iteration", async () => {
    const runs = [fakeRun(1000), fakeRun(1000)];
    const started = [...runs];
    const live = trainAll(jobs(2), {start: () => runs.shift()!});
    await live.next();
    await live.next(); // a snapshot came: both jobs have had their turn
    expect(runs).toEqual([]);
    expect(await live.return()).toEqual({done: true, value: undefined});
    expect(started.map((run) => run.cancelled)).toEqual([false, false]); // not in return()'s own task
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started.map((run) => run.cancelled)).toEqual([true, true]);
    expect(await live.next()).toEqual({done: true, value: undefined});
  });

  it("never starts a job whose turn comes after return()", async () => {
    let calls = 0;
    const live = trainAll(jobs(3), {start: () => (++calls, fakeRun(1000))});
    await live.return();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(0);
    expect(await live.next()).toEqual({done: true, value: undefined});
  });

  it("runs at most `concurrency` jobs at once, each next one started in jobs order when a run ends", async () => {
    const list = jobs(5);
    const runs = list.map((_, i) => fakeRun(i + 1, {fail: i === 1}));
    const calls: number[] = [];
    let inFlight = 0;
    let most = 0;
    const live = trainAll(list, {
      concurrency: 2,
      start: (job) => {
        const i = list.indexOf(job);
        calls.push(i);
        most = Math.max(most, ++inFlight);
        const run = runs[i];
        const next = run.next.bind(run);
        run.next = async () => {
          try {
            const result = await next();
            if (result.done) --inFlight;
            return result;
          } catch (error) {
            --inFlight;
            throw error;
          }
        };
        return run;
      }
    });
    let last;
    for await (const value of live) last = value;
    expect(calls).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(last!.histories.map((h) => h.length)).toEqual([1, 2, 3, 4, 5]);
    expect(last!.errors.map((e) => e?.message ?? null)).toEqual([null, "invalid width: 0", null, null, null]);
    expect(last!.done).toBe(true);
  });

  it("never starts a waiting job after return()", async () => {
    let calls = 0;
    const live = trainAll(jobs(3), {concurrency: 1, start: () => (++calls, fakeRun(2))});
    await live.next();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toBe(1);
    await live.return();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(1);
  });

  it("refuses something that is not a list of jobs, or a bad concurrency", () => {
    expect(() => trainAll(null as never)).toThrow("invalid jobs: null (expected an array of training jobs)");
    expect(() => trainAll([], {concurrency: 0})).toThrow("invalid concurrency: 0 (expected an integer from 1 to 64)");
    expect(() => trainAll([], {concurrency: 2.5})).toThrow("invalid concurrency: 2.5 (expected an integer from 1 to 64)");
  });
});

describe("reported(live)", () => {
  it("is false while every history is empty, no run failed and some run goes on", () => {
    expect(reported({histories: [[], []], errors: [null, null], done: false})).toBe(false);
  });
  it("is true once a run has a snapshot, a run failed, or every run ended", () => {
    expect(reported({histories: [[], [snapshot(1, false)]], errors: [null, null], done: false})).toBe(true);
    expect(reported({histories: [[], []], errors: [new Error("invalid width: 0"), null], done: false})).toBe(true);
    expect(reported({histories: [[], []], errors: [null, null], done: true})).toBe(true);
  });
});

describe("byJob(jobs, live, make)", () => {
  const jobsByKey = {shallow: {train: {steps: 10}} as TrainJob, deep: {train: {steps: 20}} as TrainJob};
  it("makes each key's entry from its job, its snapshots, its error and the value's done, in the keys' order", () => {
    const error = new Error("invalid depth: 0");
    const named = byJob(jobsByKey, {histories: [[snapshot(1, false)], []], errors: [null, error], done: false}, (job, snapshots, e, done) => ({steps: job.train!.steps, count: snapshots.length, error: e, done}));
    expect(named).toEqual({shallow: {steps: 10, count: 1, error: null, done: false}, deep: {steps: 20, count: 0, error, done: false}});
  });
  it("refuses a value that does not hold one run per job", () => {
    expect(() => byJob(jobsByKey, {histories: [[]], errors: [null], done: true}, () => 0)).toThrow("invalid histories: 1 runs (expected one per job: 2)");
  });
});
