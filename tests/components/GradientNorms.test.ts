// The figure's caption is its text alternative: it must say what the numbers say, including the
// ones a log scale cannot draw. (The chart itself is checked in the browser tests.)
import {describe, expect, test} from "vitest";
import {describeGradientNorms, formatRatio} from "../../src/components/GradientNorms.js";

const f = (...values: number[]) => Float64Array.from(values);

describe("describeGradientNorms({plain, residual})", () => {
  test("gives the gradient at the first block's input relative to the last block's output in each network", () => {
    const caption = describeGradientNorms({plain: f(3e-14, 1e-7, 1), residual: f(0.8, 0.9, 1)});
    expect(caption).toMatch(/^At depth 2 the gradient at the first block's input is 3e-14 of the one at the last block's output in the plain network and 0\.8 in the residual one\./);
  });

  test("names the block boundaries where the gradient underflowed to 0, which a log scale cannot show", () => {
    const caption = describeGradientNorms({plain: f(0, 0, 0, 1e-300, 1), residual: f(1, 1, 1, 1, 1)});
    expect(caption).toContain("the gradient at the first block's input underflowed to 0 in the plain network");
    expect(caption).toContain("In the plain network the gradient underflowed to 0 at block boundaries 0–2");
    expect(caption).not.toContain("In the residual network");
  });

  test("names non-finite norms", () => {
    const caption = describeGradientNorms({plain: f(1, 1, 1), residual: f(Infinity, NaN, 1)});
    expect(caption).toContain("is not a finite number (Infinity) in the residual one");
    expect(caption).toContain("In the residual network the gradient is not a finite number at block boundaries 0–1");
  });

  test("says when the gradient at the last block's output is 0, so no ratio exists", () => {
    expect(describeGradientNorms({plain: f(1, 0), residual: f(1, 1)})).toContain("cannot be compared with the one at the last block's output (which is 0)");
  });

  test("describes the marks, so colour is never the only cue", () => {
    expect(describeGradientNorms({plain: f(1, 1), residual: f(1, 1)})).toContain("dashed line with triangles");
  });

  test("rejects data with fewer than two layers, naming the bad value", () => {
    expect(() => describeGradientNorms({plain: f(1), residual: f(1, 1)})).toThrow("invalid plain: 1 entries (expected at least 2, one per layer)");
    expect(() => describeGradientNorms({plain: f(1, 1)} as never)).toThrow("invalid residual: undefined");
  });
});

describe("formatRatio(value)", () => {
  test("keeps two significant digits near 1 and uses exponents far from it", () => {
    expect(formatRatio(0.8)).toBe("0.8");
    expect(formatRatio(1.234)).toBe("1.2");
    expect(formatRatio(0.01234)).toBe("0.012");
    expect(formatRatio(3.14e-14)).toBe("3.1e-14");
    expect(formatRatio(2e-14)).toBe("2e-14");
    expect(formatRatio(9.2e7)).toBe("9.2e7");
    expect(formatRatio(0)).toBe("0");
  });
});
