import {describe, expect, it} from "vitest";
import {createStack, type StackSpec} from "../../../lib/index.js";
import {gradcheck, maxError, normals} from "../gradcheck.js";

const spec: StackSpec = {size: 3, width: 5, depth: 3, activation: "tanh", seed: 7};

function output(s: StackSpec, x: Float64Array, batch: number): Float64Array {
  return Float64Array.from(createStack(s).forward(x, batch).subarray(0, batch * s.size));
}

function rms(a: Float64Array): number {
  return Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
}

describe("createStack(spec)", () => {
  it("passes a finite-difference gradient check, residual and plain", () => {
    expect(maxError(gradcheck(createStack(spec), 4))).toBeLessThan(1e-6);
    expect(maxError(gradcheck(createStack({...spec, skip: false}), 4))).toBeLessThan(1e-6);
  });

  it("passes a gradient check as a whole at depth 12 (norm metric), residual and plain", () => {
    // tanh, not ReLU: a finite difference across a ReLU kink is not a derivative.
    const deep = {size: 3, width: 4, depth: 12, activation: "tanh", seed: 3} as const;
    expect(maxError(gradcheck(createStack(deep), 3, {metric: "norm"}))).toBeLessThan(1e-6);
    expect(maxError(gradcheck(createStack({...deep, skip: false}), 3, {metric: "norm"}))).toBeLessThan(1e-6);
  });

  it("gives plain and residual stacks the same weights: the skip is the only difference", () => {
    const plain = createStack({...spec, skip: false}), residual = createStack(spec);
    expect(plain.params.map((p) => p.w)).toEqual(residual.params.map((p) => p.w));
  });

  it("is bit-identical for the same seed and differs for another", () => {
    const x = normals(6, 1);
    expect(output(spec, x, 2)).toEqual(output(spec, x, 2));
    expect(output({...spec, seed: 8}, x, 2)).not.toEqual(output(spec, x, 2));
  });

  it("with branch gain 0 is exactly the identity map (residual) and exactly the zero map (plain)", () => {
    const x = normals(4 * 10, 2);
    const zero = {size: 4, width: 16, depth: 30, branchGain: 0, seed: 1};
    expect(output(zero, x, 10)).toEqual(x);
    expect(output({...zero, skip: false}, x, 10)).toEqual(new Float64Array(40));
  });

  it("keeps a plain stack's signal size over 10 blocks and doubles a residual stack's at gain 1 (its power, per block)", () => {
    const x = normals(64 * 32, 3);
    const s = {size: 64, width: 64, depth: 10, seed: 2};
    const plainRatio = rms(output({...s, skip: false}, x, 32)) / rms(x);
    const residualRatio = rms(output(s, x, 32)) / rms(x);
    expect(plainRatio).toBeGreaterThan(0.5);
    expect(plainRatio).toBeLessThan(2);
    expect(residualRatio).toBeGreaterThan(2 ** 4); // about √2 per block: 2^5 over 10 blocks
    expect(residualRatio).toBeLessThan(2 ** 6);
  });

  it("scales the branch's last layer by branchGain and nothing else", () => {
    const one = createStack(spec), half = createStack({...spec, branchGain: 0.5});
    one.blocks.forEach((block, l) => {
      const [W1, , W2] = block.params.map((p) => p.w);
      const [H1, , H2] = half.blocks[l].params.map((p) => p.w);
      expect(H1).toEqual(W1);
      expect(H2).toEqual(W2.map((w) => 0.5 * w));
    });
  });

  it("records ‖∂L/∂h_l‖ for every block boundary after backward", () => {
    const stack = createStack({size: 2, width: 4, depth: 5, branchGain: 0, seed: 1});
    stack.forward(normals(2 * 3, 4), 3);
    const dy = normals(6, 5);
    stack.backward(dy, 3);
    // With F = 0 everywhere the gradient passes every block unchanged.
    const expected = Math.hypot(...dy);
    for (const g of stack.gradNorms) expect(g).toBeCloseTo(expected, 12);
  });

  it("rejects a bad spec, naming the value and the range", () => {
    expect(() => createStack({...spec, size: 0})).toThrow("invalid size: 0 (expected an integer from 1 to 256)");
    expect(() => createStack({...spec, depth: 2.5})).toThrow("invalid depth: 2.5 (expected an integer from 1 to 2000)");
    expect(() => createStack({...spec, branchGain: -1})).toThrow("invalid branch gain: -1 (expected a number from 0 to 100)");
    expect(() => createStack({...spec, activation: "gelu" as never})).toThrow('invalid activation: "gelu"');
    expect(() => createStack({...spec}).forward(new Float64Array(5), 2)).toThrow("invalid input: 5 numbers for a batch of 2 × 3 (expected 6)");
  });
});
