// The /projection runs: one training job per shortcut option (shortcutJobs) or per option and seed
// (seedJobs), trained with trainAll, and optionRuns, which names trainAll's runs by their jobs' keys
// for ShortcutCurves and SeedSpread. A page cell's value:
//   const jobs = shortcutJobs(spec, train, test, {steps, learningRate, seed});
//   const live = paced(trainAll(Object.values(jobs), {pauseOffscreen: "#figure"}));
//   ... ShortcutCurves(optionRuns(jobs, live), {...})
import type {Dataset, ResNetSpec, Snapshot} from "../lib/index.js";
import {byJob, type LiveTraining} from "./live.js";
import type {TrainJob} from "./trainer.js";
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

/** One run as the figures read it: its snapshots so far, whether it has ended, its error message. */
export function optionRun(_job: TrainJob, snapshots: Snapshot[], error: Error | null, ended = false): OptionRun {
  return {snapshots, done: ended || error !== null || (snapshots.at(-1)?.done ?? false), error: error?.message ?? null};
}

/** Each job's run, by the job's key, from trainAll's value for Object.values(jobs) (see byJob). */
export function optionRuns<K extends string>(jobs: Readonly<Record<K, TrainJob>>, live: LiveTraining): Record<K, OptionRun> {
  return byJob(jobs, live, optionRun);
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
 * with trainAll's concurrency 3 every option has as many finished runs as the others, give or take one.
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
