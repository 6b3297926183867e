import {describe, expect, test} from "vitest";
import {type CorrelationRow} from "../../lib/index.js";
import {depthBelow, describeCorrelationDepth, fixed} from "../../src/components/CorrelationDepth.js";

const row = (depth: number, skip: boolean, correlation: number): CorrelationRow => ({depth, skip, values: [correlation], correlation, min: correlation, max: correlation});
const rows = [row(1, false, 0.99), row(1, true, 0.99), row(8, false, 0.5), row(8, true, 0.9), row(16, false, -0.001), row(16, true, 0.8)];

describe("depthBelow(rows, skip, level)", () => {
  test("is the first depth whose mean is below the level", () => {
    expect(depthBelow(rows, false, 0.2)).toBe(16);
    expect(depthBelow(rows, true, 0.2)).toBeNull();
  });
});

describe("describeCorrelationDepth(data)", () => {
  test("gives each network's first and last value and where it falls below 0.2", () => {
    const caption = describeCorrelationDepth({rows, seeds: 1, depths: [1, 8, 16]});
    expect(caption).toContain("The plain network's lag-1 autocorrelation goes from 0.99 at depth 1 to 0.00 at depth 16; it first falls below 0.2 at depth 16.");
    expect(caption).toContain("The residual network's lag-1 autocorrelation goes from 0.99 at depth 1 to 0.80 at depth 16, never below 0.2.");
  });

  test("waits for rows", () => {
    expect(describeCorrelationDepth({rows: [], seeds: 3, depths: [1]})).toBe("The curve appears as the networks are measured.");
  });
});

describe("fixed(value)", () => {
  test("never prints -0.00", () => {
    expect(fixed(-0.001)).toBe("0.00");
    expect(fixed(-0.01)).toBe("-0.01");
  });
});
