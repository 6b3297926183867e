/** A fully connected layer y = W x + b, with W stored row-major as [out][in]. */
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
      for (let n = 0; n < batch; ++n) {
        const xo = n * inSize, yo = n * outSize;
        for (let o = 0; o < outSize; ++o) {
          // y[n][o] = b[o] + Σ_i W[o][i] x[n][i]
          let s = bias ? b[o] : 0;
          const wo = o * inSize;
          for (let i = 0; i < inSize; ++i) s += W[wo + i] * x[xo + i];
          y[yo + o] = s;
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
        const xo = n * inSize, yo = n * outSize;
        for (let o = 0; o < outSize; ++o) {
          const g = dy[yo + o];
          if (g === 0) continue;
          const wo = o * inSize;
          if (bias) db[o] += g; // ∂L/∂b[o] = Σ_n dy[n][o]
          for (let i = 0; i < inSize; ++i) {
            dW[wo + i] += g * x[xo + i]; // ∂L/∂W[o][i] = Σ_n dy[n][o] x[n][i]
            dx[xo + i] += g * W[wo + i]; // ∂L/∂x[n][i] = Σ_o dy[n][o] W[o][i]
          }
        }
      }
      return dx;
    }
  };
}
