/**
 * The unraveled view (Veit, Wilber & Belongie 2016, "Residual networks behave like ensembles of
 * relatively shallow networks", arXiv:1605.06431). Expand n residual blocks y = x + F(x) and the
 * output is a sum over 2ⁿ paths: each block is either taken (through its branch F) or skipped
 * (through the identity). A path through k branches can be chosen in C(n, k) ways, so path lengths
 * follow Binomial(n, ½). The backward pass unravels the same way: for a fixed forward pass,
 *   ∂L/∂h₀ = Σ over paths of ∂L/∂h₀ along that path,
 * because each block's backward is linear in its incoming gradient and splits into a branch part and
 * a skip part. This module counts the paths and measures the gradient that flows along each length.
 */
import {checkInteger, checkNumber} from "../check.js";
import {type Dataset} from "../datasets.js";
import {norm, type Layer} from "../layer.js";
import {mseLoss, softmaxCrossEntropy} from "../loss.js";
import {randomSeeded, type Random} from "../random.js";
import {type Residual} from "../residual.js";
import {randomBlocks, type BlockNetwork} from "./lesion.js";

/** The largest n for which every C(n, k) is a finite float64 (C(1029, 514) overflows). */
export const MAX_PATH_BLOCKS = 1000;

/**
 * counts[k] = C(n, k), the number of paths through exactly k of n blocks' branches, k = 0 … n.
 * Built row by row from Pascal's rule C(m, k) = C(m − 1, k − 1) + C(m − 1, k): additions only, so
 * every count is exact while it is below 2⁵³ (all of them up to n = 56) and correctly rounded to
 * within n ulps beyond.
 * @param n blocks, an integer from 0 to 1000
 */
export function pathLengthCounts(n: number): Float64Array {
  checkInteger("number of blocks", n, 0, MAX_PATH_BLOCKS);
  const row = new Float64Array(n + 1);
  row[0] = 1;
  for (let m = 1; m <= n; ++m) {
    for (let k = m; k >= 1; --k) row[k] += row[k - 1]; // right to left, so row[k − 1] is still row m − 1's
  }
  return row;
}

/** fractions[k] = C(n, k) / 2ⁿ, the share of all paths that pass through exactly k branches. */
export function pathLengthFractions(n: number): Float64Array {
  const counts = pathLengthCounts(n);
  const total = 2 ** n; // exact: a power of two; finite up to n = 1023
  return counts.map((c) => c / total);
}

/** The share of the 2ⁿ paths whose length (branches taken) is from `from` to `to`, both included. */
export function pathShare(n: number, from: number, to: number): number {
  const fractions = pathLengthFractions(n);
  checkInteger("shortest length", from, 0, n);
  checkInteger("longest length", to, from, n);
  let s = 0;
  for (let k = from; k <= to; ++k) s += fractions[k];
  return s;
}

/**
 * The narrowest range of path lengths centred on n/2 that holds at least `mass` of the 2ⁿ paths:
 * {from, to, share}. For n = 54 and mass 0.95 it is the range Veit et al. quote ("more than 95% of
 * paths go through 19 to 35 modules"), computed here rather than quoted.
 * @param mass a fraction from 0 to 1, default 0.95
 */
export function centralPathLengths(n: number, mass = 0.95): {from: number; to: number; share: number} {
  const fractions = pathLengthFractions(n);
  if (typeof mass !== "number" || !(mass >= 0 && mass <= 1)) throw new RangeError(`invalid mass: ${mass} (expected a fraction from 0 to 1)`);
  // Grow a symmetric window [⌊n/2⌋ − r, ⌈n/2⌉ + r] one step each side until it holds `mass`.
  let from = Math.floor(n / 2), to = Math.ceil(n / 2);
  let share = 0;
  for (let k = from; k <= to; ++k) share += fractions[k];
  while (share < mass && (from > 0 || to < n)) {
    if (from > 0) share += fractions[--from];
    if (to < n) share += fractions[++to];
  }
  return {from, to, share: Math.min(1, share)};
}

