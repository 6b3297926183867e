import {describe, expect, it} from "vitest";
import {nearIdentity, randomSeeded, referenceLosses, type Dataset} from "../../../lib/index.js";

describe("nearIdentity(n, {size, amplitude, range, random})", () => {
  it("draws inputs uniform on [−range, range] and sets y = x + a·sin(x) elementwise", () => {
    const data = nearIdentity(200, {size: 3, amplitude: 0.3, range: 2, random: randomSeeded(4)});
    expect(data).toMatchObject({n: 200, inputSize: 3, outputSize: 3});
    expect(data.classes).toBeUndefined();
    expect(data.x.length).toBe(600);
    for (let i = 0; i < 600; ++i) {
      expect(Math.abs(data.x[i])).toBeLessThanOrEqual(2);
      expect(data.y[i]).toBe(data.x[i] + 0.3 * Math.sin(data.x[i]));
    }
    expect(Math.min(...data.x)).toBeLessThan(-1.9);
    expect(Math.max(...data.x)).toBeGreaterThan(1.9);
  });

  it("is the identity at amplitude 0", () => {
    const data = nearIdentity(10, {amplitude: 0});
    expect(data.y).toEqual(data.x);
  });

  it("is bit-identical for the same seed and differs for another", () => {
    const a = nearIdentity(20, {random: randomSeeded(1)}), b = nearIdentity(20, {random: randomSeeded(1)});
    expect(b.x).toEqual(a.x);
    expect(nearIdentity(20, {random: randomSeeded(2)}).x).not.toEqual(a.x);
  });

  it("rejects bad options, naming the value and the range", () => {
    expect(() => nearIdentity(0)).toThrow("invalid n: 0 (expected an integer from 1 to 1000000)");
    expect(() => nearIdentity(5, {size: 300})).toThrow("invalid size: 300 (expected an integer from 1 to 256)");
    expect(() => nearIdentity(5, {amplitude: Infinity})).toThrow("invalid amplitude: Infinity (expected a number from -10 to 10)");
  });
});

describe("referenceLosses(data)", () => {
  it("gives the mean squared error of the identity and of the zero map (known answer)", () => {
    // x = (1, −2), (3, 0); y = (1.5, −2), (3, 4): identity errors 0.5, 0, 0, 4; zero-map errors y².
    const data: Dataset = {x: Float64Array.of(1, -2, 3, 0), y: Float64Array.of(1.5, -2, 3, 4), n: 2, inputSize: 2, outputSize: 2};
    expect(referenceLosses(data)).toEqual({identity: (0.25 + 16) / 4, zero: (2.25 + 4 + 9 + 16) / 4});
  });

  it("matches a² E[sin² x] for the near-identity task: about a²/2 on a full period", () => {
    const {identity, zero} = referenceLosses(nearIdentity(20000, {size: 1, amplitude: 0.1}));
    expect(identity).toBeCloseTo(0.005, 3);
    expect(zero).toBeGreaterThan(Math.PI ** 2 / 3); // E[x²] = π²/3, and the wiggle adds 2a·E[x sin x] > 0
  });

  it("refuses classification data or a map between spaces of different size", () => {
    const bad: Dataset = {x: new Float64Array(4), y: new Float64Array(2), n: 2, inputSize: 2, outputSize: 1};
    expect(() => referenceLosses(bad)).toThrow("invalid data: 2 inputs and 1 outputs per example (expected a regression from a space to itself)");
  });
});
