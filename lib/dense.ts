/**
 * A fully connected layer y = W x + b, with W stored row-major as [out][in].
 *
 * A training step spends most of its time in this layer's three matrix products, over a batch of N
 * examples, I inputs and O outputs:
 *   forward   y[n][o]  = b[o] + Σ_i x[n][i] W[o][i]    (y = x Wᵀ + b)
 *   backward  dx[n][i] = Σ_o dy[n][o] W[o][i]          (dx = dy W)
 *             dW[o][i] = Σ_n dy[n][o] x[n][i]          (dW = dyᵀ x),  db[o] = Σ_n dy[n][o]
 * All three are one strided product C = P Q (as BLAS's gemm covers transposes with strides: the
 * forward pass reads W's rows as Q's columns), and that product is register-blocked, the trick that
 * makes plain JavaScript matmul fast (see bench/): the inner loop computes a tile of 4 × 4 outputs at
 * once in sixteen local variables, so it loads eight numbers per sixteen multiply-adds instead of two
 * per one, and writes memory once per tile, not once per multiply-add. (x64 has sixteen float
 * registers, so V8 keeps a few of the sums on the stack; measured 2–4% faster than 2 × 4 tiles all in
 * registers, at 128×32 @ 32×32, the bench's shape.) Every output is still summed in the same
 * order as the plain loop (k = 0, 1, …), so the results are bit for bit those of the plain loops;
 * rows and columns left over at the edges of the tiling use the plain loop.
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
      // y[n][o] = b[o] + Σ_i x[n][i] W[o][i]: rows of x, and W's rows as the columns of Wᵀ.
      stridedProduct(x, inSize, 1, W, 1, inSize, y, outSize, batch, outSize, inSize, bias ? b : null);
      return y;
    },
    backward(dy, batch) {
      dx = ensure(dx, batch * inSize);
      // dx[n][i] = Σ_o dy[n][o] W[o][i]: rows of dy, columns of W.
      stridedProduct(dy, outSize, 1, W, inSize, 1, dx, inSize, batch, inSize, outSize, null);
      // dW[o][i] = Σ_n dy[n][o] x[n][i]: columns of dy (a row of dyᵀ), columns of x.
      stridedProduct(dy, 1, outSize, x, inSize, 1, dW, inSize, outSize, inSize, batch, null);
      if (bias) biasGradient(dy, db, batch, outSize);
      return dx;
    }
  };
}

/**
 * C[r·cr + c] = (init ? init[c] : 0) + Σ_k P[r·pr + k·ps] · Q[k·qs + c·qc] for r < R, c < S, summed
 * over k = 0 … K − 1 in order. Either operand may be read along either of its axes.
 */
function stridedProduct(
  P: Float64Array, pr: number, ps: number,
  Q: Float64Array, qs: number, qc: number,
  C: Float64Array, cr: number,
  R: number, S: number, K: number, init: Float64Array | null
): void {
  const R4 = R - (R % 4), S4 = S - (S % 4), qc2 = qc + qc, qc3 = qc2 + qc;
  // Tiles of 4 rows × 4 columns: sixteen running sums, fed by four numbers of P and four of Q per k.
  for (let r = 0; r < R4; r += 4) {
    const p0 = r * pr, p1 = p0 + pr, p2 = p1 + pr, p3 = p2 + pr;
    for (let c = 0; c < S4; c += 4) {
      const i0 = init ? init[c] : 0, i1 = init ? init[c + 1] : 0, i2 = init ? init[c + 2] : 0, i3 = init ? init[c + 3] : 0;
      let s00 = i0, s01 = i1, s02 = i2, s03 = i3, s10 = i0, s11 = i1, s12 = i2, s13 = i3;
      let s20 = i0, s21 = i1, s22 = i2, s23 = i3, s30 = i0, s31 = i1, s32 = i2, s33 = i3;
      for (let k = 0, p = 0, q = c * qc; k < K; ++k, p += ps, q += qs) {
        const u0 = Q[q], u1 = Q[q + qc], u2 = Q[q + qc2], u3 = Q[q + qc3];
        let a = P[p0 + p];
        s00 += a * u0; s01 += a * u1; s02 += a * u2; s03 += a * u3;
        a = P[p1 + p];
        s10 += a * u0; s11 += a * u1; s12 += a * u2; s13 += a * u3;
        a = P[p2 + p];
        s20 += a * u0; s21 += a * u1; s22 += a * u2; s23 += a * u3;
        a = P[p3 + p];
        s30 += a * u0; s31 += a * u1; s32 += a * u2; s33 += a * u3;
      }
      let o = r * cr + c;
      C[o] = s00; C[o + 1] = s01; C[o + 2] = s02; C[o + 3] = s03; o += cr;
      C[o] = s10; C[o + 1] = s11; C[o + 2] = s12; C[o + 3] = s13; o += cr;
      C[o] = s20; C[o + 1] = s21; C[o + 2] = s22; C[o + 3] = s23; o += cr;
      C[o] = s30; C[o + 1] = s31; C[o + 2] = s32; C[o + 3] = s33;
    }
  }
  // The edges: the columns left of the tiled rows, then the rows left over.
  plainProduct(P, pr, ps, Q, qs, qc, C, cr, 0, R4, S4, S, K, init);
  plainProduct(P, pr, ps, Q, qs, qc, C, cr, R4, R, 0, S, K, init);
}

/**
 * db[o] = Σ_n dy[n][o] (∂L/∂b), summed n = 0, 1, … from 0. Four columns at a time in local sums, so
 * the running sums stay in registers instead of going through db at every n; the order of additions
 * per column is the plain loop's, so the bits are too.
 */
function biasGradient(dy: Float64Array, db: Float64Array, N: number, O: number): void {
  const O4 = O - (O % 4);
  for (let o = 0; o < O4; o += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let n = 0, j = o; n < N; ++n, j += O) {
      s0 += dy[j]; s1 += dy[j + 1]; s2 += dy[j + 2]; s3 += dy[j + 3];
    }
    db[o] = s0; db[o + 1] = s1; db[o + 2] = s2; db[o + 3] = s3;
  }
  for (let o = O4; o < O; ++o) {
    let s = 0;
    for (let n = 0, j = o; n < N; ++n, j += O) s += dy[j];
    db[o] = s;
  }
}

/** stridedProduct's plain loop, over rows [r0, r1) and columns [c0, c1). */
function plainProduct(
  P: Float64Array, pr: number, ps: number,
  Q: Float64Array, qs: number, qc: number,
  C: Float64Array, cr: number,
  r0: number, r1: number, c0: number, c1: number, K: number, init: Float64Array | null
): void {
  for (let r = r0; r < r1; ++r) {
    for (let c = c0; c < c1; ++c) {
      let s = init ? init[c] : 0;
      for (let k = 0; k < K; ++k) s += P[r * pr + k * ps] * Q[k * qs + c * qc];
      C[r * cr + c] = s;
    }
  }
}
