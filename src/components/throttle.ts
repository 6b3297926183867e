// throttle: redraw a live figure a few times a second, not once per value. A worker can send dozens
// of snapshots a second, and Framework redraws every cell that reads a generator's value each time it
// takes one; a Plot chart with hundreds of marks costs tens of milliseconds, so redrawing per value
// keeps the main thread busy past a frame's budget. throttle takes the source's values as fast as they
// come (training is not slowed) and hands on only the latest, at most once per `interval`.
//
//   const runs = throttle(pauseOffscreen(trainRuns(jobs), "#curves"));   // a cell's value
//   const runs = liveFigure(trainRuns(jobs), "#curves");                  // the same, first value at once
//
// Wrap pauseOffscreen inside throttle, as above: throttle keeps asking for values, and pauseOffscreen
// is what stops asking while the figure is out of view. liveFigure does both, and lets the first value
// through at once so the figure's cell renders even below the fold.
import {pauseOffscreen, visible, type Target} from "./visible.js";

export interface ThrottleOptions {
  /** The shortest time between two values handed on, in ms. Default 250 (four redraws a second). */
  interval?: number;
  /**
   * Awaited before each value after the first is handed on (the newest one is handed on then); its
   * signal aborts when the throttle is returned. liveFigure waits here for the figure to be in view,
   * so a value taken just before the figure left the view is not drawn out of view. Default: none.
   */
  ready?: (signal: AbortSignal) => Promise<unknown>;
}

/**
 * Passes on `source`'s latest value at most once per `interval` ms: the first value at once (after one
 * task), the last
 * one always (when the source ends, what it last gave is handed on before the end). Values in between
 * that a newer one replaced are dropped. An error from the source is thrown from next() once the values
 * before it have been handed on. return() (Framework calls it when the cell is invalidated) returns the
 * source at once.
 */
export function throttle<T>(source: AsyncIterable<T> | Iterable<T>, {interval = 250, ready}: ThrottleOptions = {}): AsyncIterableIterator<T> {
  if (!(interval >= 0 && interval <= 60_000)) throw new RangeError(`invalid interval: ${interval} (expected a number of ms from 0 to 60000)`);
  const iterator: AsyncIterator<T> | Iterator<T> = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let latest: {value: T} | null = null; // taken from the source, not yet handed on
  let ended = false;
  let failure: {error: unknown} | null = null;
  let stopped = false;
  let last = -Infinity; // when the last value was handed on (performance.now())
  let wake: (() => void) | null = null;
  const halt = new AbortController(); // aborts a pending ready() on return()
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const done = (): IteratorResult<T, undefined> => ({done: true, value: undefined});

  // Takes values as fast as the source gives them, keeping the latest.
  void (async () => {
    try {
      for (;;) {
        const result = await iterator.next();
        if (stopped) return;
        if (result.done) break;
        latest = {value: result.value};
        notify();
      }
    } catch (error) {
      if (stopped) return;
      failure = {error};
    }
    ended = true;
    notify();
  })();

  const wrapped: AsyncIterableIterator<T> = {
    async next() {
      // Wait for news, then for the interval to pass since the last value handed on.
      while (!stopped && latest === null && !ended) await new Promise<void>((resolve) => (wake = resolve));
      // The first value waits one task: the cell that started the source (workers, data sent to them)
      // and the figure that draws the value then run as two tasks, not one twice as long.
      const wait = Math.max(last + interval - performance.now(), last === -Infinity ? 0 : -1);
      if (!stopped && latest !== null && wait >= 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!stopped && latest !== null && ready && last !== -Infinity) await ready(halt.signal);
      if (stopped) return done();
      if (latest !== null) {
        const {value} = latest;
        latest = null;
        last = performance.now();
        return {done: false, value};
      }
      if (failure) {
        const {error} = failure;
        failure = null;
        throw error;
      }
      return done();
    },
    async return() {
      if (!stopped) {
        stopped = true;
        halt.abort();
        notify();
        await iterator.return?.();
      }
      return done();
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    }
  };
  return wrapped;
}

export interface LiveFigureOptions extends ThrottleOptions {
  /** How far outside the viewport still counts as in view, as a CSS margin (visible.ts). Default "0px". */
  margin?: string;
}

/**
 * A live figure's value: the source's first value at once, whether the figure is in view or not (the
 * cell renders, the figure draws its empty start), every later one only while `figure` is in view
 * (pauseOffscreen) and at most one per `interval` (throttle). return() returns the source.
 *
 *   const runs = liveFigure(trainRuns(jobs), "#curves-figure");
 */
export function liveFigure<T>(source: AsyncIterable<T>, figure: Target, {interval, margin}: LiveFigureOptions = {}): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const paused = pauseOffscreen({[Symbol.asyncIterator]: () => iterator}, figure, {margin});
  let first = true;
  const firstFree: AsyncIterableIterator<T> = {
    next() {
      if (!first) return paused.next();
      first = false;
      return iterator.next();
    },
    async return() {
      first = false;
      // paused stops waiting for the view; the source is returned here, as paused may never have
      // asked it for a value (a figure never scrolled into view).
      await paused.return!();
      return (await iterator.return?.()) ?? {done: true, value: undefined};
    },
    [Symbol.asyncIterator]() {
      return firstFree;
    }
  };
  return throttle(firstFree, {interval, ready: (signal) => visible(figure, {margin, signal})});
}

/**
 * Resolves with `value` after the current task. A cell whose value awaits it computes, and the figures
 * that read it draw, in a task of their own: two figures that depend on one value then cost two short
 * tasks instead of one long one.
 */
export function nextTask<T>(value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), 0));
}

/**
 * Calls `make` in a task of its own and resolves with what it returns (or rejects with what it throws).
 * Framework recomputes a page's cells inside an animation frame, and the browser then lays the page
 * out and paints in the same task: a figure built there costs its JavaScript plus the page's layout
 * in one main-thread task. Built in a later task instead, the figure is drawn in one task and laid
 * out in the next; meanwhile the cell keeps showing its previous figure (Framework replaces a cell's
 * output only when its new value arrives), so nothing flickers.
 *
 *   <div class="figure-wide">${later(() => fit((width) => BlockFactor(curve, {width})))}</div>
 */
export function later<T>(make: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(make());
      } catch (error) {
        reject(error);
      }
    }, 0)
  );
}
