/**
 * Networks from a plain spec. A network is a stem (input → width), `depth` blocks, and a head
 * (width → output). Plain and residual networks come from the same spec with one switch, `skip`, and
 * every layer draws its weights from its own seeded stream, so the two share every weight: a
 * comparison between them is like for like.
 *
 * This module also holds what every network builder shares (the MLP here, the ResNet in resnet.ts):
 * `sequentialNetwork`, which runs stem, blocks and head and records gradient norms, and the
 * initialisation of residual branches, including the network-level schemes Fixup and SkipInit.
 */
import {activationNames, type ActivationName} from "./activations.js";
import {activationLayer} from "./activation-layer.js";
import {checkBatch, checkInteger, checkNumber, checkOneOf} from "./check.js";
import {type Conv2d} from "./conv.js";
import {dense, type Dense} from "./dense.js";
import {pow} from "./fmath.js";
import {initialize, initNames} from "./init.js";
import {norm, type Layer, type Param} from "./layer.js";
import {batchNorm, layerNorm} from "./norm.js";
import {checkSeed, deriveSeed, randomSeeded} from "./random.js";
import {residual, type Residual} from "./residual.js";
import {sequential} from "./sequential.js";
import {denseProjection} from "./shortcuts.js";

export const blockNames = ["post", "pre"] as const;
export type BlockName = (typeof blockNames)[number];
export const branchNames = ["double", "single"] as const;
export type BranchName = (typeof branchNames)[number];
export const normNames = ["none", "batch", "layer"] as const;
export type NormName = (typeof normNames)[number];
/** The per-layer schemes of init.ts, plus Fixup, which is a scheme for a whole residual network. */
export const networkInitNames = [...initNames, "fixup"] as const;
export type NetworkInitName = (typeof networkInitNames)[number];

export const MAX_DEPTH = 2000;
export const MAX_WIDTH = 1024;

/** The fields every residual network spec shares (createNetwork's and createResNet's). */
export interface ResidualSchemeSpec {
  /** Default "relu". */
  activation?: ActivationName;
  /** Residual (true, default) or plain (false): the same network with or without the skip. */
  skip?: boolean;
  /**
   * Default "he" (He and Glorot use the layer's fan-in and fan-out). "fixup" (Zhang et al. 2019): He
   * init, then each branch's weight layers scaled by L^(−1/(2m−2)) (L = blocks, m = weight layers per
   * branch), the last layer of each branch and the classifier at zero. Fixup's scalar biases are
   * subsumed by our layers' per-unit biases; its scalar multiplier is left out (set `alpha` for a
   * learned one).
   */
  init?: NetworkInitName;
  /**
   * SkipInit-style: start the last layer of each branch at zero (its norm's scale when the branch ends
   * in a norm, as in Goyal et al. 2017's zero-γ; else its weights and bias). Default false.
   */
  zeroInitLast?: boolean;
  /** If a number, a learned scalar α on each branch, y = x + α F(x), starting there (ReZero: 0). Default null (none). */
  alpha?: number | null;
  /** λ in y = λ S(x) + F(x), a fixed scale on every shortcut. Default 1. */
  skipScale?: number;
  /** Seed of every weight. Default 0. */
  seed?: number;
}

/** Checks the shared fields and fills in their defaults. */
export function residualSchemeSpec(spec: ResidualSchemeSpec): Required<ResidualSchemeSpec> {
  const {activation = "relu", skip = true, init = "he", zeroInitLast = false, alpha = null, skipScale = 1, seed = 0} = spec;
  return {
    activation: checkOneOf("activation", activation, activationNames),
    skip: Boolean(skip),
    init: checkOneOf("init", init, networkInitNames),
    zeroInitLast: Boolean(zeroInitLast),
    alpha: alpha === null ? null : checkNumber("alpha", alpha, -1e3, 1e3),
    skipScale: checkNumber("skip scale", skipScale, -1e3, 1e3),
    seed: checkSeed(seed)
  };
}

export interface NetworkSpec extends ResidualSchemeSpec {
  /** Numbers per example in. */
  inputSize: number;
  /** Numbers per example out. */
  outputSize: number;
  /** Width of the stem's output, and of every block unless `widths` says otherwise. */
  width: number;
  /** Number of blocks, 1 to 2000. */
  depth: number;
  /** The branch F: "double" is dense, act, dense (default); "single" is one dense layer. */
  branch?: BranchName;
  /**
   * "post" (default): y = act(x + F(x)), the block of He et al. 2015; with a norm,
   *   F = dense, norm, act, dense, norm.
   * "pre": y = x + F(x), F = act, dense, act, dense, the clean identity path of He et al. 2016; with a
   *   norm, F = norm, act, dense, norm, act, dense. ("single" drops the first dense and what follows it.)
   */
  block?: BlockName;
  /**
   * Normalisation inside each branch: "none" (default), "batch" or "layer". Dense layers followed by
   * batch norm drop their bias, which the norm would cancel.
   */
  norm?: NormName;
  /**
   * The output width of each block (depth entries, each 1 to 1024); the stem gives `width`. Where a
   * block changes width its shortcut is a dense projection W_s x (the MLP's option B, with the
   * branch's norm after it in post blocks). Default: every block `width` wide.
   */
  widths?: readonly number[];
  /**
   * Multiplies every initial weight (the parameters that take weight decay: dense weights and shortcut
   * projections; biases and norm scales stay as drawn), 0 to 100. Default 1. gain > 1 is the "large
   * initialisation" that makes products of layer factors explode; gain < 1 shrinks every branch toward
   * zero. The weights are drawn as `init` says, then multiplied: w = (scale · r) · gain for the stream r.
   */
  gain?: number;
}

