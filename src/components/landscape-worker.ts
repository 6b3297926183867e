/**
 * The landscape worker: trains one network from a plain job, then computes the loss on a plane through
 * its trained weights (lib/analysis/landscape.ts) row by row, posting every training snapshot and
 * every row as it completes. The page side is landscape.ts (landscapesInWorkers); a page never makes
 * this worker itself.
 *
 * Messages in:  {type: "start", job}
 * Messages out: {type: "training", snapshot}  every `every` steps (snapshot.message says if it diverged)
 *               {type: "row", row}            one b of the plane, rows in order
 *               {type: "end"}                 finished (or diverged: no plane through weights that are not numbers)
 *               {type: "error", name, message}
 */
import {adam, createNetwork, datasets, lossPlane, planeDirections, randomSeeded, sgd, train, type DatasetName, type LossPlaneRow, type NetworkSpec, type Snapshot} from "../lib/index.js";

export interface LandscapeJob {
  /** The network (createNetwork's spec, seed included). */
  spec: NetworkSpec;
  /** A generated dataset: trained on, and the plane's loss is measured on all of it. */
  data: {name: DatasetName; n: number; options?: Record<string, number> & {seed?: number}};
  train: {
    steps: number;
    /** Default 32. */
    batchSize?: number;
    /** Steps per snapshot. Default 50. */
    every?: number;
    /** Seeds the minibatch shuffle. Default 0. */
    seed?: number;
    /** Default {kind: "adam", learningRate: 3e-3}. */
    optimizer?: {kind: "adam" | "sgd"; learningRate?: number; momentum?: number};
  };
  /** The plane: its directions' seed (default 0), half-width (default 1) and points per side (default 21). */
  plane?: {seed?: number; range?: number; resolution?: number};
}

export type LandscapeEvent = {type: "training"; snapshot: Snapshot} | {type: "row"; row: LossPlaneRow};
export type FromLandscapeWorker = LandscapeEvent | {type: "end"} | {type: "error"; name: string; message: string};

/** Runs a job as a generator of events: the training snapshots, then (unless training diverged) the plane's rows. */
export function* landscapeJob(job: LandscapeJob): Generator<LandscapeEvent, void, undefined> {
  if (!job || typeof job !== "object") throw new TypeError(`invalid landscape job: ${String(job)} (expected {spec, data, train})`);
  const model = createNetwork(job.spec);
  const {name, n, options = {}} = job.data ?? ({} as LandscapeJob["data"]);
  if (!Object.hasOwn(datasets, name)) throw new RangeError(`invalid dataset: ${JSON.stringify(name)} (expected one of ${Object.keys(datasets).join(", ")})`);
  const {seed: dataSeed = 0, ...dataOptions} = options;
  const data = datasets[name](n, {...dataOptions, random: randomSeeded(dataSeed)});
  const {optimizer = {kind: "adam", learningRate: 3e-3}, every = 50, ...trainOptions} = job.train ?? ({} as LandscapeJob["train"]);
  const {kind, ...rates} = optimizer;
  const opt = kind === "sgd" ? sgd(rates) : kind === "adam" ? adam({learningRate: rates.learningRate}) : null;
  if (!opt) throw new RangeError(`invalid optimizer kind: ${JSON.stringify(kind)} (expected one of adam, sgd)`);
  const {seed = 0, range = 1, resolution = 21} = job.plane ?? {};
  const run = train(model, data, {...trainOptions, every, optimizer: opt});
  let diverged = false;
  for (const snapshot of run) {
    diverged = snapshot.diverged !== null;
    yield {type: "training", snapshot};
  }
  if (diverged) return;
  for (const row of lossPlane(model, data, {directions: planeDirections(model, seed), range, resolution})) yield {type: "row", row};
}

/** The worker side: runs the job it is sent and posts each event, then "end" (or "error"). */
export function landscapeHandler(post: (message: FromLandscapeWorker) => void): (message: {type: "start"; job: LandscapeJob}) => void {
  return (message) => {
    if (message?.type !== "start") return;
    try {
      for (const event of landscapeJob(message.job)) post(event);
      post({type: "end"});
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post({type: "error", name: e.name, message: e.message});
    }
  };
}

// Inside a worker, answer the page; imported elsewhere (tests, the page), do nothing.
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const handle = landscapeHandler((message) => scope.postMessage(message));
  scope.onmessage = (event) => handle(event.data);
}
