/**
 * The compute worker: runs one named analysis off the main thread, as a generator, and posts each of
 * its values to the page. For work too long for a frame that is not a training run of trainer-worker.ts:
 * a gradient sweep, path gradients, a lesion study, a deep network's gradient norms or ledger (one
 * forward and backward pass of a 1,000-block network takes on the order of a second). The page side is
 * compute.ts (computeInWorker, computeOnce, liveInWorker); a page never makes this worker itself.
 *
 * Messages in:  {type: "start", task, args, ahead}  run tasks[task](args), at most `ahead` values beyond those acknowledged
 *               {type: "more", count}                the page took `count` values: that many more may be computed
 * Messages out: {type: "value", value}               one value of the generator (structured-cloned)
 *               {type: "end"}                        the generator finished
 *               {type: "error", name, message}       it threw (a bad argument: the engine's message)
 */
import {autocorrelation, blockSpectrum, correlationByDepth, createNetwork, evaluateLesioned, gradientLedger, gradientNorms, inputGradientAlongLine, pathGradientByLength, pathGradientSamples, randomSeeded, scaleBranches, shortcutCensus, shortcutSpectra, skipPathSpectra, transformerGradients, type BlockSpectrumSpec, type CorrelationByDepthOptions, type Dataset, type LineOptions, type LineSpec, type NetworkSpec, type ResNetSpec, type SkipPathOptions, type SpectraOptions, type TransformerSpec} from "../lib/index.js";
import {lesionCurvePair, pairProgress, rebuildPair, trainPair, type PairJob, type PairProgress} from "./lesion-training.js";

/** The arguments of each task (plain data: they are structured-cloned into the worker). */
export interface TaskArgs {
  /** pathGradientSamples on createNetwork(spec) with every branch scaled by `scale`; batches drawn with randomSeeded(seed). */
  "path-gradients": {spec: NetworkSpec; scale: number; data: Dataset; samples: number; batchSize: number; seed: number};
  /** inputGradientAlongLine for the plain and the residual network of one spec: one value. */
  "line-gradients": {spec: Omit<LineSpec, "skip">; line: LineOptions};
  /** correlationByDepth's values, one network each. */
  "correlation-by-depth": {spec: Omit<LineSpec, "depth" | "skip">; depths: number[]; options: CorrelationByDepthOptions};
  /** trainPair's slices as pairProgress (the last with the trained weights). */
  "lesion-pair": PairJob;
  /** lesionCurvePair on the pair rebuilt from `progress` (the last value of "lesion-pair"). */
  "lesion-curves": {job: Pick<PairJob, "spec" | "residual">; progress: PairProgress; data: Dataset; trials: number; seed: number};
  /** shortcutCensus of one ResNet spec: one value. */
  "shortcut-census": Omit<ResNetSpec, "shortcut">;
  /** Both rebuilt networks' test accuracy with the blocks `deleted`: one value, {deleted, residual, plain}. */
  "lesion-evaluate": {job: Pick<PairJob, "spec" | "residual">; progress: PairProgress; data: Dataset; deleted: number[]};
  /** blockSpectrum(spec): the singular values of J_F and I + J_F, one value. */
  "block-spectrum": BlockSpectrumSpec;
  /** The lag-`lag` autocorrelation of inputGradientAlongLine(spec, line)'s gradient: one number. */
  "line-autocorrelation": {spec: LineSpec; line: LineOptions; lag: number};
  /** pathGradientByLength on createNetwork(spec) with every branch scaled by `scale`, batches drawn with randomSeeded(seed): one value, the rows. */
  "path-gradient-by-length": {spec: NetworkSpec; scale: number; data: Dataset; samples: number; batchSize: number; seed: number};
  /** shortcutSpectra(options): the singular values of each shortcut's matrix, one value. */
  "shortcut-spectra": SpectraOptions;
  /** skipPathSpectra(options): the skip-only path's singular values after each block, one value. */
  "skip-path-spectra": SkipPathOptions;
  /** gradientNorms of every spec, in order, on `batchSize` examples (default 32): one value, the array of norms. */
  "gradient-norms": {specs: readonly NetworkSpec[]; batchSize?: number};
  /** transformerGradients of every spec, in order, on `batchSize` sequences (default 8): one value, the array. */
  "transformer-gradients": {specs: readonly TransformerSpec[]; batchSize?: number};
  /** gradientLedger of the plain and the residual network of one spec (its `skip` is set here), same seed and batch (default 32): one value, {plain, residual}. */
  "ledger-pair": {spec: NetworkSpec; batchSize?: number};
}

export type TaskName = keyof TaskArgs;

