/**
 * pace: a training figure redraws at a reader's pace, not a worker's. paced(live) passes a live value
 * (trainAll's, or landscapesInWorkers': sources that merge the news arriving between two reads) on at
 * most once every `every` milliseconds, and never in the same animation frame as another paced
 * figure of the page: Framework recomputes every cell whose generator has news in one frame, so two
 * figures redrawn together cost the sum of both in one main-thread task, past the 50 ms a frame may
 * take (issue 7). Snapshots keep arriving meanwhile and are merged by the source, so no news is lost:
 * a figure is at most `every` ms behind its runs, and its last value always comes.
 *
 *   const live = paced(trainAll(jobs, {pauseOffscreen: "#loss-figure"}));
 *
 * paced() asks its source for a value only when it is ready to pass one on, so the source must merge
 * what arrives in between (trainAll and mergeLatest do). A source that hands out one value
 * per next() instead (a compute worker's, which computes only a few values beyond those taken) is
 * wrapped in keepNewest first: it takes the values as fast as they come and keeps the newest, so the
 * worker never waits on the page's pace.
 *
 *   const sweep = paced(keepNewest(computeInWorker(task, args), {pauseOffscreen: "#sweep-figure"}));
 */
import {visible, type Target} from "./visible.js";

/** Milliseconds between two figures' redraws, page-wide: over two frames at 60 Hz, so they never share one. */
export const figureGap = 50;

// The page's figures waiting for their turn to redraw, first come first served. State of the page's
// main thread, not of any one figure: one queue per page is the point.
const turns: (() => void)[] = [];
let lastTurn = -Infinity;
let ticking = false;

const now = () => performance.now();
const nextFrame = (callback: () => void) => (typeof requestAnimationFrame === "function" ? requestAnimationFrame(callback) : setTimeout(callback, 16));

/** Grants the first waiting figure its turn, on an animation frame at least figureGap ms after the last turn. */
function tick(): void {
  if (ticking || turns.length === 0) return;
  ticking = true;
  nextFrame(() => {
    ticking = false;
    if (turns.length > 0 && now() - lastTurn >= figureGap) {
      lastTurn = now();
      turns.shift()!();
    }
    tick();
  });
}

/** Resolves when it is this figure's turn to redraw, or at once when `signal` aborts. */
function turn(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const go = () => {
      signal.removeEventListener("abort", cancel);
      resolve();
    };
    const cancel = () => {
      const i = turns.indexOf(go);
      if (i >= 0) turns.splice(i, 1);
      resolve();
    };
    signal.addEventListener("abort", cancel, {once: true});
    turns.push(go);
    tick();
  });
}

/**
 * Resolves with `value` (awaited) in a frame of its own, taking its turn with the page's paced
 * figures: a figure computed in a worker then never redraws in the same frame as a training one.
 *   const norms = inTurn(run.result.then(([plain, residual]) => ({plain, residual}), (error) => error));
 */
export async function inTurn<T>(value: T | PromiseLike<T>): Promise<T> {
  const settled = await value;
  await turn(new AbortController().signal);
  return settled;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, {once: true});
  });
}

export interface PacedOptions {
  /** Least milliseconds between two values, 0 to 10,000; default 250 (four redraws a second). */
  every?: number;
}

/**
 * Passes `source`'s values on, each after at least `every` ms since the last and in a frame of its
 * own (see the module comment). The first value goes at once (in its turn). return() (Framework
 * calls it when the cell is invalidated) returns the source at once, even mid-wait.
 */
