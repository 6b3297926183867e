/**
 * A fully connected layer y = W x + b, with W stored row-major as [out][in].
 *
 * A training step spends most of its time in this layer's three matrix products, over a batch of N
 * examples, I inputs and O outputs:
 *   forward   y[n][o]  = b[o] + Σ_i x[n][i] W[o][i]    (y = x Wᵀ + b)
 *   backward  dx[n][i] = Σ_o dy[n][o] W[o][i]          (dx = dy W)
 *             dW[o][i] = Σ_n dy[n][o] x[n][i]          (dW = dyᵀ x),  db[o] = Σ_n dy[n][o]
 * Each product is register-blocked (the trick that makes plain JavaScript matmul fast, see bench/):
 * the inner loop computes a tile of 4 × 2 or 2 × 4 outputs at once in eight local variables, which
 * V8 keeps in registers, so it loads six numbers per eight multiply-adds instead of two per one, and
 * writes memory once per tile rather than once per multiply-add. Every output is still summed in the
 * same order as the plain loop (over i, o or n from 0 up), so the results are bit for bit those of
 * the plain loops; rows and columns left over at the edges of the tiling use those plain loops.
 */
import {ensure, param, type Layer} from "./layer.js";

export interface Dense extends Layer {
  readonly kind: "dense";
  readonly W: Float64Array;
  readonly b: Float64Array;
}

export function dense(inSize: number, outSize: number, {bias = true} = {}): Dense {
  const Wp = param("W", outSize * inSize, true);
  const bp = param("b", bias ? outSize : 0, false);
  const W = Wp.w, dW = Wp.dw, b = bp.w, db = bp.dw;
  let x: Float64Array = new Float64Array(0);
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  return {
    kind: "dense",
    inSize,
    outSize,
    params: bias ? [Wp, bp] : [Wp],
    W,
    b,
    forward(input, batch) {
      x = input;
      y = ensure(y, batch * outSize);
      forwardProduct(x, W, bias ? b : null, y, batch, inSize, outSize);
      return y;
    },
    backward(dy, batch) {
      dx = ensure(dx, batch * inSize);
      inputGradient(dy, W, dx, batch, inSize, outSize);
      weightGradient(dy, x, dW, batch, inSize, outSize);
      if (bias) {
        db.fill(0);
        for (let n = 0; n < batch; ++n) {
          const yo = n * outSize;
          for (let o = 0; o < outSize; ++o) db[o] += dy[yo + o]; // ∂L/∂b[o] = Σ_n dy[n][o]
        }
      }
      return dx;
    }
  };
}

/** y[n][o] = b[o] + Σ_i x[n][i] W[o][i] (b null: no bias), for N examples of I inputs and O outputs. */
function forwardProduct(x: Float64Array, W: Float64Array, b: Float64Array | null, y: Float64Array, N: number, I: number, O: number): void {
  const N4 = N - (N % 4), O2 = O - (O % 2);
  // Tiles of 4 examples × 2 outputs: x[n..n+3][i] meets W[o][i] and W[o+1][i], eight running sums.
  for (let n = 0; n < N4; n += 4) {
    const x0 = n * I, x1 = x0 + I, x2 = x1 + I, x3 = x2 + I;
    for (let o = 0; o < O2; o += 2) {
      const w0 = o * I, w1 = w0 + I;
      const b0 = b ? b[o] : 0, b1 = b ? b[o + 1] : 0;
      let s00 = b0, s01 = b1, s10 = b0, s11 = b1, s20 = b0, s21 = b1, s30 = b0, s31 = b1;
      for (let i = 0; i < I; ++i) {
        const u = W[w0 + i], v = W[w1 + i];
        let t = x[x0 + i];
        s00 += t * u; s01 += t * v;
        t = x[x1 + i];
        s10 += t * u; s11 += t * v;
        t = x[x2 + i];
        s20 += t * u; s21 += t * v;
        t = x[x3 + i];
        s30 += t * u; s31 += t * v;
      }
      let c = n * O + o;
      y[c] = s00; y[c + 1] = s01; c += O;
      y[c] = s10; y[c + 1] = s11; c += O;
      y[c] = s20; y[c + 1] = s21; c += O;
      y[c] = s30; y[c + 1] = s31;
    }
  }
  // The edges: an odd last output for the tiled examples, then the examples left over.
  forwardPlain(x, W, b, y, I, O, 0, N4, O2, O);
  forwardPlain(x, W, b, y, I, O, N4, N, 0, O);
}

