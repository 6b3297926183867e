// Trains a residual and a plain network of the same spec and seed side by side, as a generator (each
// next() one short slice of training). A page runs it in the compute worker (compute-worker.ts, task
// "lesion-pair"), which sends the progress without the networks (pairProgress) and, at the end, the
// trained weights; rebuildPair makes the two trained networks again on the page, for lesions there.
import {adam, createNetwork, lesionCurve, randomSeeded, train, type Dataset, type LesionPoint, type Network, type NetworkSpec, type Snapshot} from "../lib/index.js";

export interface PairJob {
  /** The shared spec; `skip` is set per network. */
  spec: Omit<NetworkSpec, "skip">;
  data: Dataset;
  test: Dataset;
  /** Optimiser steps for each network. */
  steps: number;
  /** Default 32. */
  batchSize?: number;
  /** Adam's rate, default 1e-3. */
  learningRate?: number;
  /** Steps per slice (per next()), default 10. */
  every?: number;
  /**
   * Spec fields for the residual network alone, e.g. {zeroInitLast: true} to start every residual block
   * as the identity. The plain network keeps the shared spec: a plain block started at zero would pass
   * nothing on. Default none.
   */
  residual?: Partial<NetworkSpec>;
}

export interface RunState {
  net: Network;
  last: Snapshot | null;
}

export interface PairState {
  step: number;
  steps: number;
  done: boolean;
  residual: RunState;
  plain: RunState;
}

/** Yields after every slice; the last value has done = true (also when a run diverged early). */
export function* trainPair({spec, data, test, steps, batchSize = 32, learningRate = 1e-3, every = 10, residual: residualSpec = {}}: PairJob): Generator<PairState, void, undefined> {
  const residual = createNetwork({...spec, ...residualSpec, skip: true});
  const plain = createNetwork({...spec, skip: false});
  const options = {steps, batchSize, every, seed: spec.seed ?? 0, test};
  // One optimiser per run: it carries the run's moment estimates.
  const runs = [
    {state: {net: residual, last: null} as RunState, snapshots: train(residual, data, {...options, optimizer: adam({learningRate})})},
    {state: {net: plain, last: null} as RunState, snapshots: train(plain, data, {...options, optimizer: adam({learningRate})})}
  ];
  const state = (): PairState => {
    const finished = runs.every((r) => r.state.last?.done);
    const step = Math.max(...runs.map((r) => r.state.last?.step ?? 0));
    return {step, steps, done: finished, residual: {...runs[0].state}, plain: {...runs[1].state}};
  };
  yield state();
  while (!runs.every((r) => r.state.last?.done)) {
    for (const run of runs) {
      if (run.state.last?.done) continue;
      const next = run.snapshots.next();
      if (!next.done) run.state.last = next.value;
    }
    yield state();
  }
}

/** What the compute worker sends of a pair: no networks (they do not cross to the page), the weights once trained. */
export interface PairProgress {
  step: number;
  steps: number;
  done: boolean;
  residual: {last: Snapshot | null};
  plain: {last: Snapshot | null};
  /** Every param's weights (in net.params order) of each network, on the last value only. */
  weights: {residual: Float64Array[]; plain: Float64Array[]} | null;
}

/** A pair's state as the worker posts it: copies of the weights once done (the networks keep training otherwise). */
export function pairProgress(state: PairState): PairProgress {
  const copy = (net: Network) => net.params.map((p) => p.w.slice());
  const weights = state.done ? {residual: copy(state.residual.net), plain: copy(state.plain.net)} : null;
  return {step: state.step, steps: state.steps, done: state.done, residual: {last: state.residual.last}, plain: {last: state.plain.last}, weights};
}

/**
 * The trained pair again, from the job's spec and the weights pairProgress sent: the same networks,
 * their params overwritten. Only params cross, so a spec with batch norm (running statistics) is refused.
 */
export function rebuildPair({spec, residual: residualSpec = {}}: Pick<PairJob, "spec" | "residual">, progress: PairProgress): PairState {
  if (!progress.weights) throw new RangeError("invalid pair: not trained yet (expected the last value, with weights)");
  if ((spec.norm ?? "none") === "batch" || residualSpec.norm === "batch") throw new RangeError("invalid spec: norm batch (expected none or layer: running statistics are not sent)");
  const load = (net: Network, weights: Float64Array[]) => {
    if (weights.length !== net.params.length) throw new RangeError(`invalid weights: ${weights.length} tensors (expected ${net.params.length})`);
    net.params.forEach((p, i) => {
      if (weights[i].length !== p.w.length) throw new RangeError(`invalid weights: ${weights[i].length} numbers for ${p.name} (expected ${p.w.length})`);
      p.w.set(weights[i]);
    });
    return net;
  };
  const residual = load(createNetwork({...spec, ...residualSpec, skip: true}), progress.weights.residual);
  const plain = load(createNetwork({...spec, skip: false}), progress.weights.plain);
  return {step: progress.step, steps: progress.steps, done: progress.done, residual: {net: residual, last: progress.residual.last}, plain: {net: plain, last: progress.plain.last}};
}

/** "Training: step 120 of 400 (residual loss 0.41, plain loss 0.87)", or the final accuracies. */
export function describeTraining(pair: Pick<PairState, "step" | "steps" | "done"> & {residual: Pick<RunState, "last">; plain: Pick<RunState, "last">}): string {
  const loss = (run: Pick<RunState, "last">) => (run.last?.loss == null ? "–" : run.last.loss.toFixed(2));
  const accuracy = (run: Pick<RunState, "last">) => (run.last?.testAccuracy == null ? "–" : `${(100 * run.last.testAccuracy).toFixed(1)}%`);
  const diverged = [pair.residual, pair.plain].filter((r) => r.last?.diverged).length;
  if (!pair.done) return `Training both networks: step ${pair.step} of ${pair.steps} (training loss: residual ${loss(pair.residual)}, plain ${loss(pair.plain)}).`;
  return (
    `Trained for ${pair.steps} steps each. Test accuracy: residual ${accuracy(pair.residual)}, plain ${accuracy(pair.plain)}.` +
    (diverged ? ` ${pair.residual.last?.message ?? ""} ${pair.plain.last?.message ?? ""}`.trimEnd() : "")
  );
}

export interface CurvePair {
  residual: LesionPoint[];
  plain: LesionPoint[];
  done: boolean;
}

/**
 * Both networks' lesion curves (lesionCurve), one count k of one network per next(), alternating, so
 * the two curves grow together. Each network draws its sets from its own randomSeeded(seed): the two
 * lose the same blocks, trial for trial.
 */
export function* lesionCurvePair(pair: PairState, data: Dataset, {trials = 6, seed = 0}: {trials?: number; seed?: number} = {}): Generator<CurvePair, void, undefined> {
  const residual = lesionCurve(pair.residual.net, data, {trials, random: randomSeeded(seed)});
  const plain = lesionCurve(pair.plain.net, data, {trials, random: randomSeeded(seed)});
  const out: CurvePair = {residual: [], plain: [], done: false};
  yield {...out};
  for (let more = true; more; ) {
    more = false;
    for (const [points, curve] of [[out.residual, residual], [out.plain, plain]] as const) {
      const next = curve.next();
      if (next.done) continue;
      points.push(next.value);
      more = true;
      yield {residual: [...out.residual], plain: [...out.plain], done: false};
    }
  }
  yield {residual: out.residual, plain: out.plain, done: true};
}
