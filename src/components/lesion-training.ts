// Trains a residual and a plain network of the same spec and seed side by side, on the main thread, as a
// generator a page cell iterates (Framework pulls one value per animation frame, so each next() is one
// short slice of training and the page stays live). The trained networks themselves are the point:
// the lesion study runs on their weights, which the training worker does not send back.
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

/** "Training: step 120 of 400 (residual loss 0.41, plain loss 0.87)", or the final accuracies. */
export function describeTraining(pair: PairState): string {
  const loss = (run: RunState) => (run.last?.loss == null ? "–" : run.last.loss.toFixed(2));
  const accuracy = (run: RunState) => (run.last?.testAccuracy == null ? "–" : `${(100 * run.last.testAccuracy).toFixed(1)}%`);
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
