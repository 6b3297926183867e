/**
 * The page side of the compute worker: computeInWorker(task, args) runs one of compute-worker.ts's
 * tasks off the main thread and returns an async iterator of its values, which a page makes a cell's
 * value; Framework calls return() when the cell is invalidated, and that terminates the worker at once.
 * liveInWorker adds what a figure needs (pace.ts keepNewest and paced): pause while the figure is out
 * of view, and hand on at most a few values a second, each in the page's turn with its other live
 * figures, so the figure never redraws more than that nor in the same frame as another.
 * computeOnce is one answer as a promise (an exercise's Check, or a figure's data with a "computing…"
 * line beside the knobs), its worker terminated at once when the cell's `invalidation` resolves, and the
 * promise then rejected with a Superseded error (Framework drops a superseded cell's value unseen).
 * Every job has a worker of its own, so a superseded one is stopped mid-computation.
 *
 *   const sweep = liveInWorker("line-gradients", {spec, line}, {figure: "#line-figure", onError: (error) => ({error})});
 */
import type {FromComputeWorker, TaskArgs, TaskName, ToComputeWorker} from "./compute-worker.js";
import {keepNewest, paced} from "./pace.js";

export type {TaskArgs, TaskName} from "./compute-worker.js";

export interface ComputeOptions<E> {
  /** Values the worker may compute beyond those taken, 1 to 1000. Default 2: a paused page costs no CPU. */
  ahead?: number;
  /**
   * Turns the task's error (an engine message for a bad argument, or a failed worker) into a last
   * value, so the cell shows it instead of an error box. Default: next() rejects with the error.
   */
  onError?: (error: Error) => E;
  /** The worker to run in; terminated at the end. Default: a new compute worker. */
  worker?: Worker;
}

/** A new module worker running compute-worker.js. */
export function computeWorker(): Worker {
  return new Worker(import.meta.resolve("./compute-worker.js"), {type: "module"});
}

/** Runs tasks[task](args) in a worker; its values (or onError's, last) as they come. The worker starts at once. */
export function computeInWorker<V, E = never>(task: TaskName, args: TaskArgs[TaskName], {ahead = 2, onError, worker}: ComputeOptions<E> = {}): AsyncIterableIterator<V | E> {
  if (!Number.isInteger(ahead) || ahead < 1 || ahead > 1000) throw new RangeError(`invalid ahead: ${ahead} (expected an integer from 1 to 1000)`);
  const w = worker ?? computeWorker();
  const queue: IteratorResult<V | E, undefined>[] = []; // values and the end, in order, not yet taken
  const waiting: ((result: IteratorResult<V | E, undefined>) => void)[] = [];
  let failure: Error | null = null;
  let finished = false;
  const end = (): IteratorResult<V | E, undefined> => ({done: true, value: undefined});
  const send = (message: ToComputeWorker) => w.postMessage(message);
  const arrive = (result: IteratorResult<V | E, undefined>) => {
    const resolve = waiting.shift();
    if (resolve) resolve(result);
    else queue.push(result);
  };
  const finish = (error: Error | null) => {
    if (finished) return;
    finished = true;
    w.terminate();
    if (error && onError) arrive({done: false, value: onError(error)});
    else failure = error;
    arrive(end());
  };
  w.onmessage = (event: MessageEvent<FromComputeWorker>) => {
    const message = event.data;
    if (finished) return;
    if (message.type === "value") arrive({done: false, value: message.value as V});
    else if (message.type === "end") finish(null);
    else finish(Object.assign(new Error(message.message), {name: message.name}));
  };
  w.onerror = (event: ErrorEvent) => {
    event.preventDefault?.();
    finish(new Error(`the compute worker failed: ${event.message || "compute-worker.js did not load or crashed"}`));
  };
  send({type: "start", task, args, ahead});

  // Hands a result out: a value lets the worker compute one more; the end rethrows the task's error, if any.
  const take = (result: IteratorResult<V | E, undefined>) => {
    if (!result.done && !finished) send({type: "more", count: 1});
    if (result.done && failure) {
      const error = failure;
      failure = null;
      throw error;
    }
    return result;
  };

  const run: AsyncIterableIterator<V | E> = {
    next() {
      const result = queue.shift();
      return result ? Promise.resolve(result).then(take) : new Promise<IteratorResult<V | E, undefined>>((resolve) => waiting.push(resolve)).then(take);
    },
    return() {
      if (!finished) {
        finished = true;
        w.terminate();
      }
      queue.length = 0;
      for (const resolve of waiting.splice(0)) resolve(end());
      return Promise.resolve(end());
    },
    [Symbol.asyncIterator]() {
      return run;
    }
  };
  return run;
}

