import {describe, expect, it} from "vitest";
import {globalAvgPool} from "../../lib/index.js";
import {gradcheck, maxError} from "./gradcheck.js";

describe("globalAvgPool(channels, height, width)", () => {
  it("averages each channel of each example", () => {
    const pool = globalAvgPool(2, 2, 2);
    expect([pool.inSize, pool.outSize]).toEqual([8, 2]);
    const y = pool.forward(Float64Array.from([1, 2, 3, 4, 10, 20, 30, 40, -1, -1, -1, -1, 0, 0, 0, 8]), 2, true);
    expect(Array.from(y.subarray(0, 4))).toEqual([2.5, 25, -1, 2]);
  });

  it("spreads each channel's gradient evenly over its pixels", () => {
    const pool = globalAvgPool(2, 1, 3);
    pool.forward(new Float64Array(6), 1, true);
    expect(Array.from(pool.backward(Float64Array.from([3, -6]), 1).subarray(0, 6))).toEqual([1, 1, 1, -2, -2, -2]);
  });

  it("passes a finite-difference check", () => {
    expect(maxError(gradcheck(globalAvgPool(3, 2, 5), 4))).toBeLessThan(1e-6);
  });

  it("rejects a zero height", () => {
    expect(() => globalAvgPool(3, 0, 2)).toThrow("invalid height: 0 (expected an integer from 1 to 4096)");
  });
});
