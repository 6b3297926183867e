// The ledger figure's caption and status are its text alternative: they must say what the ledgers say,
// including products beyond float64 and networks whose numbers broke.
import {describe, expect, test} from "vitest";
import {gradientLedger, type Ledger} from "../../lib/index.js";
import {describeGradientLedger, formatPower, statusOf} from "../../src/components/GradientLedger.js";

const spec = {inputSize: 4, outputSize: 1, width: 8, depth: 20, activation: "sigmoid", block: "pre", seed: 1} as const;
const plain = gradientLedger({...spec, skip: false}, {batchSize: 4});
const residual = gradientLedger({...spec, skip: true}, {batchSize: 4});

describe("formatPower(log10)", () => {
  test("prints 10^e with three significant digits, even far beyond float64", () => {
    expect(formatPower(-1015.4444)).toBe("3.59e-1016");
    expect(formatPower(-57.499)).toBe("3.17e-58");
    expect(formatPower(3)).toBe("1e3");
    expect(formatPower(0.0669)).toBe("1.17");
    expect(formatPower(-0.999999)).toBe("0.1");
  });

  test("carries a mantissa that rounds up to 10 into the exponent", () => {
    expect(formatPower(Math.log10(9.9996e-40))).toBe("1e-39");
  });

  test("says 0 and Infinity for infinite exponents", () => {
    expect(formatPower(-Infinity)).toBe("0");
    expect(formatPower(Infinity)).toBe("Infinity");
  });
});

describe("describeGradientLedger({plain, residual})", () => {
  test("gives the product at block 1 and the mean factor per block for each network", () => {
    const caption = describeGradientLedger({plain, residual});
    const p = plain.rows[0].log10Product, r = residual.rows[0].log10Product;
    expect(caption).toContain(`At depth 20, in the plain network the gradient reaching block 1 is ${formatPower(p)} of the gradient at the top`);
    expect(caption).toContain(`; in the residual network the gradient reaching block 1 is ${formatPower(r)} of the gradient at the top`);
  });

  test("names the sigmoid slopes' line and where the plain product sits relative to it", () => {
    const caption = describeGradientLedger({plain, residual});
    expect(caption).toContain(`the sigmoid slopes' share alone, ${formatPower(20 * 2 * Math.log10(0.25))} at block 1`);
    expect(caption).toMatch(/the plain product sits [\d.]+ decades (above|below) it/);
  });

  test("leaves the line out for activations whose slope reaches 1", () => {
    const tanh = {plain: gradientLedger({...spec, activation: "tanh", skip: false}, {batchSize: 2}), residual: gradientLedger({...spec, activation: "tanh"}, {batchSize: 2})};
    expect(describeGradientLedger(tanh)).not.toContain("slopes' share");
  });

  test("describes the marks, so colour is never the only cue", () => {
    expect(describeGradientLedger({plain, residual})).toContain("dashed line with triangles");
  });

  test("rejects ledgers of different depths or missing ones, naming the problem", () => {
    const short = gradientLedger({...spec, depth: 3}, {batchSize: 2});
    expect(() => describeGradientLedger({plain, residual: short})).toThrow("invalid ledgers: depths 20 and 3");
    expect(() => describeGradientLedger({plain} as never)).toThrow("invalid residual: undefined");
  });
});

describe("statusOf({plain, residual})", () => {
  test("is null when both ledgers are whole", () => {
    expect(statusOf({plain, residual})).toBeNull();
  });

  test("says where a forward pass overflowed, and the caption then says there is no ledger", () => {
    const overflow: Ledger = gradientLedger({...spec, activation: "identity", skip: false, depth: 200, gain: 20}, {batchSize: 2});
    const other = gradientLedger({...spec, depth: 200}, {batchSize: 2});
    const data = {plain: overflow, residual: other};
    expect(statusOf(data)).toMatch(/^The plain network's forward pass overflowed at block \d+/);
    expect(describeGradientLedger(data)).toContain("in the plain network there is no complete ledger");
  });

  test("says where the backward signal became exactly zero", () => {
    const dead = gradientLedger({...spec, gain: 0}, {batchSize: 2});
    expect(statusOf({plain: dead, residual})).toContain("The plain network's backward signal became exactly zero at block 20");
  });
});
