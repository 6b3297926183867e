import {describe, expect, it} from "vitest";
import {createBranchGainNetwork, createNetwork, lastDense, sequential, type NetworkSpec} from "../../../lib/index.js";
import {normals} from "../gradcheck.js";

const spec: NetworkSpec = {inputSize: 4, outputSize: 3, width: 8, depth: 6, seed: 5};

describe("createBranchGainNetwork(spec)", () => {
  it("is createNetwork(spec), bit for bit, at the default gain 1", () => {
    expect(createBranchGainNetwork(spec).params.map((p) => p.w)).toEqual(createNetwork(spec).params.map((p) => p.w));
  });

  it("multiplies only the last dense layer of every branch by the gain", () => {
    const reference = createNetwork(spec), scaled = createBranchGainNetwork({...spec, branchGain: 0.25});
    expect(scaled.stem.W).toEqual(reference.stem.W);
    expect(scaled.head.W).toEqual(reference.head.W);
    scaled.blocks.forEach((block, l) => {
      const [W1, b1, W2] = block.branch.params.map((p) => p.w);
      const [R1, c1, R2] = reference.blocks[l].branch.params.map((p) => p.w);
      expect(W1).toEqual(R1);
      expect(b1).toEqual(c1);
      expect(W2).toEqual(R2.map((w) => 0.25 * w));
    });
  });

  it("at gain 0 makes a post-activation ReLU residual network compute head(relu(stem(x))) at every depth", () => {
    const x = normals(4 * 5, 1);
    const outputs = [1, 9, 27].map((depth) => {
      const net = createBranchGainNetwork({...spec, depth, branchGain: 0});
      return {net, y: Float64Array.from(net.forward(x, 5))};
    });
    for (const {net, y} of outputs) {
      const h = Float64Array.from(net.stem.forward(x, 5, true), (v) => Math.max(0, v));
      expect(y).toEqual(Float64Array.from(net.head.forward(h, 5, true)));
    }
  });

  it("rejects a gain outside 0 to 100, naming it", () => {
    expect(() => createBranchGainNetwork({...spec, branchGain: -0.5})).toThrow("invalid branch gain: -0.5 (expected a number from 0 to 100)");
    expect(() => createBranchGainNetwork({...spec, branchGain: NaN})).toThrow("invalid branch gain: NaN");
  });
});

describe("lastDense(branch)", () => {
  it("finds the last dense layer of a chain, or the branch itself", () => {
    const net = createNetwork({...spec, branch: "single", block: "pre"});
    const chain = net.blocks[0].branch as ReturnType<typeof sequential>;
    expect(lastDense(chain)).toBe(chain.layers[1]);
    expect(lastDense(net.stem)).toBe(net.stem);
  });

  it("refuses a branch with no dense layer", () => {
    const net = createNetwork(spec);
    const acts = sequential([(net.blocks[0].branch as ReturnType<typeof sequential>).layers[1]]);
    expect(() => lastDense(acts)).toThrow("invalid branch: no dense layer among its 1 layers (activation)");
  });
});