/**
 * The narrowest run of consecutive entries of `values` (non-negative weights, such as the gradient
 * each path length carries) that holds at least `mass` of their sum: {from, to, share}, indices
 * included; of runs equally narrow, the one holding the most. Two pointers over the running sum, O(n).
 * @param mass a fraction from 0 to 1, default 0.9
 */
export function narrowestRange(values: ArrayLike<number>, mass = 0.9): {from: number; to: number; share: number} {
  if (values == null || typeof values.length !== "number" || values.length === 0) throw new RangeError(`invalid values: ${String(values)} (expected a non-empty array of non-negative numbers)`);
  if (typeof mass !== "number" || !(mass >= 0 && mass <= 1)) throw new RangeError(`invalid mass: ${mass} (expected a fraction from 0 to 1)`);
  let total = 0;
  for (let i = 0; i < values.length; ++i) {
    if (!(values[i] >= 0) || !Number.isFinite(values[i])) throw new RangeError(`invalid value: ${values[i]} at index ${i} (expected a finite number of 0 or more)`);
    total += values[i];
  }
  if (total === 0) return {from: 0, to: values.length - 1, share: 1};
  const need = mass * total * (1 - 1e-12); // a hair of slack, so rounding in the sums cannot miss an exact fit
  let best = {from: 0, to: values.length - 1, sum: total}, sum = 0, from = 0;
  for (let to = 0; to < values.length; ++to) {
    sum += values[to];
    // Shrink from the left while the window still holds enough; each window met is a candidate.
    while (from < to && sum - values[from] >= need) sum -= values[from++];
    const width = to - from, bestWidth = best.to - best.from;
    if (sum >= need && (width < bestWidth || (width === bestWidth && sum > best.sum))) best = {from, to, sum};
  }
  let share = 0; // summed afresh, not from the running sum, whose rounding drifts
  for (let i = best.from; i <= best.to; ++i) share += values[i];
  return {from: best.from, to: best.to, share: share / total};
}

/**
 * Multiplies the last layer of every block's branch (weights and bias) by `factor`, in place, so each
 * block computes x + s·F(x) and a path through k branches carries s^k times its gradient. s = 0 starts
 * every residual block as the identity (the "zero-init residual" of Goyal et al. 2017,
 * arXiv:1706.02677); s between 0.1 and 0.3 is the residual scaling of Szegedy et al. 2016,
 * arXiv:1602.07261. The branch must end in a dense layer, so that the scaling passes straight to F.
 * @param factor s, a number from 0 to 1000
 */
export function scaleBranches(net: BlockNetwork, factor: number): void {
  checkNumber("branch scale", factor, 0, 1000);
  net.blocks.forEach((block, l) => {
    const parts = (block.branch as Layer & {layers?: readonly Layer[]}).layers ?? [block.branch];
    const last = parts[parts.length - 1] as Layer & {W?: Float64Array; b?: Float64Array};
    if (last.kind !== "dense" || !last.W || !last.b) throw new RangeError(`invalid branch: block ${l}'s branch ends in a ${last.kind} layer (expected a dense layer)`);
    for (let i = 0; i < last.W.length; ++i) last.W[i] *= factor;
    for (let i = 0; i < last.b.length; ++i) last.b[i] *= factor;
  });
}

/**
 * One block's backward along one of its two routes, using the caches of the last full forward pass:
 *   through the branch: dx = F'(x)ᵀ (α · post'(z)ᵀ dy)
 *   through the skip:   dx = λ · S'(x)ᵀ post'(z)ᵀ dy   (S = identity unless the block has a shortcut)
 * The two routes add up to the block's own backward. Writes dx into `out`, which must not be `dy`.
 */
