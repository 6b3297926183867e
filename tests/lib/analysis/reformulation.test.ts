import {describe, expect, it} from "vitest";
import {createStack, evaluate, finalLoss, nearIdentity, randomSeeded, referenceLosses, reformulationSetup, setPlainIdentity, trainStack, type Dataset} from "../../../lib/index.js";
import {sin} from "../../../lib/fmath.js";

describe("nearIdentity(n, {size, amplitude, range, random})", () => {
  it("draws inputs uniform on [−range, range] and sets y = x + a·sin(x) elementwise", () => {
    const data = nearIdentity(200, {size: 3, amplitude: 0.3, range: 2, random: randomSeeded(4)});
    expect(data).toMatchObject({n: 200, inputSize: 3, outputSize: 3});
    expect(data.classes).toBeUndefined();
    expect(data.x.length).toBe(600);
    for (let i = 0; i < 600; ++i) {
      expect(Math.abs(data.x[i])).toBeLessThanOrEqual(2);
      expect(data.y[i]).toBe(data.x[i] + 0.3 * sin(data.x[i])); // lib/fmath.ts's sin, as the engine's
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

describe("setPlainIdentity(stack)", () => {
  it("makes a plain ReLU stack compute the identity exactly, at a weight norm of √(4 · size · depth)", () => {
    const stack = setPlainIdentity(createStack({size: 4, width: 10, depth: 20, skip: false, seed: 3}));
    const data = nearIdentity(64, {size: 4, amplitude: 0, random: randomSeeded(2)});
    expect(Float64Array.from(stack.forward(data.x, 64))).toEqual(data.x);
    expect(evaluate(stack, data).loss).toBe(0);
    const norm = Math.hypot(...stack.params.filter((p) => p.decay).flatMap((p) => [...p.w]));
    expect(norm).toBeCloseTo(Math.sqrt(4 * 4 * 20), 12);
  });

  it("refuses a residual stack, another activation, or a width under twice the size", () => {
    expect(() => setPlainIdentity(createStack({size: 4, width: 8, depth: 2}))).toThrow("invalid stack: residual, relu, width 8 for size 4");
    expect(() => setPlainIdentity(createStack({size: 4, width: 7, depth: 2, skip: false}))).toThrow("(expected a plain ReLU stack of width at least 8)");
    expect(() => setPlainIdentity(createStack({size: 2, width: 8, depth: 2, skip: false, activation: "tanh"}))).toThrow("invalid stack: plain, tanh");
  });
});

describe("reformulationSetup(options)", () => {
  it("gives a plain and a residual stack sharing W₁, the residual W₂ a tenth of the plain one's", () => {
    const setup = reformulationSetup();
    expect(setup.runs.map((r) => [r.name, r.spec.depth, r.spec.branchGain])).toEqual([["plain", 20, 1], ["residual", 20, 0.1]]);
    expect(setup.data).toMatchObject({n: 256, inputSize: 4, outputSize: 4});
    expect(setup.train).toEqual({steps: 600, batchSize: 32, every: 10, seed: 0, learningRate: 0.01, momentum: 0.9, weightDecay: 0});
    const [plain, residual] = setup.runs.map((r) => createStack(r.spec));
    expect(residual.blocks[3].params[0].w).toEqual(plain.blocks[3].params[0].w);
    const [r2, p2] = [residual, plain].map((stack) => stack.blocks[3].params[2].w);
    r2.forEach((w, i) => expect(w).toBeCloseTo(0.1 * p2[i], 15));
  });

  it("rejects a bad option, naming it", () => {
    expect(() => reformulationSetup({weightDecay: -1})).toThrow("invalid weight decay: -1 (expected a number from 0 to 100)");
    expect(() => reformulationSetup({depth: 0})).toThrow("invalid depth: 0");
  });

  it("with strong weight decay, ends near the identity map's loss (residual) and the zero map's (plain)", () => {
    const setup = reformulationSetup({depth: 6, steps: 300, weightDecay: 0.3});
    const reference = referenceLosses(setup.data);
    const [plain, residual] = setup.runs.map((run) => finalLoss([...trainStack(run, setup)])!);
    expect(Math.abs(Math.log(residual / reference.identity))).toBeLessThan(0.2);
    expect(Math.abs(Math.log(plain / reference.zero))).toBeLessThan(0.05);
  }, 20_000); // about a second of CPU; more on a busy machine
});
