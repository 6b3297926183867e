// Train several networks at once, each in its own worker (trainInWorker), and see the runs as one
// value that grows as snapshots arrive. A page cell's value:
//   const runs = trainOptions({A: jobA, B: jobB, C: jobC});          // one run per option
//   const spread = trainRuns(seedJobs(...), {concurrency: 3});         // options × seeds, three at a time
// Framework calls return() when the cell is invalidated (a knob moved, the page left): every worker stops.
import type {Dataset, ResNetSpec, Snapshot} from "../lib/index.js";
import {trainInWorker, type TrainJob, type TrainingRun} from "./trainer.js";
import {optionNames, type OptionName} from "./shortcut-style.js";

export interface OptionRun {
  /** Every snapshot so far, in order. */
  snapshots: Snapshot[];
  /** The run has ended: all steps taken, diverged, or failed. */
  done: boolean;
  /** Why the worker failed, or null. (Divergence is not a failure: it is in the last snapshot.) */
  error: string | null;
}

export type OptionRuns = Record<OptionName, OptionRun>;

export interface RunsIterator<K extends string> extends AsyncIterableIterator<Record<K, OptionRun>> {
  next(): Promise<IteratorResult<Record<K, OptionRun>, undefined>>;
  /** Stops every worker and ends the iteration. */
  return(): Promise<IteratorResult<Record<K, OptionRun>, undefined>>;
}

export interface TrainRunsOptions {
  /** Runs in flight at once (the rest wait their turn, in key order), 1 to 64. Default: all of them. */
  concurrency?: number;
  /** How a run is started; default trainInWorker (tests pass a fake). */
  start?: (job: TrainJob) => TrainingRun;
}

/**
 * Starts the jobs (at most `concurrency` at a time, in key order, one per main-thread task) and yields all runs together: first
 * at once with no snapshots (so a figure can say it is waiting), then once per snapshot from any run,
 * until every run is done. Each yield is a new object (the arrays inside are copies), so a cell
 * re-renders on every one.
 */
export function trainRuns<K extends string>(jobs: Record<K, TrainJob>, {concurrency, start = trainInWorker}: TrainRunsOptions = {}): RunsIterator<K> {
  const keys = Object.keys(jobs) as K[];
  const limit = concurrency ?? keys.length;
  if (!Number.isInteger(limit) || limit < 1 || limit > 64) throw new RangeError(`invalid concurrency: ${concurrency} (expected an integer from 1 to 64)`);
  const state = Object.fromEntries(keys.map((k) => [k, {snapshots: [], done: false, error: null}])) as unknown as Record<K, OptionRun>;
  const runs = new Map<K, TrainingRun>();
  // One pending next() per run in flight, each tagged with its key.
  type Arrival = {key: K; result?: IteratorResult<Snapshot, undefined>; error?: unknown};
  const pending = new Map<K, Promise<Arrival>>();
  const ask = (key: K) =>
    pending.set(
      key,
      runs.get(key)!.next().then(
        (result) => ({key, result}),
        (error) => ({key, error})
      )
    );
  // Starts take turns, one per main-thread task: a start makes a worker and copies the job's data
  // (the digits) into it, so three at once made one task three times as long (issue 7). The first
  // start waits for nobody; the rest follow in key order, a task apart.
  const starts: (() => void)[] = [];
  let starting = false;
  const nextStart = () => {
    const begin = starts.shift();
    if (!begin) return void (starting = false);
    begin();
    setTimeout(nextStart, 0); // the next one, if any, a task later
  };
  const schedule = (begin: () => void) => {
    starts.push(begin);
    if (!starting) {
      starting = true;
      nextStart();
    }
  };
  let queued = 0; // keys[queued] is the next job to start
  const launch = () => {
    while (runs.size - countDone() < limit && queued < keys.length) {
      const key = keys[queued++];
      runs.set(key, startInTurn(schedule, () => start(jobs[key])));
      ask(key);
    }
  };
  const countDone = () => keys.filter((k) => runs.has(k) && state[k].done).length;
  let first = true;
  let stopped = false;

  const view = () => Object.fromEntries(keys.map((k) => [k, {...state[k], snapshots: state[k].snapshots.slice()}])) as unknown as Record<K, OptionRun>;

  const stop = () => {
    stopped = true;
    for (const run of runs.values()) run.cancel();
    pending.clear();
  };

  launch();
  const iterator: RunsIterator<K> = {
    async next() {
      if (first) {
        first = false;
        return {done: false, value: view()};
      }
      while (!stopped && pending.size > 0) {
        const {key, result, error} = await Promise.race(pending.values());
        if (stopped) break;
        pending.delete(key);
        const run = state[key];
        if (error !== undefined) {
          run.done = true;
          run.error = error instanceof Error ? error.message : String(error);
        } else if (result!.done) {
          run.done = true;
        } else {
          run.snapshots.push(result!.value);
          if (result!.value.done) run.done = true;
          else ask(key);
        }
        if (run.done) {
          runs.get(key)!.cancel(); // its worker is finished with; free it now
          launch(); // and give its slot to the next job
        }
        return {done: false, value: view()};
      }
      stop();
      return {done: true, value: undefined};
    },
    async return() {
      stop();
      return {done: true, value: undefined};
    },
    [Symbol.asyncIterator]() {
      return iterator;
    }
  };
  return iterator;
}

