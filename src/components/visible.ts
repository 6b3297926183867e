// visible: pause work that nobody can see. A figure that trains should stop when it is scrolled out
// of view (or the tab is hidden) and go on when it is back: the training worker stops too, because
// trainInWorker computes only a few snapshots ahead of the page (see trainer.ts).
//
// In a page, wrap the run and name the element the figure is drawn in:
//
//   <div id="loss-figure">${resize((width) => LossCurve(snapshot, {width}))}</div>
//
//   const snapshot = pauseOffscreen(trainInWorker(job), "#loss-figure");
//
// or, in a hand-written generator cell, `await visible("#loss-figure")` before each step.

/** An element, or a CSS selector looked up when needed (the figure may render after the generator starts). */
export type Target = Element | string;

export interface VisibleOptions {
  /** How far outside the viewport still counts as visible, as a CSS margin; default "0px". */
  margin?: string;
  /** Stops waiting: the promise resolves at once when the signal aborts. */
  signal?: AbortSignal;
}

/**
 * Resolves when `target` is at least partly in the viewport and the page is not hidden: at once if
 * it already is. A selector that matches nothing, or an element no longer in the page, counts as
 * visible (nothing to wait for).
 */
export function visible(target: Target, {margin = "0px", signal}: VisibleOptions = {}): Promise<void> {
  return new Promise((resolve) => {
    const element = typeof target === "string" ? document.querySelector(target) : target;
    if (!element || !element.isConnected || signal?.aborted) return resolve();
    let inView = false;
    const observer = new IntersectionObserver(
      (entries) => {
        // Some area on screen; a box clipped to nothing (a slide not shown in presenter mode) is not.
        const {isIntersecting, intersectionRect: seen, boundingClientRect: box} = entries[entries.length - 1];
        inView = isIntersecting && (seen.width * seen.height > 0 || box.width * box.height === 0);
        check();
      },
      {rootMargin: margin, threshold: [0, 0.01]}
    );
    const check = () => {
      if (signal?.aborted || !element.isConnected || (inView && document.visibilityState !== "hidden")) done();
    };
    const done = () => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", check);
      signal?.removeEventListener("abort", check);
      resolve();
    };
    observer.observe(element); // calls back once at once with the current state
    document.addEventListener("visibilitychange", check);
    signal?.addEventListener("abort", check);
  });
}

/**
 * Passes `source`'s values on, but asks it for the next one only while `target` is visible. The
 * source's iterator itself is made only when the figure is first in view: a source that starts its
 * work when iterated (a training worker: runs.ts passes {[Symbol.asyncIterator]: () =>
 * trainInWorker(job)}) does nothing for a figure below the fold, so a page's load starts only the
 * workers its reader can see (the others cost main-thread time to start and to message, for
 * figures nobody is looking at yet). Its return() (Framework calls it when the cell is invalidated)
 * returns the source at once, even while waiting for the figure to come back into view, so a
 * training worker is stopped, not left paused. A source that is an iterator already (a running
 * trainInWorker) is returned even if it never came into view; an iterable never iterated is left
 * alone: making its iterator now would start a worker only to stop it.
 */
export function pauseOffscreen<T>(source: AsyncIterable<T> | Iterable<T>, target: Target, options: Omit<VisibleOptions, "signal"> = {}): AsyncIterableIterator<T> {
  let iterator: AsyncIterator<T> | Iterator<T> | null = null;
  const start = () => (iterator ??= Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]());
  // A source that is its own iterator is under way already: return() must stop it even if never shown.
  const running = typeof (source as {next?: unknown}).next === "function" ? (source as unknown as AsyncIterator<T> | Iterator<T>) : null;
  const stop = new AbortController();
  const done = (): IteratorResult<T> => ({done: true, value: undefined});
  const wrapped: AsyncIterableIterator<T> = {
    async next() {
      await visible(target, {...options, signal: stop.signal});
      if (stop.signal.aborted) return done();
      const result = await start().next();
      // A value that arrives after the figure left the view is held until it is back, so nothing
      // out of view changes (and the page does no work for it) even while a step was in flight.
      await visible(target, {...options, signal: stop.signal});
      return stop.signal.aborted ? done() : result;
    },
    async return() {
      stop.abort();
      await (iterator ?? running)?.return?.();
      return done();
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    }
  };
  return wrapped;
}

