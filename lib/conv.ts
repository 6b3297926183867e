/**
 * A 2-D convolution layer (cross-correlation, as in every deep-learning library). Each example is a
 * [C][H][W] tensor flattened row by row; the output is [C'][H'][W'] with
 *   H' = ⌊(H + 2p − k) / s⌋ + 1,  W' likewise,
 *   y[o][i][j] = b[o] + Σ_c Σ_u Σ_v W[o][c][u][v] · x[c][i·s + u − p][j·s + v − p]   (zero outside x).
 * It runs as im2col: one example's receptive fields are gathered into a patch matrix
 * col[(i,j)][(c,u,v)], so the convolution is a dense layer W applied to every patch. The gather goes
 * through an index map computed once, and the patch buffers are sized for one example, so a step
 * allocates nothing.
 */
import {checkInteger} from "./check.js";
import {ensure, param, type Layer} from "./layer.js";

export interface Conv2dOptions {
  /** C, input channels. */
  inChannels: number;
  /** C', output channels (filters). */
  outChannels: number;
  /** H, input height in pixels. */
  height: number;
  /** W, input width in pixels. */
  width: number;
  /** k, the side of the square kernel in pixels. Default 3. */
  kernel?: number;
  /** s, the step between receptive fields in pixels. Default 1. */
  stride?: number;
  /** p, zero rows and columns added on every side. Default ⌊(k − 1) / 2⌋ ("same" size at stride 1). */
  padding?: number;
  /** Whether the layer adds a learned bias per output channel. Default true. */
  bias?: boolean;
}

export interface Conv2d extends Layer {
  readonly kind: "conv2d";
  /** Weights, [outChannels][inChannels][kernel][kernel] row-major. */
  readonly W: Float64Array;
  /** Biases, one per output channel (empty without bias). */
  readonly b: Float64Array;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  /** Inputs feeding one output: inChannels · k², the fan-in of He and Glorot initialisation. */
  readonly fanIn: number;
  /** Outputs one input feeds (away from the borders): outChannels · k². */
  readonly fanOut: number;
}

/** The output side of a convolution: ⌊(size + 2p − k) / s⌋ + 1. */
export function convOutputSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

/**
 * A convolution layer with zero weights and biases (initialise `W` with fan-in `fanIn`). Buffers:
 * the index map and the two patch buffers take 20 · P · R bytes (P output pixels, R = C·k²).
 */
export function conv2d(options: Conv2dOptions): Conv2d {
  const inChannels = checkInteger("input channels", options.inChannels, 1, 4096);
  const outChannels = checkInteger("output channels", options.outChannels, 1, 4096);
  const height = checkInteger("input height", options.height, 1, 4096);
  const width = checkInteger("input width", options.width, 1, 4096);
  const k = checkInteger("kernel", options.kernel ?? 3, 1, 64);
  const s = checkInteger("stride", options.stride ?? 1, 1, 64);
  const p = checkInteger("padding", options.padding ?? Math.floor((k - 1) / 2), 0, k - 1);
  const bias = options.bias ?? true;
  if (k > height + 2 * p || k > width + 2 * p) {
    throw new RangeError(`invalid kernel: ${k} (larger than the padded ${height + 2 * p} × ${width + 2 * p} input)`);
  }
  const outHeight = convOutputSize(height, k, s, p), outWidth = convOutputSize(width, k, s, p);
  const P = outHeight * outWidth; // output positions per channel: one patch each
  const R = inChannels * k * k; // numbers in a patch: one per (c, u, v)
  const inSize = inChannels * height * width, outSize = outChannels * P;

  // index[q·R + r] is the input offset that patch q reads at kernel entry r, or −1 in the padding.
  const index = new Int32Array(P * R);
  for (let i = 0; i < outHeight; ++i) {
    for (let j = 0; j < outWidth; ++j) {
      const q = i * outWidth + j;
      for (let c = 0; c < inChannels; ++c) {
        for (let u = 0; u < k; ++u) {
          const row = i * s + u - p;
          for (let v = 0; v < k; ++v) {
            const column = j * s + v - p;
            const inside = row >= 0 && row < height && column >= 0 && column < width;
            index[q * R + (c * k + u) * k + v] = inside ? (c * height + row) * width + column : -1;
          }
        }
      }
    }
  }

  const Wp = param("W", outChannels * R, true);
  const bp = param("b", bias ? outChannels : 0, false);
  const W = Wp.w, dW = Wp.dw, b = bp.w, db = bp.dw;
  const col = new Float64Array(P * R);
  const dcol = new Float64Array(P * R);
  let x: Float64Array = new Float64Array(0);
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);

  /** im2col for example n: col[q][r] = x[n][index[q][r]], or 0 in the padding. */
  const gather = (n: number) => {
    const xo = n * inSize;
    for (let t = 0; t < P * R; ++t) col[t] = index[t] < 0 ? 0 : x[xo + index[t]];
  };

  return {
    kind: "conv2d",
    inSize,
    outSize,
    params: bias ? [Wp, bp] : [Wp],
    W,
    b,
    inChannels,
    outChannels,
    height,
    width,
    outHeight,
    outWidth,
    kernel: k,
    stride: s,
    padding: p,
    fanIn: R,
    fanOut: outChannels * k * k,
    forward(input, batch) {
      x = input;
      y = ensure(y, batch * outSize);
      for (let n = 0; n < batch; ++n) {
        gather(n);
        const yo = n * outSize;
        for (let o = 0; o < outChannels; ++o) {
          const wo = o * R, yr = yo + o * P;
          for (let q = 0; q < P; ++q) {
            // y[n][o][q] = b[o] + Σ_r W[o][r] col[q][r]: a dense layer on patch q
            let sum = bias ? b[o] : 0;
            const cq = q * R;
            for (let r = 0; r < R; ++r) sum += W[wo + r] * col[cq + r];
            y[yr + q] = sum;
          }
        }
      }
      return y;
    },
    backward(dy, batch) {
      dx = ensure(dx, batch * inSize);
      dx.fill(0, 0, batch * inSize);
      dW.fill(0);
      db.fill(0);
      for (let n = 0; n < batch; ++n) {
        gather(n); // recompute this example's patches rather than keep a batch of them
        dcol.fill(0);
        const yo = n * outSize;
        for (let o = 0; o < outChannels; ++o) {
          const wo = o * R, yr = yo + o * P;
          for (let q = 0; q < P; ++q) {
            const g = dy[yr + q];
            if (g === 0) continue; // e.g. behind a ReLU that was off
            if (bias) db[o] += g; // ∂L/∂b[o] = Σ_n Σ_q dy[n][o][q]
            const cq = q * R;
            for (let r = 0; r < R; ++r) {
              dW[wo + r] += g * col[cq + r]; // ∂L/∂W[o][r] = Σ_n Σ_q dy[n][o][q] col[q][r]
              dcol[cq + r] += g * W[wo + r]; // ∂L/∂col[q][r] = Σ_o dy[n][o][q] W[o][r]
            }
          }
        }
        // col2im: each patch entry was read from one input, so its gradient flows back there (overlaps add up).
        const xo = n * inSize;
        for (let t = 0; t < P * R; ++t) if (index[t] >= 0) dx[xo + index[t]] += dcol[t];
      }
      return dx;
    }
  };
}
