import {describe, expect, it} from "vitest";
import {autocorrelation, autocorrelations, brownNoise, correlationByDepth, inputGradientAlongLine, randomSeeded, whiteNoise} from "../../../lib/index.js";

describe("inputGradientAlongLine(spec, options)", () => {
  it("gives 256 evenly spaced inputs from −2 to 2 by default", () => {
    const {x, gradient} = inputGradientAlongLine({width: 4, depth: 2});
    expect(x.length).toBe(256);
    expect(x[0]).toBe(-2);
    expect(x[255]).toBe(2);
    expect(x[1] - x[0]).toBeCloseTo(4 / 255, 15);
    expect(gradient.length).toBe(256);
  });

  it("matches a central finite difference of y(x) at every input", () => {
    for (const skip of [false, true]) {
      const spec = {width: 8, depth: 3, activation: "tanh" as const, skip, seed: 2};
      const h = 1e-5;
      const {x, gradient} = inputGradientAlongLine(spec, {points: 9});
      const up = inputGradientAlongLine(spec, {points: 9, from: -2 + h, to: 2 + h}).y;
      const down = inputGradientAlongLine(spec, {points: 9, from: -2 - h, to: 2 - h}).y;
      x.forEach((_, i) => {
        const numeric = (up[i] - down[i]) / (2 * h);
        expect(Math.abs(gradient[i] - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      });
    }
  });

  it("is constant for a linear network (identity activation), so its autocorrelation is 1", () => {
    for (const skip of [false, true]) {
      const {gradient} = inputGradientAlongLine({width: 6, depth: 5, activation: "identity", skip, seed: 1}, {biasStd: 1});
      expect(new Set(gradient).size).toBe(1);
      expect(autocorrelation(gradient, 1)).toBe(1);
    }
  });

  it("without biases, is one value for x < 0 and one for x > 0 (a ReLU network is positively homogeneous)", () => {
    const {x, gradient} = inputGradientAlongLine({width: 8, depth: 4, seed: 3}, {biasStd: 0, points: 64});
    expect(new Set(gradient.filter((_, i) => x[i] < 0)).size).toBe(1);
    expect(new Set(gradient.filter((_, i) => x[i] > 0)).size).toBe(1);
  });

  it("draws the biases from their own stream: the weights are those of the spec's network", () => {
    const a = inputGradientAlongLine({width: 4, depth: 2, seed: 5}, {biasStd: 0.5}).net;
    const b = inputGradientAlongLine({width: 4, depth: 2, seed: 5}, {biasStd: 0}).net;
    const weights = (net: typeof a) => net.params.filter((p) => p.name === "W").map((p) => Array.from(p.w));
    expect(weights(a)).toEqual(weights(b));
    expect(a.params.some((p) => p.name === "b" && p.w.some((v) => v !== 0))).toBe(true);
  });

  it("rejects a spec with more than one input or output, and a backwards line", () => {
    expect(() => inputGradientAlongLine({inputSize: 2, width: 4, depth: 1})).toThrow("invalid input size: 2 (expected 1");
    expect(() => inputGradientAlongLine({outputSize: 3, width: 4, depth: 1})).toThrow("invalid output size: 3 (expected 1");
    expect(() => inputGradientAlongLine({width: 4, depth: 1}, {from: 1, to: 0})).toThrow("invalid line: from 1 to 0 (expected from < to)");
    expect(() => inputGradientAlongLine({width: 4, depth: 0})).toThrow("invalid depth: 0 (expected an integer from 1 to 2000)");
  });
});

describe("autocorrelation(values, lag) and autocorrelations(values, maxLag)", () => {
  it("is 1 at lag 0 for any series that varies", () => {
    expect(autocorrelation([3, 1, 4, 1, 5], 0)).toBe(1);
  });

  it("gives −(N − 1)/N at lag 1 for an alternating series of even length", () => {
    expect(autocorrelation([1, -1, 1, -1, 1, -1], 1)).toBeCloseTo(-5 / 6, 15);
  });

  it("gives the hand-computed value for 1, 2, 3, 4: (−0.75 + 0.25·0 ... ) → 0.25 at lag 1", () => {
    // m = 2.5, deviations −1.5, −0.5, 0.5, 1.5; Σd² = 5; lag 1: (0.75 − 0.25 + 0.75) = 1.25 → 0.25.
    expect(autocorrelation([1, 2, 3, 4], 1)).toBeCloseTo(0.25, 15);
    expect(autocorrelation([1, 2, 3, 4], 3)).toBeCloseTo(-2.25 / 5, 15);
  });

  it("is near 0 at lag 1 for white noise and near 1 for brown noise (a random walk)", () => {
    const n = 4096;
    expect(Math.abs(autocorrelation(whiteNoise(n, randomSeeded(1)), 1))).toBeLessThan(3 / Math.sqrt(n));
    expect(autocorrelation(brownNoise(n, randomSeeded(1)), 1)).toBeGreaterThan(0.95);
  });

  it("is 1 for a constant series (no variance to normalise by)", () => {
    expect(autocorrelation([2, 2, 2], 1)).toBe(1);
  });

  it("lists r(0) … r(maxLag)", () => {
    const acf = autocorrelations([1, 2, 3, 4], 3);
    expect(Array.from(acf)).toEqual([1, autocorrelation([1, 2, 3, 4], 1), autocorrelation([1, 2, 3, 4], 2), autocorrelation([1, 2, 3, 4], 3)]);
  });

  it("rejects a lag beyond the series, an empty series and non-finite values", () => {
    expect(() => autocorrelation([1, 2, 3], 3)).toThrow("invalid lag: 3 (expected an integer from 0 to 2)");
    expect(() => autocorrelation([], 0)).toThrow("invalid series: empty");
    expect(() => autocorrelation([1, NaN], 0)).toThrow("invalid series: NaN at index 1 (expected finite numbers)");
  });
});

describe("correlationByDepth(spec, depths, options)", () => {
  it("runs one network per step and ends with one row per depth and network, averaged over the seeds", () => {
    const steps = [...correlationByDepth({width: 4, seed: 1}, [1, 3], {seeds: 2, points: 32})];
    expect(steps.length).toBe(2 * 2 * 2); // seeds × depths × (plain, residual)
    expect(steps[0].length).toBe(1);
    const last = steps[steps.length - 1];
    expect(last.map((r) => [r.depth, r.skip, r.values.length])).toEqual([
      [1, false, 2],
      [1, true, 2],
      [3, false, 2],
      [3, true, 2]
    ]);
    for (const r of last) {
      expect(r.correlation).toBeCloseTo((r.values[0] + r.values[1]) / 2, 15);
      expect(r.min).toBe(Math.min(...r.values));
    }
  });

  it("takes seed s + 1 for the second network at each depth", () => {
    const [, , , , , second] = [...correlationByDepth({width: 4, seed: 7}, [2], {seeds: 3, points: 16})];
    const expected = autocorrelation(inputGradientAlongLine({width: 4, depth: 2, skip: true, seed: 8}, {points: 16}).gradient, 1);
    expect(second[1].values[1]).toBe(expected);
  });
});

describe("inputGradientAlongLine(spec, {standardize: true})", () => {
  it("gives every stem unit mean 0 and variance 1 over the line", () => {
    const {net} = inputGradientAlongLine({width: 5, depth: 2, seed: 3}, {standardize: true, points: 64});
    const x = Float64Array.from({length: 64}, (_, i) => -2 + (4 * i) / 63);
    const h = net.stem.forward(x, 64, false);
    for (let o = 0; o < 5; ++o) {
      const column = Array.from({length: 64}, (_, n) => h[n * 5 + o]);
      const mean = column.reduce((a, b) => a + b, 0) / 64;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / 64;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      // σ²/(σ² + ε) with ε = 1e-5, as in batch norm: just below 1, less so for a unit that barely varied.
      expect(variance).toBeGreaterThan(0.99);
      expect(variance).toBeLessThanOrEqual(1);
    }
  });

  it("standardises each branch's dense layer on the inputs it receives", () => {
    const {net, x} = inputGradientAlongLine({width: 6, depth: 3, block: "pre", branch: "single", seed: 2}, {standardize: true, points: 50});
    let h = Float64Array.from(net.stem.forward(x, 50, false).subarray(0, 300));
    for (const block of net.blocks) {
      const layers = (block.branch as unknown as {layers: {forward: typeof block.forward; kind: string}[]}).layers;
      const t = layers[0].forward(h, 50, false); // the pre-activation ReLU
      const d = Float64Array.from(layers[1].forward(Float64Array.from(t.subarray(0, 300)), 50, false).subarray(0, 300));
      for (let o = 0; o < 6; ++o) {
        let mean = 0;
        for (let n = 0; n < 50; ++n) mean += d[n * 6 + o] / 50;
        expect(Math.abs(mean)).toBeLessThan(1e-10);
      }
      h = Float64Array.from(block.forward(h, 50, false).subarray(0, 300));
    }
  });
});
