/**
 * The gradient ledger: how much each block scales the backward signal, and the running product of
 * those factors from the last block down. Backpropagation through L blocks multiplies L Jacobians, so
 * the gradient at block l is the gradient at the top times ∏_{k ≥ l} (the k-th factor):
 *   factor_l  = ‖∂L/∂h_{l−1}‖ / ‖∂L/∂h_l‖,
 *   product_l = ∏_{k=l}^{L} factor_k = ‖∂L/∂h_{l−1}‖ / ‖∂L/∂h_L‖.
 *
 * The pass is the network's own backward, layer by layer; but after each block the signal is rescaled
 * to unit norm and the scale kept as a factor. Backward is linear in dL/dy, so the factors are exactly
 * those of the unscaled pass; the products are carried as log10, so a plain sigmoid network 1,000
 * blocks deep reports 10^-1000 instead of underflowing to 0 (float64 stops near 10^-308).
 */
import {checkInteger} from "../check.js";
import {log10, pow} from "../fmath.js";
import {norm, type Layer} from "../layer.js";
import {mseLoss} from "../loss.js";
import {createNetwork, type NetworkSpec} from "../network.js";
import {deriveSeed, randomNormal, randomSeeded} from "../random.js";
import {maxSlope} from "./jacobian.js";
import {type ActivationName} from "../activations.js";

export interface LedgerRow {
  /** The block, 1 (input side) to depth (output side). */
  layer: number;
  /** ‖∂L/∂h_{l−1}‖ / ‖∂L/∂h_l‖: how block l scales the backward signal's norm. */
  factor: number;
  /** The running product ∏_{k=l}^{L} factor_k = ‖∂L/∂h_{l−1}‖ / ‖∂L/∂h_L‖ (may underflow to 0 or overflow to Infinity). */
  product: number;
  /** log10 of the running product: finite even where the product itself is beyond float64. */
  log10Product: number;
}

export interface Ledger {
  /** Residual (true) or plain (false). */
  skip: boolean;
  depth: number;
  /** One row per block, layer 1 first. */
  rows: LedgerRow[];
  /**
   * Where the numbers broke, if they did: the forward pass overflowed (a block's output held an
   * infinite or NaN value; the ledger then has no finite rows), or the backward signal stopped being
   * finite or became exactly zero at a block (rows below it are NaN). Null when every row is finite.
   */
  broken: {pass: "forward" | "backward"; layer: number; reason: "not finite" | "zero"} | null;
  /**
   * For a plain network, log10 of the most the activation slopes alone allow per block: the product of
   * maxSlope over the block's activations (sigmoid: 1/4 each). The weights multiply in their own
   * factors, so this is the slopes' share, not a bound on the whole factor. Null for residual networks,
   * where the identity path carries no slope.
   */
  log10SlopeBoundPerBlock: number | null;
}

/**
 * One forward and backward pass on a batch of standard-normal inputs and targets with an MSE loss —
 * the same batch, from the same seeded stream, as gradientNorms — and the ledger of the blocks.
 * @param spec a network spec (its optional init `gain` included)
 * @param batchSize examples in the batch, 1 to 4096; default 32
 */
export function gradientLedger(spec: NetworkSpec, {batchSize = 32}: {batchSize?: number} = {}): Ledger {
  checkInteger("batch size", batchSize, 1, 4096);
  const net = createNetwork(spec);
  const {inputSize, outputSize, depth, seed, skip, activation} = net.spec;
  const normal = randomNormal(randomSeeded(deriveSeed(seed, 0x64617461))); // "data", as in gradientNorms
  const x = Float64Array.from({length: batchSize * inputSize}, normal);
  const target = Float64Array.from({length: batchSize * outputSize}, normal);
  const log10SlopeBoundPerBlock = skip ? null : slopesPerBlock(net.blocks[0], activation);
  const rows: LedgerRow[] = Array.from({length: depth}, (_, i) => ({layer: i + 1, factor: NaN, product: NaN, log10Product: NaN}));

  // Forward, block by block, watching for overflow.
  let h = net.stem.forward(x, batchSize, true);
  for (let l = 1; l <= depth; ++l) {
    h = net.blocks[l - 1].forward(h, batchSize, true);
    if (!allFinite(h, batchSize * net.spec.width)) return {skip, depth, rows, broken: {pass: "forward", layer: l, reason: "not finite"}, log10SlopeBoundPerBlock};
  }
  const prediction = net.head.forward(h, batchSize, true);
  const dPrediction = new Float64Array(batchSize * outputSize);
  mseLoss(prediction, target, batchSize, outputSize, dPrediction);

  // Backward, block by block: g holds ∂L/∂h_l / ‖∂L/∂h_l‖, a unit vector over the whole batch.
  const n = batchSize * net.spec.width;
  const g = new Float64Array(n);
  const top = net.head.backward(dPrediction, batchSize);
  const topNorm = norm(top, n);
  if (!(topNorm > 0) || !Number.isFinite(topNorm)) return {skip, depth, rows, broken: {pass: "backward", layer: depth, reason: topNorm === 0 ? "zero" : "not finite"}, log10SlopeBoundPerBlock};
  for (let i = 0; i < n; ++i) g[i] = top[i] / topNorm;
  let log10Product = 0;
  for (let l = depth; l >= 1; --l) {
    const below = net.blocks[l - 1].backward(g, batchSize); // ∂L/∂h_{l−1} for a unit ∂L/∂h_l
    const factor = norm(below, n);
    if (!Number.isFinite(factor) || factor === 0) {
      return {skip, depth, rows, broken: {pass: "backward", layer: l, reason: factor === 0 ? "zero" : "not finite"}, log10SlopeBoundPerBlock};
    }
    log10Product += log10(factor);
    rows[l - 1] = {layer: l, factor, product: pow(10, log10Product), log10Product};
    for (let i = 0; i < n; ++i) g[i] = below[i] / factor;
  }
  return {skip, depth, rows, broken: null, log10SlopeBoundPerBlock};
}

function allFinite(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; ++i) if (!Number.isFinite(a[i])) return false;
  return true;
}

/**
 * log10 of the product of maxSlope over the activation layers a plain block's backward pass goes
 * through (every one of them: a plain block has no other path). Counted from the block's structure.
 */
function slopesPerBlock(block: Layer, name: ActivationName): number {
  return countActivations(block) * log10(maxSlope(name));
}

function countActivations(layer: Layer): number {
  if (layer.kind === "activation") return 1;
  const inner = layer as Layer & {layers?: readonly Layer[]; branch?: Layer; post?: Layer | null};
  if (inner.layers) return inner.layers.reduce((s, child) => s + countActivations(child), 0);
  if (inner.branch) return countActivations(inner.branch) + (inner.post ? countActivations(inner.post) : 0);
  return 0;
}
