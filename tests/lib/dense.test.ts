import {describe, expect, it} from "vitest";
import {dense} from "../../lib/index.js";
import {gradcheck, normals} from "./gradcheck.js";

/** The three products written as plain loops, each output summed k = 0, 1, … from the bias or 0. */
function plainDense(W: Float64Array, b: Float64Array | null, x: Float64Array, dy: Float64Array, N: number, I: number, O: number) {
  const y = new Float64Array(N * O), dx = new Float64Array(N * I), dW = new Float64Array(O * I), db = new Float64Array(O);
  for (let n = 0; n < N; ++n) {
    for (let o = 0; o < O; ++o) {
      let s = b ? b[o] : 0;
      for (let i = 0; i < I; ++i) s += x[n * I + i] * W[o * I + i];
      y[n * O + o] = s;
    }
    for (let i = 0; i < I; ++i) {
      let s = 0;
      for (let o = 0; o < O; ++o) s += dy[n * O + o] * W[o * I + i];
      dx[n * I + i] = s;
    }
  }
  for (let o = 0; o < O; ++o) {
    for (let i = 0; i < I; ++i) {
      let s = 0;
      for (let n = 0; n < N; ++n) s += dy[n * O + o] * x[n * I + i];
      dW[o * I + i] = s;
    }
    for (let n = 0; n < N; ++n) db[o] += dy[n * O + o];
  }
  return {y, dx, dW, db};
}

describe("dense(inSize, outSize, {bias})", () => {
  // The products are register-blocked in 4 × 4 tiles with plain loops at the edges; every output must
  // still be the plain loop's sum, in the same order, to the last bit. Sizes cover every remainder mod 4.
  for (const [N, I, O] of [[128, 32, 32], [7, 5, 6], [9, 3, 13], [1, 2, 1], [6, 11, 4], [128, 2, 32], [128, 32, 1]]) {
    for (const bias of [true, false]) {
      it(`computes y = x Wᵀ + b, dx = dy W, dW = dyᵀ x and db bit for bit as plain loops (batch ${N}, ${I} → ${O}, bias ${bias})`, () => {
        const layer = dense(I, O, {bias});
        layer.W.set(normals(O * I, 1));
        if (bias) layer.b.set(normals(O, 2));
        const x = normals(N * I, 3), dy = normals(N * O, 4);
        const want = plainDense(layer.W, bias ? layer.b : null, x, dy, N, I, O);
        expect(Array.from(layer.forward(x, N, true).subarray(0, N * O))).toEqual(Array.from(want.y));
        expect(Array.from(layer.backward(dy, N).subarray(0, N * I))).toEqual(Array.from(want.dx));
        expect(Array.from(layer.params[0].dw)).toEqual(Array.from(want.dW));
        if (bias) expect(Array.from(layer.params[1].dw)).toEqual(Array.from(want.db));
      });
    }
  }

  it("passes a finite-difference gradient check", () => {
    const layer = dense(5, 6);
    layer.W.set(normals(30, 7));
    layer.b.set(normals(6, 8));
    const {dx, params} = gradcheck(layer, 7);
    expect(dx).toBeLessThan(1e-6);
    for (const e of Object.values(params)) expect(e).toBeLessThan(1e-6);
  });
});
