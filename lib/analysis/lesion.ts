/**
 * Lesions (Veit, Wilber & Belongie 2016, arXiv:1605.06431, sec. 4): delete blocks of a trained network
 * at test time and see what is left. A residual block with its branch deleted keeps only its skip,
 *   y = post(λ · S(x)),
 * which for the usual identity shortcut, λ = 1 and a pre-activation block is y = x: the block is gone
 * and every path that avoided it survives. A plain block has no skip, so "deleting" it can only mean
 * replacing it with the identity, y = x (what Veit et al. did to VGG's layers): the next block then
 * receives features it was never trained on, since every path went through the deleted one.
 */
import {checkInteger} from "../check.js";
import {type Dataset} from "../datasets.js";
import {ensure, norm, type Layer, type Param} from "../layer.js";
import {type Random} from "../random.js";
import {type Residual} from "../residual.js";
import {sequential} from "../sequential.js";
import {evaluate, type Evaluation, type LossName, type Model} from "../train.js";

/** What the analyses need of a network: a stem, residual blocks and a head (createNetwork's networks fit). */
export interface BlockNetwork {
  readonly stem: Layer;
  readonly blocks: readonly Residual[];
  readonly head: Layer;
}

/**
 * A block with its branch deleted, as a layer. Residual (skip kept): forward y = post(λ S(x)), backward
 * dx = λ S'ᵀ post'ᵀ dy. Plain (no skip): the identity, forward y = x and backward dx = dy.
 * It shares the block's shortcut and post layers (and their caches): run it, not the block, between
 * its forward and backward.
 */
export function lesionedBlock(block: Residual): Layer {
  const {inSize, outSize, shortcut, post, scale} = block;
  if (!block.skip) {
    if (inSize !== outSize) throw new RangeError(`invalid lesion: a plain block mapping ${inSize} numbers to ${outSize} cannot be replaced by the identity`);
    return {kind: "identity", inSize, outSize, params: [], forward: (x) => x, backward: (dy) => dy};
  }
  const params: Param[] = [...(shortcut ? shortcut.params : []), ...(post ? post.params : [])];
  let z: Float64Array = new Float64Array(0);
  let dz: Float64Array = new Float64Array(0);
  return {
    kind: "lesioned",
    inSize,
    outSize,
    params,
    forward(x, batch, training) {
      const n = batch * outSize;
      const s = shortcut ? shortcut.forward(x, batch, training) : x;
      z = ensure(z, n);
      for (let i = 0; i < n; ++i) z[i] = scale * s[i]; // z = λ S(x): the sum without its branch term
      return post ? post.forward(z, batch, training) : z;
    },
    backward(dy, batch) {
      const n = batch * outSize;
      const g = post ? post.backward(dy, batch) : dy; // ∂L/∂z
      dz = ensure(dz, n);
      for (let i = 0; i < n; ++i) dz[i] = scale * g[i]; // ∂L/∂S = λ ∂L/∂z
      return shortcut ? shortcut.backward(dz, batch) : dz;
    }
  };
}

/**
 * The network with the blocks in `deleted` (0-based indices) lesioned, as a Model that train()'s
 * evaluate() and a further training run accept. It shares every weight with `net`, copies none, and
 * leaves `net` itself unchanged (its own forward still runs every block).
 */
export function lesioned(net: BlockNetwork, deleted: Iterable<number>): Model & Layer {
  const gone = checkDeleted(net, deleted);
  const layers: Layer[] = [net.stem, ...net.blocks.map((block, l) => (gone.has(l) ? lesionedBlock(block) : block)), net.head];
  const chain = sequential(layers);
  const gradNorms = new Float64Array(layers.length + 1);
  return {
    kind: "lesioned-network",
    inSize: chain.inSize,
    outSize: chain.outSize,
    params: chain.params,
    gradNorms,
    forward: (x, batch, training = true) => chain.forward(x, batch, training),
    backward(dy, batch) {
      // As Network.backward: gradNorms[k] is ‖∂L/∂(input of layers[k])‖, the last entry ‖∂L/∂output‖.
      gradNorms[layers.length] = norm(dy, batch * chain.outSize);
      for (let k = layers.length - 1; k >= 0; --k) {
        dy = layers[k].backward(dy, batch);
        gradNorms[k] = norm(dy, batch * layers[k].inSize);
      }
      return dy;
    }
  };
}

