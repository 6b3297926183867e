/**
 * The ledger worker: computes the gradient ledger of a plain and a residual network (same spec, same
 * weights) off the main thread, because 1,000 blocks take longer than a frame. The page side is
 * ledger.ts (ledgerInWorker); a page never imports this file, it runs as
 *   new Worker(import.meta.resolve("./ledger-worker.js"), {type: "module"}).
 *
 * Message in:   {spec, batchSize}         one job per worker; the page terminates the worker to cancel
 * Messages out: {type: "result", result}  the two ledgers and how long they took
 *               {type: "error", name, message}
 */
import {gradientLedger, type Ledger, type NetworkSpec} from "../lib/index.js";

export interface LedgerJob {
  /** The network's spec with an optional init gain; `skip` is set by the job (both networks are computed). */
  spec: NetworkSpec;
  /** Examples in the batch. Default 32, as on the home page. */
  batchSize?: number;
}

export interface LedgerPair {
  plain: Ledger;
  residual: Ledger;
  /** Milliseconds the two ledgers took to compute. */
  ms: number;
}

export type FromLedgerWorker = {type: "result"; result: LedgerPair} | {type: "error"; name: string; message: string};

/** Both ledgers of a job: the plain network and the residual one, from the same spec and seed. */
export function runLedgerJob({spec, batchSize = 32}: LedgerJob): LedgerPair {
  const start = performance.now();
  const plain = gradientLedger({...spec, skip: false}, {batchSize});
  const residual = gradientLedger({...spec, skip: true}, {batchSize});
  return {plain, residual, ms: performance.now() - start};
}

/** Runs a job and says how it went, as the worker posts it. */
export function answer(job: LedgerJob): FromLedgerWorker {
  try {
    return {type: "result", result: runLedgerJob(job)};
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return {type: "error", name: e.name, message: e.message};
  }
}

// Inside a worker, answer the page; imported elsewhere (tests), do nothing.
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = (event) => scope.postMessage(answer(event.data as LedgerJob));
}
