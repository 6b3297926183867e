import {describe, expect, test} from "vitest";
import {describeLineGradients, signChanges} from "../../src/components/LineGradients.js";

describe("signChanges(values)", () => {
  test("counts changes of sign, skipping zeros", () => {
    expect(signChanges([1, 2, -1, 0, -3, 4])).toBe(2);
    expect(signChanges([0, 0, 1])).toBe(0);
    expect(signChanges([])).toBe(0);
  });
});

describe("describeLineGradients(data)", () => {
  test("gives each network's lag-1 autocorrelation and sign changes", () => {
    const caption = describeLineGradients({x: [-1, 0, 1, 2], plain: [1, -1, 1, -1], residual: [1, 2, 3, 4], depth: 7, network: "width 3"});
    expect(caption).toContain("dy/dx at 4 evenly spaced inputs from -1 to 2, for networks of depth 7 (width 3).");
    expect(caption).toContain("the plain network's gradient has lag-1 autocorrelation -0.75 and changes sign 3 times");
    expect(caption).toContain("the residual network's gradient has lag-1 autocorrelation 0.25 and changes sign 0 times");
  });

  test("rejects gradients that do not match the inputs", () => {
    expect(() => describeLineGradients({x: [0, 1], plain: [1], residual: [1, 2], depth: 1, network: ""})).toThrow("invalid plain: 1 gradients for 2 inputs");
  });
});
