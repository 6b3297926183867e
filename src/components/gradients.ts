/**
 * The page side of the gradients worker: gradientsInWorker(job) measures freshly initialised
 * networks' gradients off the main thread (see gradients-worker.ts), so a knob move never freezes
 * the page however deep or wide the knobs make the networks. A new worker per job lets a superseded
 * job be stopped at once (terminate), which a shared worker could not do mid-computation.
 *
 * In a page, pass the cell's `invalidation` promise, so moving a knob cancels the job it replaces:
 *   const run = gradientsInWorker({kind: "gradientNorms", specs: [plainSpec, residualSpec]}, {invalidation});
 *   const norms = run.result.then(([plain, residual]) => ({plain, residual}), (error) => error);
 * (run is not a promise, so a cell can show "computing" while run.result is pending.)
 */
import type {AnalysisKind, FromGradientsWorker, GradientsJob, ResultOf} from "./gradients-worker.js";

export type {AnalysisKind, GradientsJob, ResultOf, SpecOf} from "./gradients-worker.js";

export interface GradientsRun<K extends AnalysisKind> {
  /** One result per spec, or a rejection with the engine's message (a bad spec) or the worker's failure. */
  readonly result: Promise<ResultOf<K>[]>;
  /** Stops the worker; result then never settles. */
  cancel(): void;
}

export interface GradientsInWorkerOptions {
  /** Resolves when the job is no longer wanted (Framework's `invalidation`); the worker is then stopped. */
  invalidation?: Promise<unknown>;
  /** The worker to run in; terminated when done. Default: a new gradients worker. */
  worker?: Worker;
}

/** A new module worker running gradients-worker.js. */
export function gradientsWorker(): Worker {
  return new Worker(import.meta.resolve("./gradients-worker.js"), {type: "module"});
}

/** Sends the job to a worker and returns its results as a promise, with a way to cancel it. */
export function gradientsInWorker<K extends AnalysisKind>(job: GradientsJob<K>, {invalidation, worker}: GradientsInWorkerOptions = {}): GradientsRun<K> {
  const w = worker ?? gradientsWorker();
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    w.terminate();
  };
  const result = new Promise<ResultOf<K>[]>((resolve, reject) => {
    w.onmessage = (event: MessageEvent<FromGradientsWorker<K>>) => {
      const message = event.data;
      w.terminate();
      if (message.type === "result") return resolve(message.results);
      const error = new Error(message.message);
      error.name = message.name;
      reject(error);
    };
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault?.();
      w.terminate();
      if (!cancelled) reject(new Error(`the gradients worker failed: ${event.message || "gradients-worker.js did not load or crashed"}`));
    };
  });
  void invalidation?.then(cancel);
  w.postMessage(job);
  return {result, cancel};
}
