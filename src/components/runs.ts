/**
 * What a loss-curve figure draws of one training run: runState turns a run's snapshots so far (as
 * trainAll hands them out) into its loss curve and says whether it finished, diverged or failed, so a
 * figure never meets a NaN and a bad job shows its message instead of breaking the page. runStates
 * names trainAll's runs by the keys of the jobs they came from:
 *
 *   const jobs = {shallow: jobA, deep: jobB};
 *   const live = paced(trainAll(Object.values(jobs), {pauseOffscreen: "#curves"}));   // a cell
 *   ${LossCurves(runStates(jobs, live), {...})}
 */
import type {Snapshot} from "../lib/index.js";
import {byJob, type LiveTraining} from "./live.js";
import type {TrainJob} from "./trainer.js";
export interface RunState {
  /** Steps planned. */
  steps: number;
  /** The mean training loss over each snapshot's steps, at the step it ends on (finite values only). */
  points: {step: number; loss: number}[];
  /** Steps taken so far. */
  step: number;
  /** "diverged at step N", or null. */
  diverged: string | null;
  /** The run's error message (a bad job, a failed worker), or null. */
  error: string | null;
  /** All steps taken, diverged or failed. */
  done: boolean;
}

/**
 * One run's state after `snapshots` (oldest first), stopped by `error` (a bad job, a failed worker) or
 * not; `ended` says the run has ended even without a last snapshot (trainAll's `done`: every run has).
 * Computed afresh from the snapshots at each value, in one pass: the points are the finite losses, the
 * divergence message the last one given, step and done the last snapshot's.
 */
export function runState(job: TrainJob, snapshots: readonly Snapshot[], error: Error | null = null, ended = false): RunState {
  const points: RunState["points"] = [];
  let diverged: string | null = null;
  for (const {step, loss, message} of snapshots) {
    if (loss !== null) points.push({step, loss});
    diverged = message ?? diverged;
  }
  const last = snapshots.at(-1);
  const state = {steps: job.train?.steps ?? 0, points, step: last?.step ?? 0, diverged, error: null, done: last?.done ?? false};
  return error === null ? {...state, done: state.done || ended} : {...state, error: error.message, done: true};
}

/** Each job's run state, by the job's key, from trainAll's value for Object.values(jobs) (see byJob). */
export function runStates<K extends string>(jobs: Readonly<Record<K, TrainJob>>, live: LiveTraining): Record<K, RunState> {
  return byJob(jobs, live, runState);
}