/**
 * What every network built here presents: layers in order, their parameters, and one pass each way.
 * It is itself a Layer (kind "network"), so a whole network can be gradient-checked or nested.
 */
export interface SequentialNetwork<Stem extends Layer = Layer, Head extends Layer = Layer> extends Layer {
  readonly kind: "network";
  readonly stem: Stem;
  readonly blocks: readonly Residual[];
  readonly head: Head;
  /** stem, blocks, head: the layers in order. */
  readonly layers: readonly Layer[];
  readonly params: readonly Param[];
  /** Learned numbers in all (running statistics are not parameters). */
  readonly paramCount: number;
  /** Numbers per example in and out (the same as inSize and outSize). */
  readonly inputSize: number;
  readonly outputSize: number;
  /**
   * After backward: gradNorms[k] = ‖∂L/∂(input of layers[k])‖ over the batch, and the last entry is
   * ‖∂L/∂(network output)‖. So gradNorms[1 + l] is the gradient at h_l, the input of block l + 1.
   */
  readonly gradNorms: Float64Array;
  /** Runs the batch through; `training` (default true) selects batch statistics in batch norms. */
  forward(x: Float64Array, batch: number, training?: boolean): Float64Array;
  backward(dOutput: Float64Array, batch: number): Float64Array;
}

export interface Network extends SequentialNetwork<Dense, Dense> {
  readonly spec: Required<NetworkSpec>;
}

/** The number of learned scalars in a list of parameters. */
export function countParams(params: readonly Param[]): number {
  let n = 0;
  for (const p of params) n += p.w.length;
  return n;
}

/** Chains stem, blocks and head into one network that checks batch shapes and records gradient norms. */
export function sequentialNetwork<Stem extends Layer, Head extends Layer>(stem: Stem, blocks: readonly Residual[], head: Head): SequentialNetwork<Stem, Head> {
  const layers: Layer[] = [stem, ...blocks, head];
  sequential(layers); // checks that each layer takes what the previous one gives
  const inputSize = stem.inSize, outputSize = head.outSize;
  const params = layers.flatMap((layer) => layer.params);
  const gradNorms = new Float64Array(layers.length + 1);
  return {
    kind: "network",
    inSize: inputSize,
    outSize: outputSize,
    stem,
    blocks,
    head,
    layers,
    params,
    paramCount: countParams(params),
    inputSize,
    outputSize,
    gradNorms,
    forward(x, batch, training = true) {
      checkBatch("input", x, batch, inputSize);
      for (const layer of layers) x = layer.forward(x, batch, training);
      return x;
    },
    backward(dy, batch) {
      checkBatch("output gradient", dy, batch, outputSize);
      gradNorms[layers.length] = norm(dy, batch * outputSize);
      for (let k = layers.length - 1; k >= 0; --k) {
        dy = layers[k].backward(dy, batch);
        gradNorms[k] = norm(dy, batch * layers[k].inSize);
      }
      return dy;
    }
  };
}

/** A layer with a weight matrix that initialisation fills. */
export type WeightLayer = Dense | Conv2d;

function isWeightLayer(layer: Layer): layer is WeightLayer {
  return layer.kind === "dense" || layer.kind === "conv2d";
}

/**
 * Fills a weight layer's W from the stream deriveSeed(seed, ...key), so that each layer's weights
 * depend only on the seed and its own key (biases stay at zero). Fixup's base scheme is He.
 * @param gain multiplies the standard deviation
 */
export function initWeights(layer: WeightLayer, scheme: NetworkInitName, seed: number, key: readonly number[], gain = 1): void {
  const [fanIn, fanOut] = layer.kind === "conv2d" ? [layer.fanIn, layer.fanOut] : [layer.inSize, layer.outSize];
  initialize(layer.W, scheme === "fixup" ? "he" : scheme, fanIn, fanOut, randomSeeded(deriveSeed(seed, ...key)), gain);
}

/** Sets the last layer with parameters to zero: a norm's scale (γ or gain), or all of a weight layer's parameters. */
export function zeroLastLayer(layers: readonly Layer[]): void {
  let k = layers.length - 1;
  while (k >= 0 && layers[k].params.length === 0) --k;
  if (k < 0) return;
  const last = layers[k];
  if (last.kind === "batchNorm" || last.kind === "layerNorm") last.params[0].w.fill(0); // y = 0·x̂ + β, β = 0
  else for (const p of last.params) p.w.fill(0);
}