/**
 * The output of `net` on a batch with the blocks in `deleted` lesioned (see lesioned()), with
 * training = false. Deleting nothing gives net.forward(x, batch, false) exactly, bit for bit.
 * The returned buffer belongs to the network's head.
 */
export function lesionedForward(net: BlockNetwork, x: Float64Array, batch: number, deleted: Iterable<number>): Float64Array {
  return lesioned(net, deleted).forward(x, batch, false);
}

/** The loss and accuracy of `net` on `data` with the blocks in `deleted` lesioned. */
export function evaluateLesioned(net: BlockNetwork, data: Dataset, deleted: Iterable<number>, loss?: LossName): Evaluation {
  return evaluate(lesioned(net, deleted), data, loss);
}

/** `k` distinct block indices out of `n`, drawn uniformly from `random` (a partial Fisher–Yates shuffle), sorted. */
export function randomBlocks(random: Random, n: number, k: number): number[] {
  checkInteger("number of blocks", n, 0, 1 << 20);
  checkInteger("blocks to choose", k, 0, n);
  const order = Array.from({length: n}, (_, i) => i);
  for (let i = 0; i < k; ++i) {
    const j = i + Math.floor(random() * (n - i)); // a uniform pick among the n − i not yet chosen
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, k).sort((a, b) => a - b);
}

export interface LesionCurveOptions {
  /** Random sets of blocks deleted per count k (k = 0 and k = n have only one set). Default 10. */
  trials?: number;
  /** The source of every choice of blocks. The same random stream gives the same sets to any network. */
  random: Random;
  /** The largest number of blocks deleted. Default all of them. */
  maxDeleted?: number;
  /** Default "softmax" when the data has classes, else "mse". */
  loss?: LossName;
}

export interface LesionPoint {
  /** How many blocks were deleted. */
  deleted: number;
  /** Mean accuracy over the trials (null for regression data). */
  accuracy: number | null;
  /** Lowest and highest accuracy over the trials. */
  min: number | null;
  max: number | null;
  /** Mean loss over the trials (null if any was not finite). */
  loss: number | null;
  /** The sets of blocks deleted, one per trial. */
  sets: number[][];
}

/**
 * Accuracy against the number of blocks deleted (Veit et al. 2016, Fig. 5a): for k = 0, 1, … maxDeleted,
 * delete `trials` random sets of k blocks and evaluate on `data`. A generator: each next() evaluates one k,
 * so a page can draw the curve as it grows without freezing.
 */
export function* lesionCurve(net: BlockNetwork, data: Dataset, {trials = 10, random, maxDeleted, loss}: LesionCurveOptions): Generator<LesionPoint, void, undefined> {
  const n = net.blocks.length;
  checkInteger("trials", trials, 1, 10_000);
  const top = checkInteger("largest number deleted", maxDeleted ?? n, 0, n);
  if (typeof random !== "function") throw new TypeError(`invalid random: ${String(random)} (expected a seeded Random, e.g. randomSeeded(0))`);
  for (let k = 0; k <= top; ++k) {
    const count = k === 0 || k === n ? 1 : trials; // one way to delete none, or all
    const sets = Array.from({length: count}, () => randomBlocks(random, n, k));
    const results = sets.map((set) => evaluateLesioned(net, data, set, loss));
    const accuracies = results.map((r) => r.accuracy);
    const losses = results.map((r) => r.loss);
    const hasAccuracy = accuracies.every((a) => a !== null);
    yield {
      deleted: k,
      accuracy: hasAccuracy ? mean(accuracies as number[]) : null,
      min: hasAccuracy ? Math.min(...(accuracies as number[])) : null,
      max: hasAccuracy ? Math.max(...(accuracies as number[])) : null,
      loss: losses.every((l) => l !== null) ? mean(losses as number[]) : null,
      sets
    };
  }
}

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Checks every deleted index (an integer naming a block) and returns them as a set. */
function checkDeleted(net: BlockNetwork, deleted: Iterable<number>): Set<number> {
  if (!net || !Array.isArray(net.blocks) || !net.stem || !net.head) throw new TypeError(`invalid network: ${String(net)} (expected {stem, blocks, head}, as createNetwork returns)`);
  if (deleted == null || typeof (deleted as Iterable<number>)[Symbol.iterator] !== "function") {
    throw new TypeError(`invalid deleted blocks: ${String(deleted)} (expected a set or array of block indices)`);
  }
  const n = net.blocks.length;
  const gone = new Set<number>();
  for (const l of deleted) gone.add(checkInteger("deleted block", l, 0, n - 1));
  return gone;
}
