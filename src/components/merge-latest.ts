/**
 * Several live runs as one live value. mergeLatest({a: runA, b: runB}, start) pulls every source at
 * once and yields {a: latestA, b: latestB} whenever any source has news; news that arrives while the
 * page is busy is merged into the next value, so a fast source never queues up frames. A page uses the
 * result as a generator cell value: Framework calls return() when the cell is invalidated, and that
 * returns every source (which terminates their workers) at once, even mid-wait.
 */

export interface LiveRun<T> extends AsyncIterableIterator<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  /** Stops every source and ends the iteration. */
  return(): Promise<IteratorResult<T, undefined>>;
}

/**
 * Merges async iterators into one of records. `start` is the first value (yielded at once, so a
 * figure can draw its empty axes); after that each key holds its source's latest value. The merged
 * iteration ends when every source has; a source that throws ends the merged iteration with its error
 * after the values before it.
 */
export function mergeLatest<K extends string, T>(sources: Record<K, AsyncIterator<T>>, start: Record<K, T>): LiveRun<Record<K, T>> {
  const keys = Object.keys(sources) as K[];
  const latest = {...start};
  const ended = new Set<K>();
  let changed = true; // the start value is news too
  let stopped = false;
  let failure: unknown = null;
  let waiting: {resolve: (r: IteratorResult<Record<K, T>, undefined>) => void; reject: (e: unknown) => void} | null = null;
  const finished = (): IteratorResult<Record<K, T>, undefined> => ({done: true, value: undefined});

  // Settles a waiting next() with the news, an error, or the end.
  const wake = () => {
    if (!waiting) return;
    const {resolve, reject} = waiting;
    if (changed) {
      waiting = null;
      changed = false;
      resolve({done: false, value: {...latest}});
    } else if (failure !== null) {
      waiting = null;
      reject(failure);
      failure = null;
    } else if (ended.size === keys.length) {
      waiting = null;
      resolve(finished());
    }
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const key of keys) void sources[key].return?.();
  };

  for (const key of keys) {
    void (async () => {
      try {
        for (;;) {
          const result = await sources[key].next();
          if (stopped) return;
          if (result.done) break;
          latest[key] = result.value;
          changed = true;
          wake();
        }
      } catch (error) {
        if (stopped) return;
        failure = error;
        stop();
      }
      ended.add(key);
      wake();
    })();
  }

  const run: LiveRun<Record<K, T>> = {
    next() {
      return new Promise((resolve, reject) => {
        if (waiting) waiting.resolve(finished()); // one reader at a time; an overlapped call ends the older
        waiting = {resolve, reject};
        if (stopped && failure === null && !changed) {
          waiting = null;
          return resolve(finished());
        }
        wake();
      });
    },
    return() {
      stop();
      changed = false;
      failure = null;
      if (waiting) waiting.resolve(finished());
      waiting = null;
      return Promise.resolve(finished());
    },
    [Symbol.asyncIterator]() {
      return run;
    }
  };
  return run;
}
