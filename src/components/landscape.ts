/**
 * The page side of the landscape worker: landscapesInWorkers({plain: job, residual: job}) runs each job
 * in its own worker (landscape-worker.ts) and returns an async iterator of the runs' states, one value
 * whenever any run has news (see merge-latest.ts). In a page it is a generator cell value: Framework calls
 * return() when the cell is invalidated, which terminates the workers at once.
 */
import type {LossPlaneRow} from "../lib/index.js";
import type {FromLandscapeWorker, LandscapeJob} from "./landscape-worker.js";
import {mergeLatest, type LiveRun} from "./merge-latest.js";

export type {LandscapeJob} from "./landscape-worker.js";

/** Where one run stands. */
export interface LandscapeState {
  /** Training steps planned. */
  steps: number;
  /** Steps taken so far. */
  step: number;
  /** The mean training loss of the last snapshot (null before the first, or once it is not a number). */
  loss: number | null;
  /** "diverged at step N" when training diverged (then there is no plane), else null. */
  diverged: string | null;
  /** The plane's rows computed so far, in order of b. */
  rows: LossPlaneRow[];
  /** Rows (and points per row) the plane will have. */
  resolution: number;
  /** The worker has finished (plane complete, diverged or failed). */
  done: boolean;
  /** The worker's error message, if it failed. */
  error: string | null;
}

/** What the runner needs of a worker (a module Worker, or a test's stand-in). */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<FromLandscapeWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: {type: "start"; job: LandscapeJob}): void;
  terminate(): void;
}

/** A new module worker running landscape-worker.js. */
export function landscapeWorker(): WorkerLike {
  return new Worker(import.meta.resolve("./landscape-worker.js"), {type: "module"}) as unknown as WorkerLike;
}

/** A state's fresh copy (rows shared: they are never changed once received). */
function copy(state: LandscapeState): LandscapeState {
  return {...state, rows: state.rows.slice()};
}

/** Applies one worker message to a run's state. */
export function applyLandscapeMessage(state: LandscapeState, message: FromLandscapeWorker): void {
  if (message.type === "training") {
    const {snapshot} = message;
    state.step = snapshot.step;
    state.loss = snapshot.loss;
    if (snapshot.message) state.diverged = snapshot.message;
  } else if (message.type === "row") {
    state.rows.push(message.row);
  } else if (message.type === "end") {
    state.done = true;
  } else if (message.type === "error") {
    state.error = message.message;
    state.done = true;
  }
}

/** A run's state before any news. */
export function landscapeStart(job: LandscapeJob): LandscapeState {
  return {steps: job.train?.steps ?? 0, step: 0, loss: null, diverged: null, rows: [], resolution: job.plane?.resolution ?? 21, done: false, error: null};
}

/**
 * Runs one job in a worker. Each next() gives the run's state with every message received so far
 * applied (messages that arrive together make one value); it ends after the worker's last message,
 * and return() terminates the worker at once.
 */
export function landscapeInWorker(job: LandscapeJob, {makeWorker = landscapeWorker}: {makeWorker?: () => WorkerLike} = {}): AsyncIterator<LandscapeState> {
  const state = landscapeStart(job);
  const worker = makeWorker();
  let fresh = false; // messages applied since the last value handed out
  let waiting: ((result: IteratorResult<LandscapeState, undefined>) => void) | null = null;
  const hand = () => {
    if (!waiting || !(fresh || state.done)) return;
    const resolve = waiting;
    waiting = null;
    if (fresh) {
      fresh = false;
      resolve({done: false, value: copy(state)});
    } else {
      resolve({done: true, value: undefined});
    }
  };
  const receive = (message: FromLandscapeWorker) => {
    applyLandscapeMessage(state, message);
    fresh = true;
    if (state.done) worker.terminate();
    hand();
  };
  worker.onmessage = (event) => receive(event.data);
  worker.onerror = (event) => {
    event.preventDefault?.();
    receive({type: "error", name: "Error", message: `the landscape worker failed: ${event.message || "landscape-worker.js did not load or crashed"}`});
  };
  worker.postMessage({type: "start", job});
  return {
    next() {
      return new Promise((resolve) => {
        waiting = resolve;
        hand();
      });
    },
    return() {
      state.done = true;
      fresh = false;
      worker.terminate();
      hand();
      return Promise.resolve({done: true, value: undefined});
    }
  };
}

/** Runs each job in its own worker, as one live value: {key: state, ...} whenever any run has news. */
export function landscapesInWorkers<K extends string>(jobs: Record<K, LandscapeJob>, options: {makeWorker?: () => WorkerLike} = {}): LiveRun<Record<K, LandscapeState>> {
  const keys = Object.keys(jobs) as K[];
  const sources = Object.fromEntries(keys.map((key) => [key, landscapeInWorker(jobs[key], options)])) as Record<K, AsyncIterator<LandscapeState>>;
  const start = Object.fromEntries(keys.map((key) => [key, landscapeStart(jobs[key])])) as Record<K, LandscapeState>;
  return mergeLatest(sources, start);
}
