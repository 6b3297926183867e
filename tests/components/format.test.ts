import {describe, expect, test} from "vitest";
import {formatFactor, formatNumber} from "../../src/components/format.js";

describe("formatNumber(value, digits)", () => {
  test("keeps three significant digits near 1 and uses exponents far from it", () => {
    expect(formatNumber(0.25)).toBe("0.25");
    expect(formatNumber(1.1442)).toBe("1.14");
    expect(formatNumber(1.25)).toBe("1.25");
    expect(formatNumber(2.1e-5)).toBe("2.1e-5");
    expect(formatNumber(3.249e-58)).toBe("3.25e-58");
    expect(formatNumber(123456)).toBe("1.23e5");
    expect(formatNumber(-0.0025)).toBe("-2.5e-3");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(NaN)).toBe("NaN");
  });
});

describe("formatFactor(value)", () => {
  test("shows how far a factor near 1 is from 1", () => {
    expect(formatFactor(1.0025)).toBe("1.0025");
    expect(formatFactor(1.00301)).toBe("1.003");
    expect(formatFactor(0.99713)).toBe("0.9971");
    expect(formatFactor(1 + 3e-6)).toBe("1.000003");
    expect(formatFactor(1 - 3e-10)).toBe("1"); // closer than six decimals reads as 1
  });

  test("is formatNumber away from 1, and exact at 1", () => {
    expect(formatFactor(1)).toBe("1");
    expect(formatFactor(0.0938)).toBe("0.0938");
    expect(formatFactor(1.437)).toBe("1.44");
  });
});
