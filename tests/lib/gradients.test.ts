import {describe, expect, it} from "vitest";
import {activationLayer, activationNames, createNetwork, dense, initialize, residual, sequential, randomSeeded, type Layer} from "../../lib/index.js";
import {gradcheck, maxError} from "./gradcheck.js";

const TOLERANCE = 1e-6;

function randomDense(inSize: number, outSize: number, seed: number) {
  const layer = dense(inSize, outSize);
  initialize(layer.W, "glorot", inSize, outSize, randomSeeded(seed));
  initialize(layer.b, "uniform", 1, 1, randomSeeded(seed + 100));
  return layer;
}

describe("finite-difference gradient checks (float64, max relative error ≤ 1e-6)", () => {
  it("dense(5, 3)", () => {
    expect(maxError(gradcheck(randomDense(5, 3, 1), 4))).toBeLessThan(TOLERANCE);
  });

  for (const name of activationNames) {
    it(`activationLayer(${name})`, () => {
      expect(maxError(gradcheck(activationLayer(name, 6), 3))).toBeLessThan(TOLERANCE);
    });
  }

  it("sequential([dense, tanh, dense])", () => {
    expect(maxError(gradcheck(sequential([randomDense(4, 6, 1), activationLayer("tanh", 6), randomDense(6, 3, 2)]), 3))).toBeLessThan(TOLERANCE);
  });

  const branch = (seed: number): Layer => sequential([randomDense(4, 4, seed), activationLayer("tanh", 4), randomDense(4, 4, seed + 1)]);
  const blocks: [string, () => Layer][] = [
    ["residual, identity shortcut", () => residual(branch(1))],
    ["residual, no skip (plain)", () => residual(branch(2), {skip: false})],
    ["residual, post-activation sigmoid", () => residual(branch(3), {post: activationLayer("sigmoid", 4)})],
    ["residual, skip scale λ = 0.5", () => residual(branch(4), {scale: 0.5})],
    ["residual, learned α (ReZero-style, started at 0.3)", () => residual(branch(5), {alpha: 0.3})],
    ["residual, one-dense branch", () => residual(randomDense(4, 4, 6))],
    ["residual, projection shortcut 4 → 3", () => residual(sequential([randomDense(4, 3, 7), activationLayer("tanh", 3)]), {shortcut: randomDense(4, 3, 8)})]
  ];
  for (const [name, make] of blocks) {
    it(name, () => {
      expect(maxError(gradcheck(make(), 3))).toBeLessThan(TOLERANCE);
    });
  }

  for (const block of ["post", "pre"] as const) {
    for (const skip of [true, false]) {
      for (const activation of ["tanh", "sigmoid", "relu"] as const) {
        it(`createNetwork({block: ${block}, skip: ${skip}, activation: ${activation}}) end to end`, () => {
          const net = createNetwork({inputSize: 3, outputSize: 2, width: 5, depth: 3, block, skip, activation, init: "glorot", seed: 7});
          // Nonzero biases keep ReLU pre-activations off the kink at exactly 0, where no derivative exists.
          for (const p of net.params) if (p.name === "b") initialize(p.w, "uniform", 1, 1, randomSeeded(p.w.length));
          const layer: Layer = {kind: "network", inSize: 3, outSize: 2, params: net.params, forward: (x, b) => net.forward(x, b), backward: (dy, b) => net.backward(dy, b)};
          // Whole networks are compared tensor by tensor (see gradcheck's metric note).
          expect(maxError(gradcheck(layer, 3, {metric: "norm"}))).toBeLessThan(TOLERANCE);
        });
      }
    }
  }
});
