// scripts/lighthouse.js: a page's performance is judged on the median of its audits.
import {describe, expect, it} from "vitest";
import {median, medianRun, performanceRuns} from "../../scripts/lighthouse.js";

describe("median(values)", () => {
  it("is the middle value, of an even count the lower middle one (a score that was measured)", () => {
    expect(median([71, 100, 96])).toBe(96);
    expect(median([90])).toBe(90);
    expect(median([100, 80])).toBe(80);
  });

  it("refuses no values", () => {
    expect(() => median([])).toThrow("invalid values: [] (expected at least one number)");
  });
});

describe("medianRun(rows)", () => {
  it("returns the run whose performance is the median, with every run's score", () => {
    const rows = [71, 100, 96].map((performance, i) => ({scores: {performance}, tbt: [798, 55, 120][i]}));
    expect(medianRun(rows)).toEqual({scores: {performance: 96}, tbt: 120, runs: [71, 100, 96]});
  });

  it("audits a page five times at most", () => {
    expect(performanceRuns).toBe(5);
  });
});
