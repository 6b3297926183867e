/**
 * When a block changes shape, x no longer fits F(x) and the skip must change too (He et al. 2015,
 * sec. 3.3): option A zero-pads, B projects where the shape changes, C projects everywhere. This
 * module measures what each option costs and what it does to the skip's derivative:
 * - `shortcutCensus`: parameter counts and per-block shapes of the same ResNet under A, B and C;
 * - `linearMatrix`, `projectionMatrix`, `zeroPadMatrix`: the C_out × C_in matrix a shortcut applies at
 *   every pixel, read off the engine's own layers;
 * - `singularValues`, `shortcutSpectra`, `skipPathSpectra`: how far that matrix is from the identity.
 * With a projection the block is y = W_s x + F(x), so dy/dx = W_s + J_F, not I + J_F: the skip term
 * now has singular values of its own, spread around 1 instead of all equal to 1.
 */
import {checkInteger} from "../check.js";
import {singularValues} from "./jacobian.js";
import {type Layer} from "../layer.js";
import {initWeights, type NetworkInitName} from "../network.js";
import {createResNet, resNetShortcutNames, type ResNetBlockInfo, type ResNetShortcutName, type ResNetSpec} from "../resnet.js";
import {projectionShortcut, zeroPadShortcut} from "../shortcuts.js";

/**
 * The matrix M (outSize × inSize, row-major) of a linear layer: M e_j = layer(e_j). One forward pass
 * (training = false) on the inSize unit vectors as a batch; column j of M is example j's output. Only
 * meaningful for a layer that is linear (no bias, no activation), such as a shortcut without a norm.
 */
export function linearMatrix(layer: Layer): Float64Array {
  const n = checkInteger("layer input size", layer?.inSize, 1, 4096);
  const m = checkInteger("layer output size", layer.outSize, 1, 4096);
  const units = new Float64Array(n * n);
  for (let j = 0; j < n; ++j) units[j * n + j] = 1;
  const out = layer.forward(units, n, false);
  const M = new Float64Array(m * n);
  for (let j = 0; j < n; ++j) for (let i = 0; i < m; ++i) M[i * n + j] = out[j * m + i];
  return M;
}

export interface ProjectionMatrixOptions {
  /** C_in, channels into the shortcut, 1 to 512. */
  inChannels: number;
  /** C_out, channels out, 1 to 512. */
  outChannels: number;
  /** Initialisation of W_s: "he" (default, as createResNet), "glorot", "uniform" or "zero". */
  init?: NetworkInitName;
  /** The network seed, 0 to 2^32 − 1. Default 0. */
  seed?: number;
  /** The block whose projection to draw (createResNet keys block l's W_s by [l, 2]), 1 or more. Default 1. */
  block?: number;
}

/**
 * The C_out × C_in matrix W_s of a 1×1 projection shortcut, drawn exactly as createResNet draws block
 * `block`'s (same seed, same stream). A 1×1 convolution applies this one matrix at every pixel (and a
 * stride s keeps every s-th pixel), so its singular values are those of the whole shortcut map.
 * It is read off the engine's layer with linearMatrix on a 1×1 image, not copied from its weights.
 */
export function projectionMatrix({inChannels, outChannels, init = "he", seed = 0, block = 1}: ProjectionMatrixOptions): Float64Array {
  checkInteger("input channels", inChannels, 1, 512);
  checkInteger("output channels", outChannels, 1, 512);
  checkInteger("block", block, 1, 1e6);
  const shortcut = projectionShortcut({inChannels, outChannels, height: 1, width: 1});
  initWeights(shortcut.linear, init, seed, [block, 2]);
  return linearMatrix(shortcut);
}

/** Option A's C_out × C_in matrix at every pixel: the identity on the old channels over zero rows for the new ones. */
export function zeroPadMatrix(inChannels: number, outChannels: number): Float64Array {
  checkInteger("input channels", inChannels, 1, 512);
  checkInteger("output channels", outChannels, inChannels, 512);
  return linearMatrix(zeroPadShortcut({inChannels, outChannels, height: 1, width: 1}));
}

export interface SpectraOptions {
  /** k, channels into the shortcut, 1 to 256. */
  channels: number;
  /** Initialisation of the projections. Default "he". */
  init?: NetworkInitName;
  /** Default 0. */
  seed?: number;
}

