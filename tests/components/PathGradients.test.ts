import {describe, expect, test} from "vitest";
import {pathLengthCounts, type PathGradientRow} from "../../lib/index.js";
import {describePathGradients} from "../../src/components/PathGradients.js";

/** Rows for a network whose every branch multiplies a path's gradient by f: gradient f^k, total C(n,k) f^k. */
function rows(n: number, f: number): PathGradientRow[] {
  const counts = pathLengthCounts(n);
  const all = Array.from(counts, (paths, k) => ({length: k, paths, gradient: f ** k, spread: 0, total: paths * f ** k, share: 0}));
  const sum = all.reduce((s, r) => s + r.total, 0);
  for (const r of all) r.share = r.total / sum;
  return all;
}

describe("describePathGradients(data)", () => {
  test("gives the per-branch factor, the peak and the effective range of an exactly geometric network", () => {
    const caption = describePathGradients({n: 54, rows: rows(54, 0.25), samples: 10, of: 10, network: "a test network"});
    expect(caption).toContain("Measured on a test network, averaged over 10 samples of every length.");
    expect(caption).toContain("a factor of about 0.25 per branch");
    // C(54, k) 0.25^k peaks where (54 − k)/(k + 1) = 4: k = 10.
    expect(caption).toContain("the gradient peaks at k = 10");
    expect(caption).toContain("95% of the paths have length 20 to 34");
  });

  test("puts the peak at n/2 when branches neither shrink nor grow the gradient", () => {
    expect(describePathGradients({n: 20, rows: rows(20, 1), samples: 1, of: 4, network: "x"})).toContain("peaks at k = 10");
  });

  test("rejects empty rows", () => {
    expect(() => describePathGradients({n: 3, rows: [], samples: 0, of: 1, network: "x"})).toThrow("invalid rows");
  });
});
