import {describe, expect, test} from "vitest";
import {centralPathLengths, pathLengthFractions} from "../../lib/index.js";
import {describePathLengths, formatPercent} from "../../src/components/PathLengths.js";

const data = (n: number) => ({n, fractions: pathLengthFractions(n), central: centralPathLengths(n, 0.95), mass: 0.95});

describe("describePathLengths(data)", () => {
  test("counts the paths and gives the central range from the computed numbers (n = 54)", () => {
    const caption = describePathLengths(data(54));
    expect(caption).toContain("2^54 = about 1.8e16 paths");
    expect(caption).toContain("Binomial(54, ½), with mean 27 and standard deviation 3.67");
    expect(caption).toContain(`k = 20 to 34, which holds ${formatPercent(centralPathLengths(54, 0.95).share)}`);
  });

  test("spells out small totals exactly", () => {
    expect(describePathLengths(data(3))).toContain("2^3 = 8 paths");
    expect(describePathLengths(data(3))).toContain("one path each, 12.5% of the total");
  });

  test("rejects fractions of the wrong length", () => {
    expect(() => describePathLengths({...data(3), n: 4})).toThrow("invalid fractions: 4 entries (expected n + 1 = 5)");
  });
});

describe("formatPercent(share)", () => {
  test("keeps enough digits to be honest at every scale", () => {
    expect(formatPercent(0.9597)).toBe("96%");
    expect(formatPercent(0.0045)).toBe("0.45%");
    expect(formatPercent(0.99993)).toBe("99.993%");
    expect(formatPercent(2 ** -54)).toBe("5.6e-15%"); // one path of 2^54
    expect(formatPercent(0)).toBe("0%");
  });
});
