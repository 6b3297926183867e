import {describe, expect, it} from "vitest";
import {dense, selfAttention, tokenwise, type SelfAttention, type SelfAttentionOptions} from "../../lib/index.js";
import {gradcheck, maxError, normals} from "./gradcheck.js";

const TOLERANCE = 1e-6;

/** Fills every parameter of a layer with seeded normals, so no gradient is trivially zero. */
function randomize<L extends {params: readonly {w: Float64Array}[]}>(layer: L, seed: number, scale = 0.7): L {
  layer.params.forEach((p, k) => p.w.set(normals(p.w.length, seed + k, scale)));
  return layer;
}

/** Attention written the slow, obvious way for one example: softmax(Q Kᵀ/√d_h) V per head, then W_o. */
function reference(layer: SelfAttention, x: Float64Array): Float64Array {
  const {tokens: T, width: d, heads, causal} = layer;
  const dh = d / heads;
  const project = (l: typeof layer.query) => Array.from({length: T}, (_, t) => Array.from({length: d}, (_, o) => (l.b[o] ?? 0) + Array.from({length: d}, (_, i) => l.W[o * d + i] * x[t * d + i]).reduce((a, b) => a + b, 0)));
  const [q, k, v] = [layer.query, layer.key, layer.value].map(project); // a bias-free key has b of length 0
  const o = Array.from({length: T}, () => new Array(d).fill(0));
  for (let j = 0; j < heads; ++j) {
    for (let t = 0; t < T; ++t) {
      const seen = Array.from({length: causal ? t + 1 : T}, (_, s) => s);
      const scores = seen.map((s) => q[t].slice(j * dh, (j + 1) * dh).reduce((a, qc, c) => a + qc * k[s][j * dh + c], 0) / Math.sqrt(dh));
      const e = scores.map(Math.exp), z = e.reduce((a, b) => a + b, 0);
      seen.forEach((s, i) => {
        for (let c = j * dh; c < (j + 1) * dh; ++c) o[t][c] += (e[i] / z) * v[s][c];
      });
    }
  }
  const W = layer.output;
  return Float64Array.from({length: T * d}, (_, i) => {
    const t = Math.floor(i / d), r = i % d;
    return W.b[r] + o[t].reduce((a, oc, c) => a + W.W[r * d + c] * oc, 0);
  });
}

describe("tokenwise(inner, tokens)", () => {
  it("applies the inner layer to every token with the same weights", () => {
    const inner = randomize(dense(3, 2), 1);
    const layer = tokenwise(inner, 4);
    expect([layer.inSize, layer.outSize]).toEqual([12, 8]);
    const x = normals(2 * 12, 3);
    const y = Float64Array.from(layer.forward(x, 2, true).subarray(0, 16));
    for (let row = 0; row < 8; ++row) {
      // row = example · T + token: y_row = W x_row + b
      for (let o = 0; o < 2; ++o) {
        let s = inner.b[o];
        for (let i = 0; i < 3; ++i) s += inner.W[o * 3 + i] * x[row * 3 + i];
        expect(y[row * 2 + o]).toBeCloseTo(s, 12);
      }
    }
  });

  it("passes the gradient check", () => {
    expect(maxError(gradcheck(tokenwise(randomize(dense(3, 2), 5), 4), 3))).toBeLessThan(TOLERANCE);
  });

  it("rejects a bad token count, naming it", () => {
    expect(() => tokenwise(dense(2, 2), 0)).toThrow("invalid tokens: 0 (expected an integer from 1 to 1024)");
  });
});

