import {describe, expect, it} from "vitest";
import {batchNorm, layerNorm, type BatchNorm, type LayerNorm} from "../../lib/index.js";
import {gradcheck, maxError, normals} from "./gradcheck.js";

const TOLERANCE = 1e-6;

/** Mean and biased variance of channel c over a batch laid out [n][c][s]. */
function channelStats(x: Float64Array, batch: number, channels: number, spatial: number, c: number) {
  const values: number[] = [];
  for (let n = 0; n < batch; ++n) for (let s = 0; s < spatial; ++s) values.push(x[(n * channels + c) * spatial + s]);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return {mean, variance: values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length, count: values.length};
}

function randomize(layer: BatchNorm | LayerNorm, seed: number) {
  const [scale, shift] = layer.params;
  scale.w.set(normals(scale.w.length, seed, 0.5).map((v) => 1 + v));
  shift.w.set(normals(shift.w.length, seed + 1, 0.5));
  return layer;
}

describe("batchNorm(channels, spatial, {momentum, epsilon})", () => {
  it("in training, standardises each channel over the batch and its positions", () => {
    const bn = batchNorm(3, 4);
    const x = normals(5 * 12, 1, 3).map((v, i) => v + i % 12); // channel means differ
    const y = bn.forward(x, 5, true);
    for (let c = 0; c < 3; ++c) {
      const {mean, variance} = channelStats(y, 5, 3, 4, c);
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(variance).toBeCloseTo(1, 4); // 1 − ε/(σ² + ε)
    }
  });

  it("moves the running mean and unbiased variance by `momentum` per training batch", () => {
    const bn = batchNorm(2, 3, {momentum: 0.25});
    expect(Array.from(bn.runningMean)).toEqual([0, 0]);
    expect(Array.from(bn.runningVar)).toEqual([1, 1]);
    const x = normals(4 * 6, 2, 2).map((v) => v + 5);
    bn.forward(x, 4, true);
    for (let c = 0; c < 2; ++c) {
      const {mean, variance, count} = channelStats(x, 4, 2, 3, c);
      expect(bn.runningMean[c]).toBeCloseTo(0.25 * mean, 14);
      expect(bn.runningVar[c]).toBeCloseTo(0.75 + 0.25 * (variance * count) / (count - 1), 14);
    }
    for (let k = 0; k < 200; ++k) bn.forward(x, 4, true);
    const {mean, variance, count} = channelStats(x, 4, 2, 3, 0);
    expect(bn.runningMean[0]).toBeCloseTo(mean, 12);
    expect(bn.runningVar[0]).toBeCloseTo((variance * count) / (count - 1), 12);
  });

  it("in evaluation, uses the running statistics and leaves them unchanged", () => {
    const bn = randomize(batchNorm(2, 3), 3) as BatchNorm;
    bn.forward(normals(4 * 6, 4, 2), 4, true);
    const mean = Float64Array.from(bn.runningMean), variance = Float64Array.from(bn.runningVar);
    const x = normals(2 * 6, 5);
    const y = bn.forward(x, 2, false);
    for (let n = 0; n < 2; ++n)
      for (let c = 0; c < 2; ++c)
        for (let s = 0; s < 3; ++s) {
          const t = (n * 2 + c) * 3 + s;
          expect(y[t]).toBeCloseTo(bn.gamma[c] * (x[t] - mean[c]) / Math.sqrt(variance[c] + 1e-5) + bn.beta[c], 12);
        }
    expect(bn.runningMean).toEqual(mean);
    expect(bn.runningVar).toEqual(variance);
    // One example alone gives the same output in evaluation, unlike in training.
    expect(Array.from(bn.forward(x, 1, false).subarray(0, 6))).toEqual(Array.from(y.subarray(0, 6)));
  });

  it("starts at γ = 1 and β = 0, neither decayed", () => {
    const bn = batchNorm(3);
    expect(Array.from(bn.gamma)).toEqual([1, 1, 1]);
    expect(Array.from(bn.beta)).toEqual([0, 0, 0]);
    expect(bn.params.map((p) => [p.name, p.decay])).toEqual([["gamma", false], ["beta", false]]);
  });

  for (const [channels, spatial, batch] of [[3, 1, 5], [2, 4, 3], [1, 6, 2]]) {
    it(`passes a finite-difference check in training mode through the batch statistics (${channels} channels × ${spatial} positions, batch ${batch})`, () => {
      expect(maxError(gradcheck(randomize(batchNorm(channels, spatial), channels), batch, {inputScale: 2}))).toBeLessThan(TOLERANCE);
    });
  }

  it("passes a finite-difference check in evaluation mode", () => {
    const bn = randomize(batchNorm(3, 2), 7);
    bn.forward(normals(4 * 6, 8, 3), 4, true);
    expect(maxError(gradcheck(bn, 3, {training: false}))).toBeLessThan(TOLERANCE);
  });

  it("rejects a momentum above 1", () => {
    expect(() => batchNorm(2, 1, {momentum: 2})).toThrow("invalid momentum: 2 (expected a number from 0 to 1)");
  });
});

describe("layerNorm(size, {epsilon})", () => {
  it("standardises each example over its own numbers, the same in training and evaluation", () => {
    const ln = layerNorm(6);
    const x = normals(3 * 6, 1, 4).map((v, i) => v + Math.floor(i / 6) * 10);
    const y = Float64Array.from(ln.forward(x, 3, true).subarray(0, 18));
    for (let n = 0; n < 3; ++n) {
      const {mean, variance} = channelStats(y.subarray(n * 6, n * 6 + 6), 1, 1, 6, 0);
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(variance).toBeCloseTo(1, 4);
    }
    expect(Array.from(ln.forward(x, 3, false).subarray(0, 18))).toEqual(Array.from(y));
  });

  it("passes a finite-difference check with random gain and bias", () => {
    expect(maxError(gradcheck(randomize(layerNorm(7), 2), 3, {inputScale: 2}))).toBeLessThan(TOLERANCE);
  });

  it("rejects a negative epsilon", () => {
    expect(() => layerNorm(4, {epsilon: -1})).toThrow("invalid epsilon: -1 (expected a number from 0 to 1)");
  });
});
