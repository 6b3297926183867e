import {describe, expect, it} from "vitest";
import {collapsedAt, describeTokenSpread} from "../../src/components/TokenSpread.js";

const f = (...v: number[]) => Float64Array.from(v);

describe("describeTokenSpread(runs)", () => {
  it("gives the spread after the last sublayer and where the plain stack collapsed", () => {
    const caption = describeTokenSpread({pre: {spread: f(0.9, 0.8, 0.7)}, post: {spread: f(0.9, 0.5, 0.3)}, plain: {spread: f(0.9, 1e-3, 1e-9)}});
    expect(caption).toContain("The embedded tokens start with spread 0.9");
    expect(caption).toContain("After the last of 2 sublayers the spread is 0.7 in pre-LN, 0.3 in post-LN and 1e-9 with no stream.");
    expect(caption).toContain("With no stream it falls below 1e-6 after sublayer 2");
    expect(caption).not.toContain("In pre-LN it falls");
  });

  it("says so when no stack collapses", () => {
    expect(describeTokenSpread({pre: {spread: f(1, 1)}, post: {spread: f(1, 1)}, plain: {spread: f(1, 0.5)}})).toContain("No stack falls below 1e-6.");
  });
});

describe("collapsedAt(spread)", () => {
  it("is the first position below 1e-6, or -1", () => {
    expect(collapsedAt(f(1, 1e-3, 1e-7, 1e-16))).toBe(2);
    expect(collapsedAt(f(1, 0.5))).toBe(-1);
  });
});
