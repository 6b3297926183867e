/**
 * The page side of the training worker: trainInWorker(job) runs a job (see trainer-worker.ts) off the
 * main thread and returns an async iterator of its snapshots.
 *
 * In a page, the run is itself a generator cell value: Framework calls return() when the cell is
 * invalidated (a knob moved, the page left), and return() terminates the worker.
 *   const snapshot = trainInWorker({model: {kind: "mlp", spec}, data: {name: "spiral", n: 400}, train: {steps: 2000}});
 * or, to keep every snapshot:
 *   const history = (async function* () { const all = []; for await (const s of trainInWorker(job)) yield (all.push(s), all); })();
 */
import type {Snapshot} from "../lib/index.js";
import type {FromWorker, ToWorker, TrainJob} from "./trainer-worker.js";

export type {TrainJob} from "./trainer-worker.js";

export interface TrainInWorkerOptions {
  /**
   * How many snapshots the worker may compute beyond those taken with next(), 1 to 1000. Default 4:
   * training pauses while the page is behind, so a slow page costs no CPU and no memory.
   */
  ahead?: number;
  /** The worker to run in; it is terminated at the end. Default: a new trainerWorker(). */
  worker?: Worker;
}

export interface TrainingRun extends AsyncIterableIterator<Snapshot> {
  /** The next snapshot, {done: true} after the last, or a rejection with the worker's error. */
  next(): Promise<IteratorResult<Snapshot, undefined>>;
  /** Cancels the run (as cancel()) and ends the iteration; Framework calls it when a cell is invalidated. */
  return(): Promise<IteratorResult<Snapshot, undefined>>;
  /** Terminates the worker now; snapshots not yet taken are dropped. */
  cancel(): void;
}

/** A new module worker running trainer-worker.js. */
export function trainerWorker(): Worker {
  return new Worker(import.meta.resolve("./trainer-worker.js"), {type: "module"});
}

/** Runs `job` in a worker and returns its snapshots as they come. The worker starts at once. */
export function trainInWorker(job: TrainJob, {ahead = 4, worker}: TrainInWorkerOptions = {}): TrainingRun {
  if (!Number.isInteger(ahead) || ahead < 1 || ahead > 1000) throw new RangeError(`invalid ahead: ${ahead} (expected an integer from 1 to 1000)`);
  const w = worker ?? trainerWorker();
  const queue: Snapshot[] = []; // arrived, not yet taken
  const waiting: {resolve: (r: IteratorResult<Snapshot, undefined>) => void; reject: (e: Error) => void}[] = [];
  let finished = false; // the worker has ended, failed or been cancelled
  let failure: Error | null = null; // reported once, after the snapshots that came before it

  const send = (message: ToWorker) => w.postMessage(message);
  const done = (): IteratorResult<Snapshot, undefined> => ({done: true, value: undefined});

  // Hands out one snapshot and tells the worker it may compute one more.
  function take(): IteratorResult<Snapshot, undefined> {
    const value = queue.shift()!;
    if (!finished) send({type: "more", count: 1});
    return {done: false, value};
  }

  // Settles waiting next() calls once the worker has stopped and the queue is empty.
  function settle(): void {
    while (waiting.length > 0 && queue.length === 0) {
      const {resolve, reject} = waiting.shift()!;
      if (failure) {
        reject(failure);
        failure = null;
      } else {
        resolve(done());
      }
    }
  }

  function finish(error: Error | null): void {
    if (finished) return;
    finished = true;
    failure = error;
    w.terminate();
    settle();
  }

  w.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type === "snapshot") {
      queue.push(message.snapshot);
      if (waiting.length > 0) waiting.shift()!.resolve(take());
    } else if (message.type === "end") {
      finish(null);
    } else if (message.type === "error") {
      const error = new Error(message.message);
      error.name = message.name;
      finish(error);
    }
  };
  w.onerror = (event: ErrorEvent) => {
    event.preventDefault?.();
    finish(new Error(`the training worker failed: ${event.message || "trainer-worker.js did not load or crashed"}`));
  };
  w.onmessageerror = () => finish(new Error("the training worker sent a message that could not be read"));
  send({type: "start", job, ahead});

  const run: TrainingRun = {
    next() {
      if (queue.length > 0) return Promise.resolve(take());
      if (failure) {
        const error = failure;
        failure = null;
        return Promise.reject(error);
      }
      if (finished) return Promise.resolve(done());
      return new Promise((resolve, reject) => waiting.push({resolve, reject}));
    },
    return() {
      run.cancel();
      return Promise.resolve(done());
    },
    cancel() {
      queue.length = 0;
      failure = null;
      finish(null);
    },
    [Symbol.asyncIterator]() {
      return run;
    }
  };
  return run;
}