export interface BranchInit {
  init: NetworkInitName;
  seed: number;
  /** The block's number l (1-based): its k-th weight layer draws from deriveSeed(seed, l, k). */
  block: number;
  /** L, blocks in the network (Fixup's scale). */
  blocks: number;
  /** Zero the last layer (SkipInit-style). */
  zeroLast: boolean;
}

/**
 * Initialises one residual branch. With Fixup, each weight layer's He draw is scaled by L^(−1/(2m−2))
 * for its m weight layers and the last layer starts at zero: Zhang et al.'s choice so that one SGD step
 * changes the network's output by O(η) whatever the depth L; with m = 1 that one layer is zero and no
 * scale is needed. With `zeroLast` (SkipInit-style) the last layer starts at zero. Either way F(x) = 0 at init
 * and the block is the identity (before any post activation).
 */
export function initBranch(layers: readonly Layer[], {init, seed, block, blocks, zeroLast}: BranchInit): void {
  const weights = layers.filter(isWeightLayer);
  const m = weights.length;
  const gain = init === "fixup" && m > 1 ? pow(blocks, -1 / (2 * m - 2)) : 1;
  weights.forEach((layer, k) => initWeights(layer, init, seed, [block, k], gain));
  if (init === "fixup" || zeroLast) zeroLastLayer(layers);
}

/** Fills in defaults and checks every field, with a message naming the bad value and the range. */
export function networkSpec(spec: NetworkSpec): Required<NetworkSpec> {
  if (spec === null || typeof spec !== "object") throw new TypeError(`invalid network spec: ${String(spec)}`);
  const {branch = "double", block = "post", norm = "none", gain = 1} = spec;
  const width = checkInteger("width", spec.width, 1, MAX_WIDTH);
  const depth = checkInteger("depth", spec.depth, 1, MAX_DEPTH);
  return {
    inputSize: checkInteger("input size", spec.inputSize, 1, 1 << 20),
    outputSize: checkInteger("output size", spec.outputSize, 1, 1 << 16),
    width,
    depth,
    branch: checkOneOf("branch", branch, branchNames),
    block: checkOneOf("block", block, blockNames),
    norm: checkOneOf("norm", norm, normNames),
    widths: checkWidths(spec.widths, width, depth),
    gain: checkNumber("gain", gain, 0, 100),
    ...residualSchemeSpec(spec)
  };
}

function checkWidths(widths: readonly number[] | undefined, width: number, depth: number): readonly number[] {
  if (widths === undefined) return Array.from({length: depth}, () => width);
  if (!Array.isArray(widths) || widths.length !== depth) {
    throw new RangeError(`invalid widths: ${Array.isArray(widths) ? `${widths.length} entries` : String(widths)} (expected an array of ${depth}, one per block)`);
  }
  return widths.map((w, l) => checkInteger(`width of block ${l + 1}`, w, 1, MAX_WIDTH));
}

export function createNetwork(input: NetworkSpec): Network {
  const spec = networkSpec(input);
  const {inputSize, outputSize, width, depth, activation, skip, branch, block, norm, init, zeroInitLast, alpha, skipScale, widths, gain, seed} = spec;
  const act = (size: number) => activationLayer(activation, size);
  const normOf = (size: number): Layer[] => (norm === "batch" ? [batchNorm(size)] : norm === "layer" ? [layerNorm(size)] : []);
  // A dense layer followed by a norm: batch norm subtracts each unit's mean, so a bias there would do nothing.
  const normed = (inSize: number, outSize: number) => dense(inSize, outSize, {bias: norm !== "batch"});
  const stem = dense(inputSize, width);
  initWeights(stem, init, seed, [0]);
  const blocks: Residual[] = [];
  let w = width; // the width coming into the block
  for (let l = 1; l <= depth; ++l) {
    const out = widths[l - 1];
    const F: Layer[] =
      block === "post"
        ? branch === "double"
          ? [normed(w, out), ...normOf(out), act(out), normed(out, out), ...normOf(out)]
          : [normed(w, out), ...normOf(out)]
        : branch === "double"
          ? [...normOf(w), act(w), normed(w, out), ...normOf(out), act(out), dense(out, out)]
          : [...normOf(w), act(w), dense(w, out)];
    initBranch(F, {init, seed, block: l, blocks: depth, zeroLast: zeroInitLast});
    const shortcut = out === w ? null : denseProjection(w, out, {norm: block === "post" ? norm : "none"});
    if (shortcut) initWeights(shortcut.linear, init, seed, [l, 2]);
    blocks.push(residual(sequential(F), {skip, shortcut, scale: skipScale, alpha, post: block === "post" ? act(out) : null}));
    w = out;
  }
  const head = dense(w, outputSize);
  initWeights(head, init, seed, [depth + 1]);
  if (init === "fixup") head.W.fill(0); // Fixup starts the classifier at zero too
  const net = sequentialNetwork(stem, blocks, head);
  // The init gain, after the draw: weights are the parameters that take weight decay.
  if (gain !== 1) for (const p of net.params) if (p.decay) for (let i = 0; i < p.w.length; ++i) p.w[i] *= gain;
  return {spec, ...net};
}
