import {describe, expect, it} from "vitest";
import {createNetwork, createNetworkWithGain, initialize, randomSeeded, deriveSeed, type NetworkSpec} from "../../lib/index.js";

const spec: NetworkSpec = {inputSize: 3, outputSize: 2, width: 6, depth: 4, activation: "tanh", init: "he", seed: 9};

describe("createNetworkWithGain({...spec, gain})", () => {
  it("scales every weight of createNetwork(spec) by gain and leaves biases at zero", () => {
    const base = createNetwork(spec), scaled = createNetworkWithGain({...spec, gain: 2});
    base.params.forEach((p, k) => {
      const q = scaled.params[k];
      expect(q.name).toBe(p.name);
      expect(Array.from(q.w)).toEqual(Array.from(p.w, (w) => (p.decay ? 2 * w : w)));
    });
    expect(scaled.params.filter((p) => p.name === "b").every((p) => p.w.every((b) => b === 0))).toBe(true);
  });

  it("draws the network initialize(..., gain) would have drawn", () => {
    for (const init of ["he", "glorot", "uniform"] as const) {
      const net = createNetworkWithGain({...spec, init, gain: 0.3});
      // Block 2's first dense layer draws from deriveSeed(seed, 2, 0), as createNetwork documents.
      const direct = initialize(new Float64Array(36), init, 6, 6, randomSeeded(deriveSeed(9, 2, 0)), 0.3);
      const W = net.blocks[1].branch.params[0].w;
      W.forEach((w, i) => expect(w).toBeCloseTo(direct[i], 14));
    }
  });

  it("is createNetwork(spec) itself at the default gain of 1", () => {
    expect(createNetworkWithGain(spec).params.map((p) => p.w)).toEqual(createNetwork(spec).params.map((p) => p.w));
  });

  it("rejects a gain outside 0 to 100, naming it", () => {
    expect(() => createNetworkWithGain({...spec, gain: -1})).toThrow("invalid gain: -1 (expected a number from 0 to 100)");
    expect(() => createNetworkWithGain({...spec, gain: NaN})).toThrow("invalid gain: NaN");
  });
});