export function paced<T>(source: AsyncIterator<T>, {every = 250}: PacedOptions = {}): AsyncIterableIterator<T> & {return(): Promise<IteratorResult<T, undefined>>} {
  if (!(Number.isFinite(every) && every >= 0 && every <= 10_000)) throw new RangeError(`invalid every: ${every} (expected a number of milliseconds from 0 to 10000)`);
  const stop = new AbortController();
  let last = -Infinity;
  const done = (): IteratorResult<T, undefined> => ({done: true, value: undefined});
  const run = {
    async next(): Promise<IteratorResult<T, undefined>> {
      await sleep(last + every - now(), stop.signal); // the source merges what arrives meanwhile
      if (stop.signal.aborted) return done();
      const result = await source.next();
      if (result.done || stop.signal.aborted) return stop.signal.aborted ? done() : (result as IteratorResult<T, undefined>);
      await turn(stop.signal);
      last = now();
      return stop.signal.aborted ? done() : result;
    },
    async return(): Promise<IteratorResult<T, undefined>> {
      stop.abort();
      await source.return?.();
      return done();
    },
    [Symbol.asyncIterator]() {
      return run;
    }
  };
  return run;
}

export interface KeepNewestOptions {
  /**
   * The figure the values are drawn in (an element or a CSS selector): while it is out of view the
   * source is not asked for values (a worker that computes only a few ahead pauses) and no value is
   * handed on, but the first, which comes at once so the figure's cell renders below the fold.
   * Default: none, never paused.
   */
  pauseOffscreen?: Target;
  /**
   * The first value waits for the figure to be in view too. Default false. For a task started by what
   * the figure itself shows (a run that ended in view), whose first value would change it out of view.
   */
  firstInView?: boolean;
}

/**
 * Makes `source` a source that merges news, for paced(): takes its values as fast as it gives them
 * (while the figure is in view, see pauseOffscreen), and next() resolves with the newest value not yet
 * handed on, dropping the ones it replaced; values are whole states (a run so far), so nothing is lost.
 * The source's last value always comes, then its error if it threw, then the end. return() returns
 * the source at once, even mid-wait. One reader at a time.
 */
export function keepNewest<T>(source: AsyncIterator<T>, {pauseOffscreen: figure, firstInView = false}: KeepNewestOptions = {}): AsyncIterableIterator<T> & {return(): Promise<IteratorResult<T, undefined>>} {
  const stop = new AbortController();
  let newest: {value: T} | null = null; // taken from the source, not yet handed on
  let failure: {error: unknown} | null = null;
  let ended = false;
  let handed = false; // a value has been handed on: the first one need not wait for the view
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const done = (): IteratorResult<T, undefined> => ({done: true, value: undefined});
  // Resolves when the figure is in view (at once without one, for a free first value, or on return()).
  const inView = (free: boolean) => (figure === undefined || free ? Promise.resolve() : visible(figure, {signal: stop.signal}));

  // Takes the source's values as they come, each pull after the first one only while the figure is in view.
  void (async () => {
    try {
      for (let free = !firstInView; ; free = false) {
        await inView(free);
        if (stop.signal.aborted) return;
        const result = await source.next();
        if (stop.signal.aborted) return;
        if (result.done) break;
        newest = {value: result.value};
        notify();
      }
    } catch (error) {
      if (stop.signal.aborted) return;
      failure = {error};
    }
    ended = true;
    notify();
  })();

  const run = {
    async next(): Promise<IteratorResult<T, undefined>> {
      while (!stop.signal.aborted && newest === null && !ended) await new Promise<void>((resolve) => (wake = resolve));
      // A value taken just before the figure left the view is held until it is back, so nothing out of view changes.
      if (newest !== null) await inView(!handed && !firstInView);
      if (stop.signal.aborted) return done();
      if (newest !== null) {
        const {value} = newest;
        newest = null;
        handed = true;
        return {done: false, value};
      }
      if (failure !== null) {
        const {error} = failure;
        failure = null;
        throw error;
      }
      return done();
    },
    async return(): Promise<IteratorResult<T, undefined>> {
      stop.abort();
      notify();
      await source.return?.();
      return done();
    },
    [Symbol.asyncIterator]() {
      return run;
    }
  };
  return run;
}