describe("selfAttention(tokens, width, {heads, causal, bias})", () => {
  it.each([
    [1, false],
    [2, false],
    [2, true]
  ])("with %i head(s), causal %s, matches attention computed the obvious way", (heads, causal) => {
    const layer = randomize(selfAttention(5, 4, {heads, causal}), 7);
    const x = normals(2 * 20, 8);
    const y = layer.forward(x, 2, true);
    for (let n = 0; n < 2; ++n) {
      const expected = reference(layer, x.subarray(n * 20, n * 20 + 20));
      for (let i = 0; i < 20; ++i) expect(y[n * 20 + i]).toBeCloseTo(expected[i], 12);
    }
  });

  it("gives attention weights that are a distribution over the tokens each token may see", () => {
    const layer = randomize(selfAttention(4, 6, {heads: 3, causal: true}), 2);
    layer.forward(normals(2 * 24, 3), 2, true);
    const P = layer.attention();
    for (let row = 0; row < 2 * 3 * 4; ++row) {
      const t = row % 4;
      const weights = Array.from(P.subarray(row * 4, row * 4 + 4));
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      weights.forEach((p, s) => (s > t ? expect(p).toBe(0) : expect(p).toBeGreaterThan(0)));
    }
  });

  it("is causal: a change to the last token leaves every earlier output alone", () => {
    const layer = randomize(selfAttention(4, 4, {heads: 2, causal: true}), 3);
    const x = normals(16, 4);
    const before = Float64Array.from(layer.forward(x, 1, true).subarray(0, 16));
    x[13] += 1;
    const after = layer.forward(x, 1, true);
    expect(Array.from(after.subarray(0, 12))).toEqual(Array.from(before.subarray(0, 12)));
    expect(after[13]).not.toBe(before[13]);
  });

  it("with zero keys, averages the values: every token gets the same output", () => {
    const layer = randomize(selfAttention(3, 2), 5);
    layer.key.W.fill(0);
    const y = layer.forward(normals(6, 6), 1, true);
    expect(y[0]).toBeCloseTo(y[2], 14);
    expect(y[1]).toBeCloseTo(y[5], 14);
  });

  it.each([
    ["one head, full", {heads: 1, causal: false}],
    ["two heads, full", {heads: 2, causal: false}],
    ["two heads, causal", {heads: 2, causal: true}],
    ["four heads, causal, no bias", {heads: 4, causal: true, bias: false}]
  ] as [string, SelfAttentionOptions][])("passes the gradient check (%s)", (_, options) => {
    const layer = randomize(selfAttention(3, 4, options), 11);
    const result = gradcheck(layer, 2);
    expect(Object.keys(result.params)).toEqual(options.bias === false ? ["0:Wq", "1:Wk", "2:Wv", "3:Wo"] : ["0:Wq", "1:bq", "2:Wk", "3:Wv", "4:bv", "5:Wo", "6:bo"]);
    expect(maxError(result)).toBeLessThan(TOLERANCE);
  });

  it("has no key bias: a shift common to all of a row's scores would leave the softmax unchanged", () => {
    // q_t · (k_s + b) = q_t · k_s + q_t · b, the same for every s: such a bias could never learn.
    const layer = selfAttention(3, 4, {heads: 2});
    expect(layer.key.params.map((p) => p.name)).toEqual(["W"]);
    expect(layer.params.map((p) => p.name)).toEqual(["Wq", "bq", "Wk", "Wv", "bv", "Wo", "bo"]);
  });

  it("keeps its buffers at a fixed batch size (a training step allocates nothing)", () => {
    const layer = randomize(selfAttention(3, 4, {heads: 2}), 1);
    const x = normals(2 * 12, 2);
    const y1 = layer.forward(x, 2, true), dx1 = layer.backward(x, 2), P1 = layer.attention();
    const y2 = layer.forward(x, 2, true), dx2 = layer.backward(x, 2);
    expect(y2).toBe(y1);
    expect(dx2).toBe(dx1);
    expect(layer.attention()).toBe(P1);
  });

  it.each([
    [() => selfAttention(0, 4), "invalid tokens: 0 (expected an integer from 1 to 1024)"],
    [() => selfAttention(4, 0), "invalid width: 0 (expected an integer from 1 to 4096)"],
    [() => selfAttention(4, 6, {heads: 4}), "invalid heads: 4 (expected a divisor of the width 6)"],
    [() => selfAttention(4, 6, {heads: 0}), "invalid heads: 0 (expected an integer from 1 to 6)"]
  ])("rejects bad sizes with a message naming the value (%#)", (make, message) => {
    expect(make).toThrow(message);
  });
});
