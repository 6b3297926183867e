/**
 * The /degradation chapter's experiment, one definition shared by the page (which runs it in workers),
 * the build-time loader and the tests (which run it here): plain and residual networks of several
 * depths trained alike, whose training losses are compared (He et al. 2015, arXiv:1512.03385, Fig. 1
 * and Fig. 6).
 *
 * Depth counts weighted layers as the paper does: a network of n two-layer blocks plus its stem and
 * head has L = 2n + 2 layers (the paper's CIFAR-10 nets, 6n + 2 layers, are 3n such blocks plus a
 * first conv and a classifier). So 8, 20, 32 and 56 layers are 3, 9, 15 and 27 blocks.
 */
import {checkInteger, checkNumber, checkOneOf} from "../check.js";
import {spiral, type Dataset} from "../datasets.js";
import {digitsSplit, parseDigits} from "../digits.js";
import {createNetwork, MAX_DEPTH, type Network, type NetworkSpec} from "../network.js";
import {adam, stepSchedule} from "../optim.js";
import {randomSeeded} from "../random.js";
import {train, type Snapshot} from "../train.js";

export const degradationTasks = ["digits", "spiral"] as const;
/** "digits": the 8×8 UCI digits (training part of the seeded split); "spiral": three arms, two turns each. */
export type DegradationTask = (typeof degradationTasks)[number];

/** The spiral task: 600 points on three arms of two turns each, generated from seed 1. */
export const SPIRAL_TASK = Object.freeze({n: 600, classes: 3, turns: 2, noise: 0.02, seed: 1});

/** The largest depth in layers: 2 · MAX_DEPTH blocks + 2. */
export const MAX_LAYERS = 2 * MAX_DEPTH + 2;

/** Blocks in a network of `layers` weighted layers: (L − 2) / 2. L must be even, from 4. */
export function blocksOf(layers: number): number {
  checkInteger("depth in layers", layers, 4, MAX_LAYERS);
  if (layers % 2 !== 0) throw new RangeError(`invalid depth in layers: ${layers} (expected an even number: two layers a block, plus stem and head)`);
  return (layers - 2) / 2;
}

/**
 * The training data of a task. The digits come as the text of data/digits.csv (pages read it with
 * FileAttachment, the loader from disk); the spiral is generated, so the text is not needed.
 */
export function degradationData(task: DegradationTask, digitsText?: string): Dataset {
  checkOneOf("task", task, degradationTasks);
  if (task === "digits") {
    if (typeof digitsText !== "string") throw new TypeError("invalid digits text: none given (the digits task needs data/digits.csv's text)");
    return digitsSplit(parseDigits(digitsText)).train;
  }
  const {n, seed, ...options} = SPIRAL_TASK;
  return spiral(n, {...options, random: randomSeeded(seed)});
}

export interface DegradationOptions {
  /** Depths in weighted layers, each even, from 4. Default [8, 20, 32, 56]. */
  layers?: readonly number[];
  /** Hidden width of every block. Default 16. */
  width?: number;
  /** Optimiser steps per network. Default 300. */
  steps?: number;
  /** Examples per step. Default 32. */
  batchSize?: number;
  /** Adam's step size. Default 3e-3. */
  learningRate?: number;
  /**
   * Fractions of the run at which the step size is divided by 10. Default [0.5, 0.75], as He et al.
   * (0.1, divided by 10 at 32k and 48k of 64k iterations); [] keeps it constant.
   */
  decayAt?: readonly number[];
  /** Steps per snapshot. Default 10. */
  every?: number;
  /** Seeds every network's weights and every minibatch shuffle. Default 0. */
  seed?: number;
  /**
   * Start the last layer of every residual branch at zero (createNetwork's zeroInitLast), so that every
   * residual block starts as the identity. Default true. Without batch normalisation, a branch with the
   * plain layers' He init adds about as much signal as it receives, so the signal's power roughly
   * doubles at every block. The plain networks always keep the full He init: a zero layer would cut
   * their signal.
   */
  residualZeroInit?: boolean;
  /**
   * Normalisation in every branch: "none" (default) or "batch", as in He et al.'s networks (with
   * residualZeroInit, a residual branch then starts with its last batch norm's scale γ at zero).
   */
  norm?: "none" | "batch";
}

export interface DegradationRun {
  /** "plain-20", "residual-56". */
  name: string;
  skip: boolean;
  /** Depth in weighted layers. */
  layers: number;
  /** What createNetwork builds. */
  spec: NetworkSpec;
}

export interface DegradationSetup {
  /** Every plain network, shallow to deep, then every residual one. */
  runs: DegradationRun[];
  /** The training options every run shares (Adam at `learningRate`). */
  train: {steps: number; batchSize: number; every: number; seed: number; learningRate: number; milestones: number[]};
}