/** The plain loop of forwardProduct over examples [n0, n1) and outputs [o0, o1). */
function forwardPlain(x: Float64Array, W: Float64Array, b: Float64Array | null, y: Float64Array, I: number, O: number, n0: number, n1: number, o0: number, o1: number): void {
  for (let n = n0; n < n1; ++n) {
    const xo = n * I;
    for (let o = o0; o < o1; ++o) {
      let s = b ? b[o] : 0;
      const wo = o * I;
      for (let i = 0; i < I; ++i) s += x[xo + i] * W[wo + i];
      y[n * O + o] = s;
    }
  }
}

/** dx[n][i] = Σ_o dy[n][o] W[o][i]. */
function inputGradient(dy: Float64Array, W: Float64Array, dx: Float64Array, N: number, I: number, O: number): void {
  const N2 = N - (N % 2), I4 = I - (I % 4);
  // Tiles of 2 examples × 4 inputs: dy[n][o], dy[n+1][o] meet the row W[o][i..i+3], walking down o.
  for (let n = 0; n < N2; n += 2) {
    const g0 = n * O, g1 = g0 + O;
    for (let i = 0; i < I4; i += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let o = 0, w = i; o < O; ++o, w += I) {
        const p = dy[g0 + o], q = dy[g1 + o];
        let u = W[w];
        s00 += p * u; s10 += q * u;
        u = W[w + 1];
        s01 += p * u; s11 += q * u;
        u = W[w + 2];
        s02 += p * u; s12 += q * u;
        u = W[w + 3];
        s03 += p * u; s13 += q * u;
      }
      let c = n * I + i;
      dx[c] = s00; dx[c + 1] = s01; dx[c + 2] = s02; dx[c + 3] = s03; c += I;
      dx[c] = s10; dx[c + 1] = s11; dx[c + 2] = s12; dx[c + 3] = s13;
    }
  }
  inputGradientPlain(dy, W, dx, I, O, 0, N2, I4, I);
  inputGradientPlain(dy, W, dx, I, O, N2, N, 0, I);
}

/** The plain loop of inputGradient over examples [n0, n1) and inputs [i0, i1). */
function inputGradientPlain(dy: Float64Array, W: Float64Array, dx: Float64Array, I: number, O: number, n0: number, n1: number, i0: number, i1: number): void {
  for (let n = n0; n < n1; ++n) {
    for (let i = i0; i < i1; ++i) {
      let s = 0;
      for (let o = 0; o < O; ++o) s += dy[n * O + o] * W[o * I + i];
      dx[n * I + i] = s;
    }
  }
}

/** dW[o][i] = Σ_n dy[n][o] x[n][i]. */
function weightGradient(dy: Float64Array, x: Float64Array, dW: Float64Array, N: number, I: number, O: number): void {
  const O2 = O - (O % 2), I4 = I - (I % 4);
  // Tiles of 2 outputs × 4 inputs: dy[n][o], dy[n][o+1] meet x[n][i..i+3], walking down the batch.
  for (let o = 0; o < O2; o += 2) {
    for (let i = 0; i < I4; i += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let n = 0, g = o, c = i; n < N; ++n, g += O, c += I) {
        const p = dy[g], q = dy[g + 1];
        let u = x[c];
        s00 += p * u; s10 += q * u;
        u = x[c + 1];
        s01 += p * u; s11 += q * u;
        u = x[c + 2];
        s02 += p * u; s12 += q * u;
        u = x[c + 3];
        s03 += p * u; s13 += q * u;
      }
      let c = o * I + i;
      dW[c] = s00; dW[c + 1] = s01; dW[c + 2] = s02; dW[c + 3] = s03; c += I;
      dW[c] = s10; dW[c + 1] = s11; dW[c + 2] = s12; dW[c + 3] = s13;
    }
  }
  weightGradientPlain(dy, x, dW, N, I, O, 0, O2, I4, I);
  weightGradientPlain(dy, x, dW, N, I, O, O2, O, 0, I);
}

/** The plain loop of weightGradient over outputs [o0, o1) and inputs [i0, i1). */
function weightGradientPlain(dy: Float64Array, x: Float64Array, dW: Float64Array, N: number, I: number, O: number, o0: number, o1: number, i0: number, i1: number): void {
  for (let o = o0; o < o1; ++o) {
    for (let i = i0; i < i1; ++i) {
      let s = 0;
      for (let n = 0; n < N; ++n) s += dy[n * O + o] * x[n * I + i];
      dW[o * I + i] = s;
    }
  }
}