/** Singular values, largest first, of the three skips a block can have when its input has k channels. */
export interface ShortcutSpectra {
  /** Option A where the shape changes (k → 2k): the zero-pad matrix [I; 0]. */
  zeroPad: Float64Array;
  /** Options B and C where the shape changes: a 2k × k projection (block 2 of the network's streams). */
  wide: Float64Array;
  /** Option C where the shape holds: a k × k projection in place of the identity (block 1's stream). */
  square: Float64Array;
}

/**
 * The skip's singular values for each option at a block with k input channels: A's zero-pad is an
 * isometry on the old channels (all ones), a projection spreads them around. Block keys follow a
 * CIFAR ResNet with n = 1 and c = k: block 1 keeps k channels, block 2 doubles them.
 */
export function shortcutSpectra({channels, init = "he", seed = 0}: SpectraOptions): ShortcutSpectra {
  const k = checkInteger("channels", channels, 1, 256);
  return {
    zeroPad: singularValues(zeroPadMatrix(k, 2 * k), 2 * k, k),
    wide: singularValues(projectionMatrix({inChannels: k, outChannels: 2 * k, init, seed, block: 2}), 2 * k, k),
    square: singularValues(projectionMatrix({inChannels: k, outChannels: k, init, seed, block: 1}), k, k)
  };
}

export interface SkipPathOptions extends SpectraOptions {
  /** L, blocks on the path, 1 to 200. */
  blocks: number;
}

/**
 * The skip-only path through L same-shape blocks of option C, W_s^(L) ··· W_s^(1) (block l's
 * projection drawn as createResNet draws it), against the identity path of A and B, whose product is I.
 * Returns the singular values of each partial product: entry l − 1 holds those of W_s^(l) ··· W_s^(1).
 */
export function skipPathSpectra({channels, blocks, init = "he", seed = 0}: SkipPathOptions): Float64Array[] {
  const k = checkInteger("channels", channels, 1, 256);
  const L = checkInteger("blocks", blocks, 1, 200);
  let product = projectionMatrix({inChannels: k, outChannels: k, init, seed, block: 1});
  const spectra = [singularValues(product, k, k)];
  for (let l = 2; l <= L; ++l) {
    product = multiply(projectionMatrix({inChannels: k, outChannels: k, init, seed, block: l}), product, k);
    spectra.push(singularValues(product, k, k));
  }
  return spectra;
}

/** A B for k × k row-major matrices. */
function multiply(A: Float64Array, B: Float64Array, k: number): Float64Array {
  const C = new Float64Array(k * k);
  for (let i = 0; i < k; ++i) {
    for (let r = 0; r < k; ++r) {
      const a = A[i * k + r];
      for (let j = 0; j < k; ++j) C[i * k + j] += a * B[r * k + j];
    }
  }
  return C;
}

/** One option's network, counted. */
export interface ShortcutCensusEntry {
  readonly option: ResNetShortcutName;
  /** Learned numbers in the whole network. */
  readonly paramCount: number;
  /** Learned numbers in its shortcuts (projections and their norms). */
  readonly shortcutParams: number;
  /** Blocks whose shortcut is a projection. */
  readonly projections: number;
  readonly stemParams: number;
  readonly headParams: number;
  /** Per block: shapes in and out, stride, shortcut kind and counts (createResNet's blockInfo). */
  readonly blocks: readonly ResNetBlockInfo[];
}

/**
 * The same residual network under options A, B and C, counted by createResNet itself. Counting needs
 * no weights, so the networks are built with init "zero" (the spec's own init is ignored, and so is
 * its shortcut). Cost grows with the parameter count: a few milliseconds for the digits ResNets.
 */
export function shortcutCensus(spec: Omit<ResNetSpec, "shortcut">): Record<ResNetShortcutName, ShortcutCensusEntry> {
  if (spec === null || typeof spec !== "object") throw new TypeError(`invalid ResNet spec: ${String(spec)}`);
  if (spec.skip === false) throw new RangeError("invalid skip: false (options A, B and C are shortcuts of a residual network)");
  const census = {} as Record<ResNetShortcutName, ShortcutCensusEntry>;
  for (const option of resNetShortcutNames) {
    const net = createResNet({...spec, shortcut: option, init: "zero"});
    census[option] = {
      option,
      paramCount: net.paramCount,
      shortcutParams: net.blockInfo.reduce((sum, b) => sum + b.shortcutParams, 0),
      projections: net.blockInfo.filter((b) => b.shortcut === "projection").length,
      stemParams: net.stemParams,
      headParams: net.headParams,
      blocks: net.blockInfo
    };
  }
  return census;
}
