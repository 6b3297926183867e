import {describe, expect, test} from "vitest";
import {skipPathSpectra} from "../../lib/index.js";
import {RESOLVED, describeSkipPath} from "../../src/components/SkipPath.js";

describe("describeSkipPath(spectra, {init, channels})", () => {
  test("gives one projection's range and the whole path's, against the identity's 1", () => {
    const caption = describeSkipPath(skipPathSpectra({channels: 8, blocks: 4}), {init: "he"});
    expect(caption).toMatch(/^On 8 channels with he initialisation, one projection's singular values run from [\d.]+ to [\d.]+ \(a ratio of [\d.e]+\)\./);
    expect(caption).toContain("Through 4 blocks of option C, the skip-only path W_s^(4) ··· W_s^(1) has singular values from");
    expect(caption).toContain("every singular value of that path stays exactly 1");
    expect(caption).not.toContain("float64");
  });

  test("says from which block on the smallest values fall below what float64 resolves", () => {
    const f = (...v: number[]) => Float64Array.from(v);
    const spectra = [f(2, 0.5), f(4, 1e-3), f(8, 0.1 * RESOLVED)];
    const caption = describeSkipPath(spectra, {init: "he"});
    expect(caption).toContain("From 3 blocks on, the smallest fall below a ten-billionth of the largest");
    expect(caption).toContain("has singular values up to 8, the smallest below 8e-10");
  });
});
