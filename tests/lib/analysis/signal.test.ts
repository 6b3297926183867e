import {describe, expect, it} from "vitest";
import {activationLayer, dense, rms, signalGain} from "../../../lib/index.js";

describe("rms(x, n)", () => {
  it("is the root mean square of the first n numbers", () => {
    expect(rms([3, 4, 100], 2)).toBe(Math.sqrt(12.5));
    expect(rms(Float64Array.of(2, -2))).toBe(2);
  });
});

describe("signalGain(layers, x, batch)", () => {
  it("gives rms(output) / rms(input) through the chain (known answer)", () => {
    const double = dense(2, 2);
    double.W.set([2, 0, 0, 2]); // y = 2x
    expect(signalGain([double], Float64Array.of(1, -3, 2, 5), 2)).toBe(2);
    // ReLU after y = 2x keeps only the positive half: outputs (2, 0, 4, 10) against inputs (1, −3, 2, 5).
    expect(signalGain([double, activationLayer("relu", 2)], Float64Array.of(1, -3, 2, 5), 2)).toBeCloseTo(rms([2, 0, 4, 10]) / rms([1, -3, 2, 5]), 15);
  });

  it("refuses an empty chain or a short input, naming it", () => {
    expect(() => signalGain([], new Float64Array(2), 1)).toThrow("invalid layers:  (expected at least one layer)");
    expect(() => signalGain([dense(3, 1)], new Float64Array(2), 1)).toThrow("invalid input: 2 numbers for a batch of 1 × 3 (expected 3)");
  });
});
