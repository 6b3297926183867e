/**
 * One job, one worker, one answer: the page side shared by ledger.ts and gradients.ts. The worker
 * posts {type: "result", ...} or {type: "error", name, message} once; the worker is terminated after
 * it answers, or at once when `invalidation` resolves (a knob moved), and the result never settles then.
 */

export type WorkerAnswer = {type: "result"} | {type: "error"; name: string; message: string};

export interface WorkerJob<R> {
  /** The worker's result, or a rejection with the engine's message (a bad job) or the worker's failure. */
  readonly result: Promise<R>;
  /** Stops the worker; result then never settles. */
  cancel(): void;
}

/**
 * Posts `job` to `worker` and takes its one answer: `pick` turns a result message into the value.
 * @param name names the worker in a failure message, e.g. "ledger" ("the ledger worker failed: ...")
 */
export function jobInWorker<M extends WorkerAnswer, R>(worker: Worker, job: unknown, pick: (message: Extract<M, {type: "result"}>) => R, {name, invalidation}: {name: string; invalidation?: Promise<unknown>}): WorkerJob<R> {
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    worker.terminate();
  };
  const result = new Promise<R>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<M>) => {
      const message = event.data;
      worker.terminate();
      if (message.type === "result") return resolve(pick(message as Extract<M, {type: "result"}>));
      const failure = message as Extract<WorkerAnswer, {type: "error"}>;
      const error = new Error(failure.message);
      error.name = failure.name;
      reject(error);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault?.();
      worker.terminate();
      if (!cancelled) reject(new Error(`the ${name} worker failed: ${event.message || `${name}-worker.js did not load or crashed`}`));
    };
  });
  void invalidation?.then(cancel);
  worker.postMessage(job);
  return {result, cancel};
}
