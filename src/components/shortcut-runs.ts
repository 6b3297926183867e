// Train one network per shortcut option at once, each in its own worker (trainInWorker), and see the
// three runs as one value that grows as snapshots arrive. A page cell's value:
//   const runs = trainOptions({A: jobA, B: jobB, C: jobC});
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

export interface OptionRunsIterator extends AsyncIterableIterator<OptionRuns> {
  next(): Promise<IteratorResult<OptionRuns, undefined>>;
  /** Stops every worker and ends the iteration. */
  return(): Promise<IteratorResult<OptionRuns, undefined>>;
}

/**
 * Starts a worker per option and yields the runs together: first at once with no snapshots (so the
 * figure can say it is waiting), then once per snapshot from any of them, until all three are done.
 * Each yield is a new object (the arrays inside are copies), so a cell re-renders on every one.
 * @param start how a run is started; default trainInWorker (tests pass a fake)
 */
export function trainOptions(jobs: Record<OptionName, TrainJob>, {start = trainInWorker}: {start?: (job: TrainJob) => TrainingRun} = {}): OptionRunsIterator {
  const state = Object.fromEntries(optionNames.map((o) => [o, {snapshots: [], done: false, error: null}])) as unknown as OptionRuns;
  const runs = Object.fromEntries(optionNames.map((o) => [o, start(jobs[o])])) as Record<OptionName, TrainingRun>;
  // One pending next() per unfinished run, each tagged with its option.
  type Arrival = {option: OptionName; result?: IteratorResult<Snapshot, undefined>; error?: unknown};
  const pending = new Map<OptionName, Promise<Arrival>>();
  const ask = (option: OptionName) =>
    pending.set(
      option,
      runs[option].next().then(
        (result) => ({option, result}),
        (error) => ({option, error})
      )
    );
  optionNames.forEach(ask);
  let first = true;
  let stopped = false;

  const view = (): OptionRuns =>
    Object.fromEntries(optionNames.map((o) => [o, {...state[o], snapshots: state[o].snapshots.slice()}])) as unknown as OptionRuns;

  const stop = () => {
    stopped = true;
    for (const o of optionNames) runs[o].cancel();
    pending.clear();
  };

  const iterator: OptionRunsIterator = {
    async next() {
      if (first) {
        first = false;
        return {done: false, value: view()};
      }
      while (!stopped && pending.size > 0) {
        const {option, result, error} = await Promise.race(pending.values());
        if (stopped) break;
        pending.delete(option);
        const run = state[option];
        if (error !== undefined) {
          run.done = true;
          run.error = error instanceof Error ? error.message : String(error);
        } else if (result!.done) {
          run.done = true;
        } else {
          run.snapshots.push(result!.value);
          if (result!.value.done) run.done = true;
          else ask(option);
        }
        if (run.done) runs[option].cancel(); // its worker is finished with; free it now
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
