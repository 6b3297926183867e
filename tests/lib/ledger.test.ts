import {describe, expect, it} from "vitest";
import {createNetwork, gradientLedger, gradientNorms, maxSlope, singularValues, type NetworkSpec} from "../../lib/index.js";

const spec: NetworkSpec = {inputSize: 4, outputSize: 2, width: 8, depth: 12, activation: "tanh", seed: 3};

/** The largest singular value of a dense layer's weights, its spectral norm ‖W‖₂. */
function spectralNorm(W: Float64Array, n: number): number {
  return singularValues(W, n, n)[0];
}

describe("gradientLedger(spec, {batchSize})", () => {
  it("gives one row per block, layer 1 (input side) to depth", () => {
    const {rows, depth, skip} = gradientLedger(spec, {batchSize: 5});
    expect(depth).toBe(12);
    expect(skip).toBe(true);
    expect(rows.map((r) => r.layer)).toEqual(Array.from({length: 12}, (_, i) => i + 1));
  });

  for (const [activation, skip, block] of [["tanh", true, "post"], ["sigmoid", false, "pre"], ["relu", true, "pre"], ["relu", false, "post"]] as const) {
    it(`matches the engine's own backward pass (gradientNorms) for ${skip ? "residual" : "plain"} ${activation}, ${block} blocks`, () => {
      const s = {...spec, activation, skip, block};
      const norms = gradientNorms(s, {batchSize: 5}); // norms[l] = ‖∂L/∂h_l‖, l = 0 … depth
      const {rows} = gradientLedger(s, {batchSize: 5});
      for (const {layer, factor, product} of rows) {
        expect(factor).toBeCloseTo(norms[layer - 1] / norms[layer], 10);
        // The running product telescopes to the gradient at the block's input over the top gradient.
        expect(product / (norms[layer - 1] / norms[12])).toBeCloseTo(1, 10);
      }
    });
  }

  it("multiplies its factors to the end-to-end ratio, in log10", () => {
    const {rows} = gradientLedger({...spec, skip: false, activation: "sigmoid"}, {batchSize: 3});
    const sum = rows.reduce((s, r) => s + Math.log10(r.factor), 0);
    expect(rows[0].log10Product).toBeCloseTo(sum, 10);
    rows.forEach((r) => expect(r.product).toBeCloseTo(10 ** r.log10Product, 12));
  });

  it("keeps the product past float64's range, where the engine's own gradient underflows to 0", () => {
    const s: NetworkSpec = {inputSize: 4, outputSize: 1, width: 6, depth: 320, activation: "sigmoid", skip: false, block: "pre", seed: 1};
    expect(gradientNorms(s, {batchSize: 2})[0]).toBe(0);
    const ledger = gradientLedger(s, {batchSize: 2});
    expect(ledger.broken).toBeNull();
    expect(ledger.rows[0].log10Product).toBeLessThan(-330);
    expect(ledger.rows[0].product).toBe(0);
    expect(ledger.rows.every((r) => Number.isFinite(r.log10Product) && r.factor > 0)).toBe(true);
  });

  it("tends to a factor of 1 at every residual block, and 0 at every plain one, as the weights shrink (gain 1e-6)", () => {
    for (const activation of ["identity", "tanh", "relu"] as const) {
      const tiny: NetworkSpec = {...spec, activation, block: "pre", gain: 1e-6};
      for (const {factor} of gradientLedger(tiny, {batchSize: 3}).rows) expect(Math.abs(factor - 1)).toBeLessThan(1e-9);
      for (const {factor} of gradientLedger({...tiny, skip: false}, {batchSize: 3}).rows) expect(factor).toBeLessThan(1e-9);
    }
  });

  it("bounds every plain factor by the slopes' share times the weights' stretch: ∏ maxSlope · ∏ ‖W‖₂", () => {
    for (const block of ["pre", "post"] as const) {
      for (const branch of ["single", "double"] as const) {
        const s: NetworkSpec = {...spec, activation: "sigmoid", skip: false, block, branch, init: "he"};
        const net = createNetwork(s);
        const {rows, log10SlopeBoundPerBlock} = gradientLedger(s, {batchSize: 4});
        const sigmoids = branch === "double" ? 2 : 1; // pre: act before each dense; post: act inside the branch and after it
        expect(log10SlopeBoundPerBlock).toBeCloseTo(sigmoids * Math.log10(0.25), 14);
        rows.forEach(({factor}, i) => {
          const weights = net.blocks[i].params.filter((p) => p.decay);
          const stretch = weights.reduce((a, p) => a * spectralNorm(p.w, 8), 1);
          expect(factor).toBeLessThanOrEqual(maxSlope("sigmoid") ** sigmoids * stretch * (1 + 1e-12));
        });
      }
    }
  });

  it("has no slope bound for residual networks, and a bound of 1 (log10 0) for tanh or relu plain ones", () => {
    expect(gradientLedger(spec, {batchSize: 2}).log10SlopeBoundPerBlock).toBeNull();
    expect(gradientLedger({...spec, skip: false, activation: "relu"}, {batchSize: 2}).log10SlopeBoundPerBlock).toBe(0);
  });

  it("grows with a large initialisation (plain relu, gain 2) and shrinks with a sigmoid", () => {
    expect(gradientLedger({...spec, activation: "relu", skip: false, gain: 2}, {batchSize: 4}).rows[0].log10Product).toBeGreaterThan(3);
    expect(gradientLedger({...spec, activation: "sigmoid", skip: false}, {batchSize: 4}).rows[0].log10Product).toBeLessThan(-6);
  });

  it("says where the forward pass overflowed, leaving no finite rows", () => {
    const ledger = gradientLedger({...spec, activation: "identity", skip: false, depth: 200, gain: 20}, {batchSize: 2});
    expect(ledger.broken?.pass).toBe("forward");
    expect(ledger.broken?.reason).toBe("not finite");
    expect(ledger.broken!.layer).toBeGreaterThan(1);
    expect(ledger.broken!.layer).toBeLessThan(200);
    expect(ledger.rows.every((r) => Number.isNaN(r.factor))).toBe(true);
  });

  it("says where the backward signal became exactly zero (all-zero weights)", () => {
    const ledger = gradientLedger({...spec, gain: 0}, {batchSize: 2});
    expect(ledger.broken).toEqual({pass: "backward", layer: 12, reason: "zero"});
  });

  it("gives bit-identical rows for the same seed", () => {
    expect(gradientLedger(spec, {batchSize: 3})).toEqual(gradientLedger(spec, {batchSize: 3}));
    expect(gradientLedger({...spec, seed: 4}, {batchSize: 3}).rows[0].factor).not.toBe(gradientLedger(spec, {batchSize: 3}).rows[0].factor);
  });

  it("rejects a bad batch size or spec, naming the value", () => {
    expect(() => gradientLedger(spec, {batchSize: 0})).toThrow("invalid batch size: 0 (expected an integer from 1 to 4096)");
    expect(() => gradientLedger({...spec, depth: 0})).toThrow("invalid depth: 0 (expected an integer from 1 to 2000)");
  });
});