export interface LiveOptions<E> extends ComputeOptions<E> {
  /**
   * The element (or its CSS selector) the figure is drawn in: the task pauses while it is out of view.
   * null: never pause (a finite job that more than the figure waits for), only pace.
   */
  figure: string | Element | null;
  /** Shortest time between two values handed on, ms, 0 to 10,000 (pace.ts paced's `every`). Default 250. */
  interval?: number;
  /**
   * The first value waits for the figure to be in view too. Default false: it comes at once, so the
   * figure's cell renders below the fold. For a task started by what the figure itself shows (a run
   * that ended in view), whose first value would otherwise change the figure out of view.
   */
  firstInView?: boolean;
}

/**
 * computeInWorker as a live figure's value: its first value at once, the rest while `figure` is in
 * view, one per `interval` at most and in the page's turn (paced). The worker's values are taken as
 * they come (keepNewest), so it never waits on that pace; only the newest is drawn.
 */
export function liveInWorker<V, E = never>(task: TaskName, args: TaskArgs[TaskName], {figure, interval, firstInView = false, ...options}: LiveOptions<E>): AsyncIterableIterator<V | E> {
  const run = computeInWorker<V, E>(task, args, options);
  return paced(keepNewest(run, {pauseOffscreen: figure ?? undefined, firstInView}), {every: interval});
}

/** The error a computeOnce answer rejects with when its invalidation came first (a knob moved on). */
export class Superseded extends Error {
  constructor(task: string) {
    super(`the ${task} answer was superseded by a newer one`);
    this.name = "Superseded";
  }
}

export interface ComputeOnceOptions extends Pick<ComputeOptions<never>, "worker"> {
  /**
   * Resolves when the answer is no longer wanted (a cell's Framework `invalidation`: a knob moved): the
   * worker is terminated at once and the promise rejects with a Superseded error. It must settle: the
   * Observable runtime recomputes a cell only after the cell's previous value has settled, so a promise
   * left pending would freeze every cell that reads it at the value before (a dragged slider left the
   * home page's figure at its first depth for good). The superseded cell's value is dropped unseen by
   * the runtime, which recomputes it for the new knobs. Default: the worker runs until it answers.
   */
  invalidation?: Promise<unknown>;
}

/**
 * The first value of tasks[task](args), computed in a worker of its own (terminated once it is in):
 * for a one-off answer that would block the page for more than a frame, such as an exercise's Check,
 * or a figure's data recomputed when a knob moves (pass the cell's `invalidation`).
 * Rejects with the task's error (the engine's message), the worker's failure, or Superseded.
 *
 *   measure: () => computeOnce("block-spectrum", {width: 32, activation: "relu", init: "he", gain: 1, seed: 0})
 *
 * In a cell, hold the promise in an object, so the cells that read it see it pending (Framework awaits
 * a cell's promise before its readers run) and can show "computing…" meanwhile:
 *   const run = {result: computeOnce("gradient-norms", {specs}, {invalidation})};
 */
export async function computeOnce<V>(task: TaskName, args: TaskArgs[TaskName], {worker, invalidation}: ComputeOnceOptions = {}): Promise<V> {
  const run = computeInWorker<V>(task, args, {ahead: 1, worker});
  let cancelled = false;
  void invalidation?.then(() => {
    cancelled = true;
    void run.return!();
  });
  try {
    const first = await run.next();
    if (cancelled) throw new Superseded(task); // the end return() handed the pending next() is no answer
    if (first.done) throw new Error(`the ${task} task ended without a value`);
    return first.value;
  } finally {
    await run.return!();
  }
}