/** Each task as a generator of plain values; the one place a task is added. */
export const tasks: {readonly [K in TaskName]: (args: TaskArgs[K]) => Iterator<unknown>} = Object.freeze({
  *"path-gradients"({spec, scale, data, samples, batchSize, seed}: TaskArgs["path-gradients"]) {
    const net = createNetwork(spec);
    scaleBranches(net, scale);
    yield* pathGradientSamples(net, data, {samples, batchSize, random: randomSeeded(seed)});
  },
  *"line-gradients"({spec, line}: TaskArgs["line-gradients"]) {
    const plain = inputGradientAlongLine({...spec, skip: false}, line);
    const residual = inputGradientAlongLine({...spec, skip: true}, line);
    yield {x: plain.x, plain: plain.gradient, residual: residual.gradient};
  },
  "correlation-by-depth": ({spec, depths, options}: TaskArgs["correlation-by-depth"]) => correlationByDepth(spec, depths, options),
  *"lesion-pair"(job: TaskArgs["lesion-pair"]) {
    for (const state of trainPair(job)) yield pairProgress(state);
  },
  "lesion-curves": ({job, progress, data, trials, seed}: TaskArgs["lesion-curves"]) => lesionCurvePair(rebuildPair(job, progress), data, {trials, seed}),
  *"shortcut-census"(spec: TaskArgs["shortcut-census"]) {
    yield shortcutCensus(spec);
  },
  *"lesion-evaluate"({job, progress, data, deleted}: TaskArgs["lesion-evaluate"]) {
    const pair = rebuildPair(job, progress);
    yield {deleted, residual: evaluateLesioned(pair.residual.net, data, deleted).accuracy, plain: evaluateLesioned(pair.plain.net, data, deleted).accuracy};
  },
  *"block-spectrum"(spec: TaskArgs["block-spectrum"]) {
    yield blockSpectrum(spec);
  },
  *"line-autocorrelation"({spec, line, lag}: TaskArgs["line-autocorrelation"]) {
    yield autocorrelation(inputGradientAlongLine(spec, line).gradient, lag);
  },
  *"path-gradient-by-length"({spec, scale, data, samples, batchSize, seed}: TaskArgs["path-gradient-by-length"]) {
    const net = createNetwork(spec);
    scaleBranches(net, scale);
    yield pathGradientByLength(net, data, {samples, batchSize, random: randomSeeded(seed)});
  },
  *"shortcut-spectra"(options: TaskArgs["shortcut-spectra"]) {
    yield shortcutSpectra(options);
  },
  *"skip-path-spectra"(options: TaskArgs["skip-path-spectra"]) {
    yield skipPathSpectra(options);
  },
  *"gradient-norms"({specs, batchSize}: TaskArgs["gradient-norms"]) {
    yield eachSpec(specs).map((spec) => gradientNorms(spec, {batchSize}));
  },
  *"transformer-gradients"({specs, batchSize}: TaskArgs["transformer-gradients"]) {
    yield eachSpec(specs).map((spec) => transformerGradients(spec, {batchSize}));
  },
  *"ledger-pair"({spec, batchSize}: TaskArgs["ledger-pair"]) {
    yield {plain: gradientLedger({...spec, skip: false}, {batchSize}), residual: gradientLedger({...spec, skip: true}, {batchSize})};
  }
});

/** A task's list of specs, refused unless it is an array (the engine checks each spec). */
function eachSpec<S>(specs: readonly S[]): readonly S[] {
  if (!Array.isArray(specs)) throw new TypeError(`invalid specs: ${String(specs)} (expected an array of network specs)`);
  return specs;
}

export type ToComputeWorker = {type: "start"; task: TaskName; args: unknown; ahead: number} | {type: "more"; count: number};
export type FromComputeWorker = {type: "value"; value: unknown} | {type: "end"} | {type: "error"; name: string; message: string};

/** The worker side: a message handler that runs one task. `post` sends a message to the page. */
export function computeHandler(post: (message: FromComputeWorker) => void): (message: ToComputeWorker) => void {
  let credit = 0; // values that may still be computed before the page takes more
  let wake: (() => void) | null = null;

  async function run(task: TaskName, args: unknown): Promise<void> {
    try {
      if (!Object.hasOwn(tasks, task)) throw new RangeError(`invalid task: ${JSON.stringify(task)} (expected one of ${Object.keys(tasks).join(", ")})`);
      const values = tasks[task](args as never);
      for (let next = values.next(); !next.done; next = values.next()) {
        post({type: "value", value: next.value});
        --credit;
        // Let a queued "more" in, then wait while the page is behind (a figure out of view stops asking).
        await new Promise((resolve) => setTimeout(resolve, 0));
        while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
      }
      post({type: "end"});
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post({type: "error", name: e.name, message: e.message});
    }
  }

  return (message) => {
    if (message.type === "start") {
      credit = message.ahead;
      void run(message.task, message.args);
    } else if (message.type === "more") {
      credit += message.count;
      const w = wake;
      wake = null;
      w?.();
    }
  };
}

// Inside a worker, answer the page; imported elsewhere (tests, the page), do nothing.
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const handle = computeHandler((message) => scope.postMessage(message));
  scope.onmessage = (event) => handle(event.data as ToComputeWorker);
}
