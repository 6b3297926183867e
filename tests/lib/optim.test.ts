import {describe, expect, it} from "vitest";
import {adam, param, sgd, sgdStep, stepSchedule, type Param} from "../../lib/index.js";

/** A param holding `w` with a fixed gradient `dw`. */
function p(w: number[], dw: number[], decay = true): Param {
  const q = param("p", w.length, decay);
  q.w.set(w);
  q.dw.set(dw);
  return q;
}

describe("sgd({learningRate, momentum, weightDecay})", () => {
  it("with momentum 0.9 takes the two hand-computed steps v₁ = g, v₂ = 0.9 v₁ + g", () => {
    const q = p([1, -2], [0.5, 1]);
    const opt = sgd({learningRate: 0.1, momentum: 0.9});
    opt.step([q]);
    // v₁ = (0.5, 1); w₁ = (1 − 0.05, −2 − 0.1)
    expect(q.w[0]).toBeCloseTo(0.95, 15);
    expect(q.w[1]).toBeCloseTo(-2.1, 15);
    opt.step([q]);
    // v₂ = 0.9 (0.5, 1) + (0.5, 1) = (0.95, 1.9); w₂ = (0.95 − 0.095, −2.1 − 0.19)
    expect(q.w[0]).toBeCloseTo(0.855, 15);
    expect(q.w[1]).toBeCloseTo(-2.29, 15);
  });

  it("with momentum 0 is plain gradient descent, and uses the rate passed to step()", () => {
    const q = p([1], [2]);
    const opt = sgd({learningRate: 0.1});
    opt.step([q]);
    expect(q.w[0]).toBeCloseTo(0.8, 15);
    opt.step([q], 0.01);
    expect(q.w[0]).toBeCloseTo(0.78, 15);
  });

  it("applies weight decay to weights and skips biases", () => {
    const W = p([2], [0], true), b = p([2], [0], false);
    sgd({learningRate: 0.1, weightDecay: 0.5}).step([W, b]);
    expect(W.w[0]).toBeCloseTo(2 - 0.1 * 0.5 * 2, 15); // g = dw + λw = 1
    expect(b.w[0]).toBe(2);
  });

  it("keeps its state per optimiser: two runs do not share velocities", () => {
    const a = p([1], [1]), b = p([1], [1]);
    const optA = sgd({learningRate: 0.1, momentum: 0.9});
    optA.step([a]);
    optA.step([a]);
    sgd({learningRate: 0.1, momentum: 0.9}).step([b]);
    expect(b.w[0]).toBeCloseTo(0.9, 15); // a fresh optimiser starts from v = 0
    expect(a.w[0]).toBeCloseTo(1 - 0.1 - 0.19, 15);
  });

  it.each([
    [{learningRate: -1}, "invalid learning rate: -1 (expected a number from 0 to 1000000)"],
    [{momentum: 1.5}, "invalid momentum: 1.5 (expected a number from 0 to 1)"],
    [{weightDecay: NaN}, "invalid weight decay: NaN (expected a number from 0 to 1000000)"]
  ])("rejects %o with %s", (options, message) => {
    expect(() => sgd(options)).toThrow(message);
  });

  it("rejects a bad rate given to step()", () => {
    expect(() => sgd().step([], NaN)).toThrow("invalid learning rate: NaN");
  });
});

describe("adam({learningRate, beta1, beta2, epsilon, weightDecay})", () => {
  it("takes the two hand-computed bias-corrected steps", () => {
    const q = p([1], [0.5]);
    const opt = adam({learningRate: 0.1});
    opt.step([q]);
    // m = 0.1 · 0.5 = 0.05, v = 0.001 · 0.25; m̂ = 0.05 / 0.1 = 0.5, v̂ = 0.00025 / 0.001 = 0.25
    // w = 1 − 0.1 · 0.5 / (0.5 + 1e−8) = 0.900000002
    expect(q.w[0]).toBeCloseTo(0.900000002, 15);
    q.dw[0] = -0.25;
    opt.step([q]);
    // m = 0.9 · 0.05 − 0.1 · 0.25 = 0.02, v = 0.999 · 0.00025 + 0.001 · 0.0625 = 0.00031225
    // m̂ = 0.02 / (1 − 0.9²) = 0.02 / 0.19, v̂ = 0.00031225 / (1 − 0.999²) = 0.00031225 / 0.001999
    // w = 0.900000002 − 0.1 · m̂ / (√v̂ + 1e−8) = 0.8733662987078463
    expect(q.w[0]).toBeCloseTo(0.8733662987078463, 14);
  });

  it("adds weight decay to the gradient of weights only", () => {
    const W = p([1], [0.5], true), b = p([1], [0.5], false);
    const opt = adam({learningRate: 0.1, weightDecay: 0.1});
    opt.step([W, b]);
    W.dw[0] = b.dw[0] = -0.25;
    opt.step([W, b]);
    expect(W.w[0]).toBeCloseTo(0.8544413674617625, 14); // g = dw + 0.1 w at each step
    expect(b.w[0]).toBeCloseTo(0.8733662987078463, 14); // as without decay
  });

  it.each([
    [{beta1: 1}, "invalid beta1: 1 (expected a number from 0 to 0.999999)"],
    [{beta2: -0.1}, "invalid beta2: -0.1 (expected a number from 0 to 0.999999999)"],
    [{epsilon: 0}, "invalid epsilon: 0 (expected a number from 1e-300 to 1)"],
    [{learningRate: Infinity}, "invalid learning rate: Infinity (expected a number from 0 to 1000000)"]
  ])("rejects %o with %s", (options, message) => {
    expect(() => adam(options)).toThrow(message);
  });
});

describe("sgdStep(params, options)", () => {
  it("is one stateless SGD step", () => {
    const W = p([1, 1], [1, -1]), b = p([1], [1], false);
    sgdStep([W, b], {learningRate: 0.5, weightDecay: 1});
    expect(Array.from(W.w)).toEqual([1 - 0.5 * 2, 1 - 0.5 * 0]);
    expect(b.w[0]).toBe(0.5);
  });
});

describe("stepSchedule({initial, factor, milestones})", () => {
  it("multiplies the rate by the factor at each milestone", () => {
    const rate = stepSchedule({initial: 0.1, milestones: [100, 150]});
    expect([0, 99, 100, 149, 150, 10000].map(rate)).toEqual([0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1, 0.1 * 0.1 * 0.1]);
    expect(stepSchedule({initial: 1, factor: 0.5, milestones: []})(1e6)).toBe(1);
    expect(stepSchedule({initial: 1, factor: 0.5, milestones: [0]})(0)).toBe(0.5);
  });

  it("rejects milestones out of order and a bad initial rate", () => {
    expect(() => stepSchedule({initial: 0.1, milestones: [10, 5]})).toThrow("invalid milestone 1: 5 (expected an integer from 11 to 1000000000000)");
    expect(() => stepSchedule({initial: 0.1, milestones: [-1]})).toThrow("invalid milestone 0: -1");
    expect(() => stepSchedule({initial: -0.1, milestones: []})).toThrow("invalid learning rate: -0.1");
  });
});