function routeBackward(block: Residual, dy: Float64Array, batch: number, throughBranch: boolean, out: Float64Array): Float64Array {
  const n = batch * block.outSize, m = batch * block.inSize;
  const g = block.post ? block.post.backward(dy, batch) : dy; // ∂L/∂z, shared by both routes
  if (throughBranch) {
    const a = block.alpha ? block.alpha.w[0] : 1;
    for (let i = 0; i < n; ++i) out[i] = a * g[i]; // out serves as scratch for α ∂L/∂z first
    const dx = block.branch.backward(out, batch);
    out.set(dx.subarray(0, m));
  } else if (block.shortcut) {
    for (let i = 0; i < n; ++i) out[i] = block.scale * g[i];
    const dx = block.shortcut.backward(out, batch);
    out.set(dx.subarray(0, m));
  } else {
    for (let i = 0; i < m; ++i) out[i] = block.scale * g[i]; // the identity: the gradient passes as it is
  }
  return out;
}

/**
 * ∂L/∂h₀ (the gradient at the input of the first block) along the paths that go through the branch
 * of every block in `branches` and through the skip of every other block: one path of length
 * |branches|. Call it after a forward pass of `net`, with `dOutput` = ∂L/∂(network output).
 * Summed over all 2ⁿ sets of branches it is exactly the full backward's ∂L/∂h₀ (up to rounding).
 * Overwrites the params' dw. Returns a new array of batch × (first block's input size) numbers.
 */
export function pathBackward(net: BlockNetwork, dOutput: Float64Array, batch: number, branches: Iterable<number>): Float64Array {
  const n = net.blocks.length;
  const through = new Set<number>();
  for (const l of branches) through.add(checkInteger("branch block", l, 0, n - 1));
  const size = Math.max(...net.blocks.map((b) => Math.max(b.inSize, b.outSize)));
  const buffers = [new Float64Array(batch * size), new Float64Array(batch * size)];
  return Float64Array.from(routedInputGradient(net, net.head.backward(dOutput, batch), batch, through, buffers).subarray(0, batch * net.blocks[0].inSize));
}

/** Runs routeBackward from the last block to the first, ping-ponging between two scratch buffers. */
function routedInputGradient(net: BlockNetwork, dTop: Float64Array, batch: number, through: ReadonlySet<number>, buffers: Float64Array[]): Float64Array {
  let dy = dTop;
  for (let l = net.blocks.length - 1; l >= 0; --l) {
    const block = net.blocks[l];
    if (!through.has(l) && !block.skip) throw new RangeError(`invalid path: block ${l} has no skip, so every path goes through its branch`);
    const out = buffers[l % 2] === dy ? buffers[(l + 1) % 2] : buffers[l % 2];
    dy = routeBackward(block, dy, batch, through.has(l), out);
  }
  return dy;
}

export interface PathGradientOptions {
  /** Measurements per path length: each on its own random batch and its own random set of branches. Default 32. */
  samples?: number;
  /** Examples per batch. Default 16 (or all of the data, if fewer). */
  batchSize?: number;
  /** The source of every batch and every choice of branches. Default randomSeeded(0). */
  random?: Random;
  /** Default "softmax" when the data has classes, else "mse". */
  loss?: "mse" | "softmax";
  /** Path lengths to measure. Default every length from 0 to n. */
  lengths?: readonly number[];
}

export interface PathGradientRow {
  /** k, the number of branches the path goes through. */
  length: number;
  /** C(n, k): how many paths have this length. */
  paths: number;
  /** The mean over samples of ‖∂L/∂h₀‖ along one random path of length k (batch norm, as Network.gradNorms). */
  gradient: number;
  /** The standard deviation of that norm over the samples. */
  spread: number;
  /** paths × gradient: the size of the gradient that all paths of this length carry between them. */
  total: number;
  /** total as a fraction of the sum of total over every length measured. */
  share: number;
}

/**
 * The gradient magnitude for paths of each length (Veit et al. 2016, sec. 4.2 and Fig. 6): for each
 * sample, run a random batch forward through the whole network, then backward through the branches of
 * k blocks chosen at random and through the skips of all the others, and take the norm of the gradient
 * at h₀, the input of the first block. Each forward pass is shared by one sample of every length.
 * `net` must be residual (every block has a skip). Overwrites the params' dw.
 */
