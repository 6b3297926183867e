/**
 * Several training runs at once, as one live value: trainAll(jobs) starts one worker per job (via
 * trainInWorker; all at once, or `concurrency` at a time) and returns an async iterator whose values are every run's snapshots so far. A page
 * makes it the value of a generator cell, so figures redraw as snapshots arrive; Framework calls
 * return() when the cell is invalidated (a knob moved, the page left), which stops every worker.
 *
 * Each job starts, and each run stops, in a main-thread task of its own (setTimeout 0, in jobs order),
 * never in the task that called trainAll or return(): starting a worker and posting it its data costs
 * the main thread a few milliseconds, stopping one a few more, and that task is the one that also
 * recomputes the page after a knob moved. Eight runs then cost eight short tasks, not one long one.
 *
 * trainAll hands out a value as soon as there is news; the page's pace (a few redraws a second, never
 * two figures in one frame) is pace.ts's paced, which asks for the next value only when the figure
 * may redraw, snapshots arriving meanwhile joining that value:
 *
 *   const live = paced(trainAll(jobs, {pauseOffscreen: "#curves"}));          // a cell
 *   ${later(() => fit((width) => Curves(live.histories, {width})))}          // redrawn on each value
 */
import type {Snapshot} from "../lib/index.js";
import {trainInWorker, type TrainingRun} from "./trainer.js";
import type {TrainJob} from "./trainer-worker.js";
import {pauseOffscreen, type Target} from "./visible.js";

export interface LiveTraining {
  /** histories[i]: the snapshots of jobs[i] so far, oldest first. */
  histories: Snapshot[][];
  /** errors[i]: the error that stopped jobs[i] (a bad job, a crashed worker), or null. */
  errors: (Error | null)[];
  /** Every run has ended (finished, diverged or failed). */
  done: boolean;
}

/**
 * Whether the runs have reported anything yet: a snapshot, an error, or the end of every run. Until
 * then trainAll's values hold only empty histories, and a page can show a line of text in place of
 * its chart: an empty chart costs as much to draw as a full one, in the very window where the knob
 * that started the runs has just recomputed the page.
 */
export function reported({histories, errors, done}: LiveTraining): boolean {
  return done || histories.some((history) => history.length > 0) || errors.some((error) => error !== null);
}

/**
 * trainAll's runs named by the keys of the jobs they came from: for the value of
 * trainAll(Object.values(jobs)), each key's entry is make(job, its snapshots, its error, done), done
 * being the value's (every run has ended). Figures that draw named runs read this.
 */
export function byJob<K extends string, T>(jobs: Readonly<Record<K, TrainJob>>, {histories, errors, done}: LiveTraining, make: (job: TrainJob, snapshots: Snapshot[], error: Error | null, done: boolean) => T): Record<K, T> {
  const keys = Object.keys(jobs) as K[];
  if (histories?.length !== keys.length) throw new Error(`invalid histories: ${histories?.length} runs (expected one per job: ${keys.length})`);
  return Object.fromEntries(keys.map((key, i) => [key, make(jobs[key], histories[i], errors[i], done)])) as Record<K, T>;
}

export interface TrainAllOptions {
  /** Starts one job; default trainInWorker. (Tests pass an in-thread stand-in.) */
  start?: (job: TrainJob) => TrainingRun;
  /**
   * The figure the runs are drawn in (an element or a CSS selector): while it is out of view, no
   * snapshot is taken, so the workers pause too (see visible.ts). Default: none, never paused.
   */
  pauseOffscreen?: Target;
  /**
   * The most runs in flight at once, 1 to 64: the others wait their turn in jobs order, each started
   * (in a task of its own) when a run ends. Default: every job at once.
   */
  concurrency?: number;
}

export interface LiveRuns extends AsyncIterableIterator<LiveTraining> {
  /** Stops every run now and ends the iteration. */
  return(): Promise<IteratorResult<LiveTraining, undefined>>;
}

/**
 * Runs every job at once, each started in a task of its own (see the module comment). The first
 * value (all histories empty) comes at once, so a figure can show the run starting; after that, each
 * next() resolves when at least one new snapshot (or the end of a run) has arrived since the last
 * value. The last value has done = true; then the iteration ends.
 */
export function trainAll(jobs: readonly TrainJob[], {start = (job) => trainInWorker(job), pauseOffscreen: figure, concurrency}: TrainAllOptions = {}): LiveRuns {
  if (!Array.isArray(jobs)) throw new TypeError(`invalid jobs: ${String(jobs)} (expected an array of training jobs)`);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) throw new RangeError(`invalid concurrency: ${concurrency} (expected an integer from 1 to 64)`);
  const histories: Snapshot[][] = jobs.map(() => []);
  const errors: (Error | null)[] = jobs.map(() => null);
  let running = jobs.length;
  let fresh = true; // something not yet handed out; the empty start counts
  let stopped = false;
  let wake: (() => void) | null = null;

  const changed = () => {
    fresh = true;
    const w = wake;
    wake = null;
    w?.();
  };

  // Each run started, and the source its snapshots are taken from (the run, or the run seen through
  // pauseOffscreen, which is returned too).
  const started: {run: TrainingRun; source: AsyncIterator<Snapshot, undefined>}[] = [];
  const begin = (job: TrainJob, i: number) => {
    if (stopped) {
      --running; // stopped before its turn came: never started
      return;
    }
    try {
      const run = start(job);
      const source = figure === undefined ? run : pauseOffscreen(run, figure);
      started.push({run, source});
      void pump(source, i);
    } catch (error) {
      errors[i] = error instanceof Error ? error : new Error(String(error));
      --running;
      changed(); // a value already handed out did not know of this error
      startNext();
    }
  };
  // The first `concurrency` jobs are given their turns now, the next one whenever a run ends.
  let queued = 0; // jobs[queued] is the next job to be given a turn
  const startNext = () => {
    if (stopped || queued >= jobs.length) return;
    const i = queued++;
    setTimeout(() => begin(jobs[i], i), 0);
  };
  for (let k = Math.min(concurrency ?? jobs.length, jobs.length); k > 0; --k) startNext();

  // Takes snapshots from one run as fast as they come, so no worker waits on the page.
  async function pump(run: AsyncIterator<Snapshot, undefined>, i: number): Promise<void> {
    try {
      for (let r = await run.next(); !r.done && !stopped; r = await run.next()) {
        histories[i].push(r.value);
        changed();
      }
    } catch (error) {
      errors[i] = error instanceof Error ? error : new Error(String(error));
    } finally {
      --running;
      changed();
      startNext();
    }
  }

  const end = (): IteratorResult<LiveTraining, undefined> => ({done: true, value: undefined});
  const live: LiveRuns = {
    async next() {
      while (!stopped && !fresh && running > 0) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped || !fresh) return end();
      fresh = false;
      return {done: false, value: {histories: histories.map((h) => h.slice()), errors: errors.slice(), done: running === 0}};
    },
    return() {
      if (!stopped) {
        stopped = true;
        const stop = ({run, source}: (typeof started)[number]) => {
          run.cancel();
          if (source !== run) void source.return?.();
        };
        for (const one of started) setTimeout(() => stop(one), 0);
        const w = wake;
        wake = null;
        w?.();
      }
      return Promise.resolve(end());
    },
    [Symbol.asyncIterator]() {
      return live;
    }
  };
  return live;
}
