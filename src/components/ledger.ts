/**
 * The page side of the ledger worker: ledgerInWorker(job) computes both ledgers off the main thread.
 *
 * Measured on the 2-core development machine (see the report): one forward and backward pass of a
 * width-32, 1,000-block network on 32 examples takes on the order of a second, far past a frame, so
 * every job, small or large, goes to a worker: the page never freezes and the knobs stay live. A
 * new worker per job lets a superseded job be stopped at once (terminate), which a shared worker
 * could not do mid-computation.
 *
 * In a page, pass the cell's `invalidation` promise, so moving a knob cancels the job it replaces:
 *   const run = ledgerInWorker({spec, batchSize: 32}, {invalidation});
 *   const ledgers = run.result.catch((error) => error);
 * (run is not a promise, so a cell can show "computing" while run.result is pending.)
 */
import type {FromLedgerWorker, LedgerJob, LedgerPair} from "./ledger-worker.js";
import {jobInWorker} from "./worker-job.js";

export type {LedgerJob, LedgerPair} from "./ledger-worker.js";

export interface LedgerRun {
  /** Both ledgers, or a rejection with the engine's message (a bad spec) or the worker's failure. */
  readonly result: Promise<LedgerPair>;
  /** When the job was sent (performance.now()). */
  readonly started: number;
  /** Stops the worker; result then never settles. */
  cancel(): void;
}

export interface LedgerInWorkerOptions {
  /** Resolves when the job is no longer wanted (Framework's `invalidation`); the worker is then stopped. */
  invalidation?: Promise<unknown>;
  /** The worker to run in; terminated when done. Default: a new ledger worker. */
  worker?: Worker;
}

/** A new module worker running ledger-worker.js. */
export function ledgerWorker(): Worker {
  return new Worker(import.meta.resolve("./ledger-worker.js"), {type: "module"});
}

/** Sends the job to a worker and returns its result as a promise, with a way to cancel it. */
export function ledgerInWorker(job: LedgerJob, {invalidation, worker}: LedgerInWorkerOptions = {}): LedgerRun {
  const started = performance.now();
  const run = jobInWorker(worker ?? ledgerWorker(), job, (message: Extract<FromLedgerWorker, {type: "result"}>) => message.result, {name: "ledger", invalidation});
  return {...run, started};
}