export function pathGradientByLength(net: PathNetwork, data: Dataset, options: PathGradientOptions = {}): PathGradientRow[] {
  let rows: PathGradientRow[] = [];
  for (const step of pathGradientSamples(net, data, options)) rows = step.rows;
  return rows;
}

/** A network pathGradientByLength can run: blocks with their parts, and a whole forward pass. */
export type PathNetwork = BlockNetwork & {forward(x: Float64Array, batch: number, training?: boolean): Float64Array};

/**
 * pathGradientByLength as a generator: each next() takes one more sample of every length and yields
 * the rows averaged over the samples so far, so a page can draw the estimate as it firms up.
 * The last value equals pathGradientByLength's result.
 */
export function* pathGradientSamples(net: PathNetwork, data: Dataset, options: PathGradientOptions = {}): Generator<{samples: number; rows: PathGradientRow[]}, void, undefined> {
  const {samples = 32, batchSize = 16, random = randomSeeded(0), loss: lossName, lengths} = options;
  const n = net.blocks.length;
  checkInteger("samples", samples, 1, 100_000);
  checkInteger("batch size", batchSize, 1, 65536);
  net.blocks.forEach((block, l) => {
    if (!block.skip) throw new RangeError(`invalid network: block ${l} has no skip (path gradients need a residual network)`);
  });
  const ks = (lengths ?? Array.from({length: n + 1}, (_, k) => k)).map((k) => checkInteger("path length", k, 0, n));
  const softmax = (lossName ?? (data.classes === undefined ? "mse" : "softmax")) === "softmax";
  const batch = Math.min(batchSize, data.n);
  const {inputSize, outputSize} = data;
  const ySize = softmax ? 1 : outputSize;
  const bx = new Float64Array(batch * inputSize), by = new Float64Array(batch * ySize);
  const grad = new Float64Array(batch * outputSize);
  const size = Math.max(...net.blocks.map((b) => Math.max(b.inSize, b.outSize)));
  const buffers = [new Float64Array(batch * size), new Float64Array(batch * size)];
  const top = new Float64Array(batch * net.blocks[n - 1].outSize);
  const h0Size = batch * net.blocks[0].inSize;
  const counts = pathLengthCounts(n);
  const sums = new Float64Array(ks.length), squares = new Float64Array(ks.length);
  for (let s = 1; s <= samples; ++s) {
    // A random batch (distinct examples within it), forward, and the loss gradient at the output.
    randomBlocks(random, data.n, batch).forEach((i, j) => {
      bx.set(data.x.subarray(i * inputSize, (i + 1) * inputSize), j * inputSize);
      for (let c = 0; c < ySize; ++c) by[j * ySize + c] = data.y[i * ySize + c];
    });
    const output = net.forward(bx, batch, true);
    if (softmax) softmaxCrossEntropy(output, by, batch, outputSize, grad);
    else mseLoss(output, by, batch, outputSize, grad);
    top.set(net.head.backward(grad, batch).subarray(0, top.length)); // ∂L/∂h_n, kept: the head's buffer is reused
    ks.forEach((k, i) => {
      const through = new Set(randomBlocks(random, n, k));
      const g = norm(routedInputGradient(net, top, batch, through, buffers), h0Size);
      sums[i] += g;
      squares[i] += g * g;
    });
    const rows = ks.map((k, i) => {
      const gradient = sums[i] / s;
      const spread = Math.sqrt(Math.max(0, squares[i] / s - gradient * gradient));
      return {length: k, paths: counts[k], gradient, spread, total: counts[k] * gradient, share: 0};
    });
    const sum = rows.reduce((t, r) => t + r.total, 0);
    for (const row of rows) row.share = sum > 0 ? row.total / sum : 0;
    yield {samples: s, rows};
  }
}
