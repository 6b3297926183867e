/**
 * Shortcuts for blocks that change shape, where the identity x cannot be added to F(x)
 * (He et al. 2015, sec. 3.3):
 * - option A, `zeroPadShortcut`: subsample by the stride and pad the new channels with zeros, so the
 *   shortcut stays parameter-free (the identity on the old channels);
 * - options B and C, `projectionShortcut`: a learned 1×1 convolution W_s x with the same stride,
 *   optionally followed by batch norm (B uses it only where the shape changes, C everywhere);
 * - for MLPs, `denseProjection`: W_s x when widths differ.
 */
import {checkInteger, checkOneOf} from "./check.js";
import {conv2d, convOutputSize, type Conv2d} from "./conv.js";
import {dense, type Dense} from "./dense.js";
import {ensure, type Layer} from "./layer.js";
import {batchNorm, layerNorm, type BatchNormOptions} from "./norm.js";
import {sequential} from "./sequential.js";

export interface ZeroPadShortcut extends Layer {
  readonly kind: "zeroPad";
  readonly inChannels: number;
  readonly outChannels: number;
  readonly stride: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

export interface ShortcutShape {
  /** Channels in. */
  inChannels: number;
  /** Channels out. */
  outChannels: number;
  /** Input height in pixels. */
  height: number;
  /** Input width in pixels. */
  width: number;
  /** Subsampling step in pixels, matching the branch's stride. Default 1. */
  stride?: number;
}

/**
 * Option A: y[c][i][j] = x[c][i·s][j·s] for c < inChannels, and 0 for the added channels (appended
 * after the old ones). The output side is ⌈H / s⌉, the same as a 3×3 convolution with padding 1 and
 * stride s. Backward routes dy to the pixels that were kept; the dropped pixels and the zero channels
 * pass no gradient.
 */
export function zeroPadShortcut({inChannels, outChannels, height, width, stride = 1}: ShortcutShape): ZeroPadShortcut {
  checkInteger("input channels", inChannels, 1, 4096);
  checkInteger("output channels", outChannels, inChannels, 4096);
  checkInteger("input height", height, 1, 4096);
  checkInteger("input width", width, 1, 4096);
  checkInteger("stride", stride, 1, 64);
  const outHeight = convOutputSize(height, 1, stride, 0), outWidth = convOutputSize(width, 1, stride, 0);
  const inSize = inChannels * height * width, outSize = outChannels * outHeight * outWidth;
  const P = outHeight * outWidth;
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  return {
    kind: "zeroPad",
    inSize,
    outSize,
    params: [],
    inChannels,
    outChannels,
    stride,
    outHeight,
    outWidth,
    forward(x, batch) {
      y = ensure(y, batch * outSize);
      for (let n = 0; n < batch; ++n) {
        const xo = n * inSize, yo = n * outSize;
        for (let c = 0; c < inChannels; ++c) {
          for (let i = 0; i < outHeight; ++i) {
            for (let j = 0; j < outWidth; ++j) y[yo + c * P + i * outWidth + j] = x[xo + (c * height + i * stride) * width + j * stride];
          }
        }
        y.fill(0, yo + inChannels * P, yo + outSize); // the new channels
      }
      return y;
    },
    backward(dy, batch) {
      dx = ensure(dx, batch * inSize);
      dx.fill(0, 0, batch * inSize);
      for (let n = 0; n < batch; ++n) {
        const xo = n * inSize, yo = n * outSize;
        for (let c = 0; c < inChannels; ++c) {
          for (let i = 0; i < outHeight; ++i) {
            for (let j = 0; j < outWidth; ++j) dx[xo + (c * height + i * stride) * width + j * stride] = dy[yo + c * P + i * outWidth + j];
          }
        }
      }
      return dx;
    }
  };
}

/** A learned shortcut: a linear map, optionally normalised. */
export interface Projection extends Layer {
  readonly kind: "projection";
  /** The linear map W_s (no bias, as in He et al.): a 1×1 convolution or a dense layer. */
  readonly linear: Conv2d | Dense;
  /** The normalisation after it, or null. */
  readonly norm: Layer | null;
}

function projection(linear: Conv2d | Dense, norm: Layer | null): Projection {
  const chain = sequential(norm ? [linear, norm] : [linear]);
  return {
    kind: "projection",
    linear,
    norm,
    inSize: chain.inSize,
    outSize: chain.outSize,
    params: chain.params,
    forward: chain.forward,
    backward: chain.backward
  };
}

export interface ProjectionOptions extends ShortcutShape {
  /** Follow the 1×1 convolution with batch norm (the usual choice in BN ResNets). Default false. */
  norm?: boolean;
  /** Options of that batch norm. */
  normOptions?: BatchNormOptions;
}

/**
 * Options B/C: y = W_s x, a 1×1 convolution with stride s and no bias (then batch norm if `norm`).
 * Its weights start at zero: initialise `linear.W` (fan-in = inChannels).
 */
export function projectionShortcut({norm = false, normOptions, ...shape}: ProjectionOptions): Projection {
  const conv = conv2d({...shape, kernel: 1, padding: 0, bias: false});
  return projection(conv, norm ? batchNorm(conv.outChannels, conv.outHeight * conv.outWidth, normOptions) : null);
}

export const denseProjectionNorms = ["none", "batch", "layer"] as const;

/**
 * The MLP's option B: y = W_s x, a dense map without bias from inSize to outSize numbers, then
 * optionally a batch or layer norm. Its weights start at zero: initialise `linear.W`.
 * @param norm "none" (default), "batch" or "layer"
 */
export function denseProjection(inSize: number, outSize: number, {norm = "none"}: {norm?: (typeof denseProjectionNorms)[number]} = {}): Projection {
  checkInteger("input size", inSize, 1, 1 << 20);
  checkInteger("output size", outSize, 1, 1 << 20);
  checkOneOf("norm", norm, denseProjectionNorms);
  const linear = dense(inSize, outSize, {bias: false});
  return projection(linear, norm === "batch" ? batchNorm(outSize) : norm === "layer" ? layerNorm(outSize) : null);
}
