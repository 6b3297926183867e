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

/** A run before its first snapshot. */
export function runStart(job: TrainJob): RunState {
  return {steps: job.train?.steps ?? 0, points: [], step: 0, diverged: null, error: null, done: false};
}

/** The state after one more snapshot (a new object; the old one is left as it was). */
export function addSnapshot(state: RunState, snapshot: Snapshot): RunState {
  const points = snapshot.loss === null ? state.points : [...state.points, {step: snapshot.step, loss: snapshot.loss}];
  return {...state, points, step: snapshot.step, diverged: snapshot.message ?? state.diverged, done: snapshot.done};
}

/**
 * One run's state after `snapshots` (oldest first), stopped by `error` (a bad job, a failed worker) or
 * not; `ended` says the run has ended even without a last snapshot (trainAll's `done`: every run has).
 */
export function runState(job: TrainJob, snapshots: readonly Snapshot[], error: Error | null = null, ended = false): RunState {
  const state = snapshots.reduce(addSnapshot, runStart(job));
  return error === null ? (ended && !state.done ? {...state, done: true} : state) : {...state, error: error.message, done: true};
}

/** Each job's run state, by the job's key, from trainAll's value for Object.values(jobs) (see byJob). */
export function runStates<K extends string>(jobs: Readonly<Record<K, TrainJob>>, live: LiveTraining): Record<K, RunState> {
  return byJob(jobs, live, runState);
}
