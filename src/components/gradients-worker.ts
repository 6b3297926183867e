/**
 * The gradients worker: one forward and backward pass per network, off the main thread, for figures
 * that show a freshly initialised network's gradients (the home page, /scaling, /everywhere). At the
 * knobs' maxima one pass takes from a few hundred milliseconds to seconds, far past a frame, so a
 * knob move must not run it on the page. The page side is gradients.ts (gradientsInWorker); a page
 * never imports this file, it runs as
 *   new Worker(import.meta.resolve("./gradients-worker.js"), {type: "module"}).
 *
 * Message in:   {kind, specs, batchSize}    one job per worker; the page terminates the worker to cancel
 * Messages out: {type: "result", results, ms} one result per spec, in order, and how long they took
 *               {type: "error", name, message}
 */
import {gradientNorms, transformerGradients, type NetworkSpec, type TransformerGradients, type TransformerSpec} from "../lib/index.js";

/** The analyses a job can ask for, by kind: each maps one spec (and the batch size) to its result. */
export const analyses = {
  /** Per-layer gradient norms of an MLP (lib/gradients.ts); batch size default 32. */
  gradientNorms: (spec: NetworkSpec, batchSize?: number): Float64Array => gradientNorms(spec, batchSize === undefined ? {} : {batchSize}),
  /** Per-sublayer gradients and token spread of a transformer stack (lib/transformer.ts); batch size default 8. */
  transformerGradients: (spec: TransformerSpec, batchSize?: number): TransformerGradients => transformerGradients(spec, batchSize === undefined ? {} : {batchSize})
} as const;

export type AnalysisKind = keyof typeof analyses;
export type SpecOf<K extends AnalysisKind> = Parameters<(typeof analyses)[K]>[0];
export type ResultOf<K extends AnalysisKind> = ReturnType<(typeof analyses)[K]>;

export interface GradientsJob<K extends AnalysisKind = AnalysisKind> {
  /** Which analysis to run on every spec. */
  kind: K;
  /** The networks, each with its seed; results come back in this order. */
  specs: readonly SpecOf<K>[];
  /** Examples in the batch; default the analysis's own (32 for gradientNorms, 8 for transformerGradients). */
  batchSize?: number;
}

export type FromGradientsWorker<K extends AnalysisKind = AnalysisKind> =
  | {type: "result"; results: ResultOf<K>[]; ms: number}
  | {type: "error"; name: string; message: string};

/** Runs every spec of a job in order; throws the engine's validation error for a bad spec or kind. */
export function runGradientsJob<K extends AnalysisKind>({kind, specs, batchSize}: GradientsJob<K>): {results: ResultOf<K>[]; ms: number} {
  if (!Object.hasOwn(analyses, kind)) throw new Error(`invalid kind: ${String(kind)} (expected one of ${Object.keys(analyses).join(", ")})`);
  if (!Array.isArray(specs)) throw new Error(`invalid specs: ${String(specs)} (expected an array of network specs)`);
  const start = performance.now();
  const analyse = analyses[kind] as (spec: SpecOf<K>, batchSize?: number) => ResultOf<K>;
  const results = specs.map((spec) => analyse(spec, batchSize));
  return {results, ms: performance.now() - start};
}

/** Runs a job and says how it went, as the worker posts it. */
export function answer<K extends AnalysisKind>(job: GradientsJob<K>): FromGradientsWorker<K> {
  try {
    return {type: "result", ...runGradientsJob(job)};
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return {type: "error", name: e.name, message: e.message};
  }
}

// Inside a worker, answer the page; imported elsewhere (tests), do nothing.
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = (event) => scope.postMessage(answer(event.data as GradientsJob));
}
