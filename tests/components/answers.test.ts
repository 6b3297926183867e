import {describe, expect, it} from "vitest";
import {moreMinima, normalizedFilterNorm, rescaledSlice} from "../../src/components/landscape-answers.js";
import {fixupScale, forwardGrowth, gradientVerdict, gradientVerdicts, plainBatchNormSpec, skipGradientRatio} from "../../src/components/scaling-measures.js";
import {tasks} from "../../src/components/compute-worker.js";
import {gradientNorms} from "../../lib/index.js";

describe("the /landscape answers", () => {
  it("a filter-normalised row is as long as the weight row, whatever the seed", () => {
    expect(normalizedFilterNorm([3, 4], 1)).toBeCloseTo(5, 12);
    expect(normalizedFilterNorm([3, 4], 2)).toBeCloseTo(5, 12);
  });

  it("a rescaled ReLU network has the same filter-normalised slice", () => {
    const {original, rescaled, ratio} = rescaledSlice();
    expect(original).toBeGreaterThan(0);
    expect(rescaled).toBeCloseTo(original, 9);
    expect(ratio).toBeCloseTo(1, 9);
  });

  it("counts local minima only in finished slices", () => {
    const slice = (rows: number[][]) => ({steps: 1, step: 1, loss: 0, diverged: null, error: null, done: true, resolution: 3, rows: rows.map((losses, index) => ({index, b: index, a: [0, 1, 2], losses}))});
    const bowl = [[2, 2, 2], [2, 1, 2], [2, 2, 2]], flat = [[1, 1, 1], [1, 1, 1], [1, 1, 1]];
    expect(moreMinima({plain: slice(bowl), residual: slice(flat)})).toBe("plain");
    expect(moreMinima({plain: slice(flat), residual: slice(flat)})).toBe("the same number");
    expect(() => moreMinima({plain: slice(bowl.slice(0, 2)), residual: slice(flat)})).toThrow(/still being computed/);
    expect(() => moreMinima(null)).toThrow(/not started/);
  });
});

describe("the /scaling measurements", () => {
  it("with the branches off, the gradient ratio is λ^L", () => {
    expect(skipGradientRatio({lambda: 0.9, alpha: 0, depth: 30})).toBeCloseTo(0.9 ** 30, 12);
    expect(skipGradientRatio({lambda: 0.5, alpha: 0.1, depth: 30})).not.toBeCloseTo(0.5 ** 30, 12);
  });

  it("Fixup scales a two-layer branch by L^(−1/2)", () => {
    expect(fixupScale(100)).toBeCloseTo(0.1, 12);
    expect(fixupScale(16)).toBeCloseTo(0.25, 12);
  });

  // The verdict measured on this thread, as /scaling's worker measures it.
  const plainBatchNormVerdict = (options: {depth: number; seed?: number}) => gradientVerdict(gradientNorms(plainBatchNormSpec(options)));

  it("a plain batch-norm network's gradient explodes toward the input at depth 50, and holds at depth 2", () => {
    expect(plainBatchNormVerdict({depth: 50}).verdict).toMatch(/^exploding/);
    expect(plainBatchNormVerdict({depth: 2}).verdict).toMatch(/^about the same/);
  });

  it("the compute worker's gradient-norms task on plainBatchNormSpec gives /scaling the same ratio, bit for bit", () => {
    const [results] = [...{[Symbol.iterator]: () => tasks["gradient-norms"]({specs: [plainBatchNormSpec({depth: 12, seed: 3})]})}] as Float64Array[][];
    expect(gradientVerdict(results[0])).toEqual(plainBatchNormVerdict({depth: 12, seed: 3}));
  });

  it("gradientVerdict(norms) calls a first-over-last ratio under 1/10 vanishing, over 10 exploding, else about the same", () => {
    expect(gradientVerdict([0.05, 1, 1])).toEqual({ratio: 0.05, verdict: gradientVerdicts[0]});
    expect(gradientVerdict([2, 1, 0.5])).toEqual({ratio: 4, verdict: gradientVerdicts[1]});
    expect(gradientVerdict([30, 3])).toEqual({ratio: 10, verdict: gradientVerdicts[1]});
    expect(gradientVerdict([31, 3]).verdict).toBe(gradientVerdicts[2]);
  });

  it("identity-at-start blocks leave the signal's size alone; He-initialised ones grow it", () => {
    const spec = {inputSize: 2, outputSize: 2, width: 8, depth: 30, block: "pre", activation: "relu", seed: 0} as const;
    expect(forwardGrowth({...spec, alpha: 0})).toBe(1);
    expect(forwardGrowth(spec)).toBeGreaterThan(10);
  });
});
