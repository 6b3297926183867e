/**
 * Several training runs in workers as one live value: trainRuns({a: job, b: job}) starts each job with
 * trainInWorker and yields {a: state, b: state} whenever a run has news (see merge-latest.ts). A state keeps
 * the run's loss curve and says whether it finished, diverged or failed, so a figure never meets a
 * NaN and a bad job shows its message instead of breaking the page.
 */
import type {Snapshot} from "../lib/index.js";
import {mergeLatest, type LiveRun} from "./merge-latest.js";
import {trainInWorker, type TrainJob} from "./trainer.js";
import {pauseOffscreen, type Target} from "./visible.js";

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

export function runStart(job: TrainJob): RunState {
  return {steps: job.train?.steps ?? 0, points: [], step: 0, diverged: null, error: null, done: false};
}

/** The state after one more snapshot (a new object; the old one is left as it was). */
export function addSnapshot(state: RunState, snapshot: Snapshot): RunState {
  const points = snapshot.loss === null ? state.points : [...state.points, {step: snapshot.step, loss: snapshot.loss}];
  return {...state, points, step: snapshot.step, diverged: snapshot.message ?? state.diverged, done: snapshot.done};
}

/**
 * One run's states, its errors turned into a last state that carries the message. return() returns
 * the worker's run at once, even while a next() waits on it.
 */
function states(job: TrainJob, start: (job: TrainJob) => AsyncIterator<Snapshot>): AsyncIterator<RunState> {
  let state = runStart(job);
  let run: AsyncIterator<Snapshot> | null = null;
  let finished = false;
  const end = (): IteratorResult<RunState, undefined> => ({done: true, value: undefined});
  return {
    async next() {
      if (finished) return end();
      try {
        run ??= start(job);
        const next = await run.next();
        if (!next.done) return {done: false, value: (state = addSnapshot(state, next.value))};
        finished = true;
        return state.done ? end() : {done: false, value: (state = {...state, done: true})};
      } catch (error) {
        finished = true;
        return {done: false, value: (state = {...state, error: error instanceof Error ? error.message : String(error), done: true})};
      }
    },
    async return() {
      finished = true;
      await run?.return?.();
      return end();
    }
  };
}

export interface TrainRunsOptions {
  /** Starts one job; default trainInWorker. (Tests pass an in-thread stand-in.) */
  start?: (job: TrainJob) => AsyncIterator<Snapshot>;
  /**
   * The figure the runs are drawn in (an element or a CSS selector): while it is out of view, no
   * snapshot is taken, so the workers pause too (see visible.ts). Default: none, never paused.
   */
  pauseOffscreen?: Target;
}

/** Runs each job in its own worker; see the module comment. */
export function trainRuns<K extends string>(jobs: Record<K, TrainJob>, {start = trainInWorker, pauseOffscreen: figure}: TrainRunsOptions = {}): LiveRun<Record<K, RunState>> {
  const keys = Object.keys(jobs) as K[];
  const begin = figure === undefined ? start : (job: TrainJob) => pauseOffscreen<Snapshot>({[Symbol.asyncIterator]: () => start(job)}, figure);
  const sources = Object.fromEntries(keys.map((key) => [key, states(jobs[key], begin)])) as Record<K, AsyncIterator<RunState>>;
  const initial = Object.fromEntries(keys.map((key) => [key, runStart(jobs[key])])) as Record<K, RunState>;
  return mergeLatest(sources, initial);
}