/** The networks and training options of the experiment on data of this shape, with defaults filled in and checked. */
export function degradationSetup(data: Pick<Dataset, "inputSize" | "outputSize">, options: DegradationOptions = {}): DegradationSetup {
  const {layers = [8, 20, 32, 56], width = 16, steps = 300, batchSize = 32, learningRate = 3e-3, decayAt = [0.5, 0.75], every = 10, seed = 0, residualZeroInit = true, norm = "none"} = options;
  checkOneOf("norm", norm, ["none", "batch"] as const);
  if (!Array.isArray(layers) || layers.length === 0) throw new RangeError(`invalid depths: ${String(layers)} (expected a list of depths in layers, such as 8, 20, 32, 56)`);
  const depths = [...new Set(layers.map((L) => (blocksOf(L), L)))].sort((a, b) => a - b);
  checkInteger("steps", steps, 1, 1e9);
  checkInteger("every", every, 1, 1e9);
  checkNumber("learning rate", learningRate, 0, 10);
  if (!Array.isArray(decayAt)) throw new TypeError(`invalid decayAt: ${String(decayAt)} (expected fractions of the run, such as [0.5, 0.75])`);
  // The step indices where the rate drops, strictly increasing (stepSchedule checks them again).
  const milestones = [...new Set(decayAt.map((f, i) => Math.round(checkNumber(`decayAt[${i}]`, f, 0, 1) * steps)))].sort((a, b) => a - b);
  const runs = [false, true].flatMap((skip) =>
    depths.map((L) => ({
      name: `${skip ? "residual" : "plain"}-${L}`,
      skip,
      layers: L,
      spec: {inputSize: data.inputSize, outputSize: data.outputSize, width, depth: blocksOf(L), skip, seed, activation: "relu", block: "post", init: "he", norm, zeroInitLast: skip && Boolean(residualZeroInit)} as NetworkSpec
    }))
  );
  return {runs, train: {steps, batchSize, every, seed, learningRate, milestones}};
}

/** One run's training, as a generator of snapshots: what a worker does with the same run. */
export function trainRun(run: DegradationRun, data: Dataset, setup: DegradationSetup["train"], network: Network = createNetwork(run.spec)): Generator<Snapshot, void, undefined> {
  const {learningRate, milestones, ...options} = setup;
  return train(network, data, {...options, optimizer: adam({learningRate}), schedule: milestones.length ? stepSchedule({initial: learningRate, milestones}) : null});
}

export interface FinalLossOptions {
  /** The fraction of the run's steps, at its end, whose snapshot losses are averaged. Default 0.1. */
  tail?: number;
}

/**
 * The training loss at the end of a run: the mean snapshot loss over the last `tail` of its steps (at
 * least the last snapshot), smoothing the minibatch noise. null for a run that diverged or has no snapshot.
 */
export function finalLoss(snapshots: readonly Snapshot[], {tail = 0.1}: FinalLossOptions = {}): number | null {
  checkNumber("tail", tail, 0, 1);
  const last = snapshots[snapshots.length - 1];
  if (!last || last.diverged) return null;
  const from = last.step * (1 - tail);
  let sum = 0, count = 0;
  for (let i = snapshots.length - 1; i >= 0 && (count === 0 || snapshots[i].step > from); --i) {
    if (snapshots[i].loss === null) return null;
    sum += snapshots[i].loss!;
    ++count;
  }
  return sum / count;
}

/**
 * A deeper network that computes exactly what `shallow` computes: He et al.'s argument that depth alone
 * cannot raise the training error ("the added layers are identity mappings, and the other layers are
 * copied from the learned shallower model"). The stem, head and first blocks are copied; each added
 * block is made an identity: a residual one by zeroing its branch (F = 0), a plain one by W₁ = W₂ = I,
 * b = 0, so relu(I · relu(I · h)) = h for the h ≥ 0 that a post-activation ReLU block receives.
 * Needs the default "double" branch, "post" blocks, ReLU, no normalisation and one width throughout.
 */
export function deepenWithIdentities(shallow: Network, depth: number): Network {
  const {widths, ...spec} = shallow.spec;
  if (spec.branch !== "double" || spec.block !== "post" || spec.activation !== "relu" || spec.norm !== "none" || widths.some((w) => w !== spec.width)) {
    throw new RangeError(
      `invalid network: ${spec.branch} branch, ${spec.block} blocks, ${spec.activation}, norm ${spec.norm} (expected double, post, relu, none and one width, where an identity block exists)`
    );
  }
  checkInteger("depth", depth, spec.depth, MAX_DEPTH);
  const deep = createNetwork({...spec, depth});
  const copy = (from: {params: readonly {w: Float64Array}[]}, to: {params: readonly {w: Float64Array}[]}) => from.params.forEach((p, i) => to.params[i].w.set(p.w));
  copy(shallow.stem, deep.stem);
  copy(shallow.head, deep.head);
  shallow.blocks.forEach((block, l) => copy(block, deep.blocks[l]));
  for (const block of deep.blocks.slice(shallow.blocks.length)) {
    for (const p of block.branch.params) {
      p.w.fill(0);
      // A plain block's two width × width weight matrices become the identity: W[o][i] = 1 where o = i.
      if (!block.skip && p.name === "W") for (let i = 0; i < spec.width; ++i) p.w[i * spec.width + i] = 1;
    }
  }
  return deep;
}

/**
 * He et al. (2015, arXiv:1512.03385), quoted for comparison (not computed here: CIFAR-10 ConvNets with
 * batch normalisation, trained 64k iterations on a GPU).
 */
export const HE_2015 = Object.freeze({
  /** Table 6: CIFAR-10 test error (%) of ResNets by depth in layers. (110: best of 5 runs, mean 6.61 ± 0.16; 1202: overfits, say the authors.) */
  cifar10ResNetTestError: Object.freeze({20: 8.75, 32: 7.51, 44: 7.17, 56: 6.97, 110: 6.43, 1202: 7.93}) as Readonly<Record<number, number>>,
  /** Table 2: ImageNet top-1 validation error (%, 10-crop) of 18- and 34-layer plain and residual nets. */
  imagenetTop1: Object.freeze({"plain-18": 27.94, "plain-34": 28.54, "residual-18": 27.88, "residual-34": 25.03}) as Readonly<Record<string, number>>
});
