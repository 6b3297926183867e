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
import {jobInWorker} from "./worker-job.js";

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
  return jobInWorker(worker ?? gradientsWorker(), job, (message: Extract<FromGradientsWorker<K>, {type: "result"}>) => message.results, {name: "gradients", invalidation});
}
