import {describe, expect, test} from "vitest";
import {derivativeCurve, maxSlope} from "../../lib/index.js";
import {describeBlockFactor} from "../../src/components/BlockFactor.js";

const xs = Array.from({length: 121}, (_, i) => -6 + i / 10);
const data = (activation: "sigmoid" | "tanh" | "relu", w: number, b = 0) => ({rows: derivativeCurve(xs, {activation, w, b}), bound: Math.abs(w) * maxSlope(activation), activation, w, b});

describe("describeBlockFactor(data)", () => {
  test("gives the plain factor's range, where it peaks, and the bound", () => {
    const caption = describeBlockFactor(data("sigmoid", 1));
    // σ′ is symmetric: the minimum sits at either end of the grid, to rounding.
    expect(caption).toMatch(/the plain factor F′\(x\) runs from 2\.47e-3 \(at x = -?6\) to 0\.25 \(at x = 0\); its size never exceeds 0\.25, the bound \|w\| · max sigmoid′/);
  });

  test("keeps the digits that show how far the residual factor is from 1", () => {
    expect(describeBlockFactor(data("sigmoid", 1))).toContain("The residual factor 1 + F′(x) runs from 1.0025 to 1.25. It never falls below 1");
  });

  test("says where the residual factor reaches zero or below (tanh, w = −2)", () => {
    expect(describeBlockFactor(data("tanh", -2))).toMatch(/It reaches 0 or below at \d+ of the 121 points \(from x = -0\.\d+ to x = 0\.\d+\)/);
  });

  test("says when the residual factor dips below 1 but stays positive", () => {
    expect(describeBlockFactor(data("sigmoid", -2))).toContain("It dips below 1 where F′ is negative, but stays positive.");
  });

  test("rejects too few points or a bad bound", () => {
    expect(() => describeBlockFactor({...data("relu", 1), rows: []})).toThrow("invalid rows: 0");
    expect(() => describeBlockFactor({...data("relu", 1), bound: NaN})).toThrow("invalid bound: NaN");
  });
});