/**
 * A run started when `schedule` gets to it: until then next() waits, and a run cancelled before its
 * turn never starts.
 */
function startInTurn(schedule: (begin: () => void) => void, begin: () => TrainingRun): TrainingRun {
  let run: TrainingRun | null = null;
  let cancelled = false;
  const started = new Promise<TrainingRun | null>((resolve) =>
    schedule(() => {
      if (!cancelled) run = begin();
      resolve(run);
    })
  );
  const done = (): IteratorResult<Snapshot, undefined> => ({done: true, value: undefined});
  const inTurn: TrainingRun = {
    next: () => started.then((r) => (r ? r.next() : done())),
    return() {
      inTurn.cancel();
      return Promise.resolve(done());
    },
    cancel() {
      cancelled = true;
      run?.cancel();
    },
    [Symbol.asyncIterator]() {
      return inTurn;
    }
  };
  return inTurn;
}

/** One run per option, all three at once: trainRuns over {A, B, C}. */
export function trainOptions(jobs: Record<OptionName, TrainJob>, {start = trainInWorker}: {start?: (job: TrainJob) => TrainingRun} = {}): RunsIterator<OptionName> {
  return trainRuns(jobs, {start});
}

export interface ShortcutJobsOptions {
  /** Optimiser steps per run. */
  steps: number;
  /** SGD learning rate (momentum 0.9). */
  learningRate: number;
  /** Seeds the weights (shared by the three networks) and the minibatch order (shared too). */
  seed: number;
  /** Examples per step; default 32. */
  batchSize?: number;
  /** Steps between snapshots (each evaluates the test set); default 20. */
  every?: number;
}

/**
 * One training job per option for the same ResNet spec: same seed, so the three networks share every
 * branch weight and see the same minibatches, and differ only in their shortcuts.
 */
export function shortcutJobs(spec: Omit<ResNetSpec, "shortcut" | "seed">, data: Dataset, test: Dataset, {steps, learningRate, seed, batchSize = 32, every = 20}: ShortcutJobsOptions): Record<OptionName, TrainJob> {
  const job = (shortcut: OptionName): TrainJob => ({
    model: {kind: "resnet", spec: {...spec, shortcut, seed}},
    data,
    test,
    train: {steps, batchSize, every, seed, optimizer: {kind: "sgd", learningRate, momentum: 0.9}}
  });
  return {A: job("A"), B: job("B"), C: job("C")};
}

/** A key of seedJobs: option and seed, "B:2". */
export type SeedKey = `${OptionName}:${number}`;

/**
 * shortcutJobs for seeds 0 to seeds − 1, keyed "A:0", "B:0", "C:0", "A:1", …: seed by seed, so that
 * with trainRuns' concurrency 3 every option has as many finished runs as the others, give or take one.
 * Snapshots only at the end (every = steps): the comparison needs final accuracies only.
 */
export function seedJobs(spec: Omit<ResNetSpec, "shortcut" | "seed">, data: Dataset, test: Dataset, {seeds, ...options}: Omit<ShortcutJobsOptions, "seed" | "every"> & {seeds: number}): Record<SeedKey, TrainJob> {
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 64) throw new RangeError(`invalid seeds: ${seeds} (expected an integer from 1 to 64)`);
  const jobs = {} as Record<SeedKey, TrainJob>;
  for (let seed = 0; seed < seeds; ++seed) {
    const bySeed = shortcutJobs(spec, data, test, {...options, seed, every: options.steps});
    for (const option of optionNames) jobs[`${option}:${seed}`] = bySeed[option];
  }
  return jobs;
}
