import {describe, expect, test} from "vitest";
import {describeAutocorrelation, halfLag} from "../../src/components/Autocorrelation.js";

describe("halfLag(acf)", () => {
  test("is the first lag below 1/2, or null", () => {
    expect(halfLag([1, 0.8, 0.49, 0.7])).toBe(2);
    expect(halfLag([1, 0.9])).toBeNull();
  });
});

describe("describeAutocorrelation(data)", () => {
  test("says where each series first falls below 0.5", () => {
    const caption = describeAutocorrelation({plain: [1, 0.1, 0], residual: [1, 0.8, 0.6], white: [1, 0, 0], brown: [1, 0.9, 0.8], depth: 5, spacing: 0.1});
    expect(caption).toContain("at depth 5, lags 0 to 2");
    expect(caption).toContain("The plain network's falls below 0.5 at lag 1; the residual network's stays above 0.5 up to lag 2.");
    expect(caption).toContain("white noise falls below 0.5 at lag 1 and brown noise stays above 0.5 up to lag 2");
  });
});
