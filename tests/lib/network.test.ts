import {describe, expect, it} from "vitest";
import {createNetwork, gradientNorms, mseLoss, sgdStep, type NetworkSpec} from "../../lib/index.js";
import {normals} from "./gradcheck.js";

const spec: NetworkSpec = {inputSize: 4, outputSize: 2, width: 8, depth: 5, activation: "tanh", seed: 11};

function run(s: NetworkSpec, batch = 6) {
  const net = createNetwork(s);
  const y = Float64Array.from(net.forward(normals(batch * s.inputSize, 1), batch).subarray(0, batch * s.outputSize));
  const grad = new Float64Array(batch * s.outputSize);
  mseLoss(y, normals(batch * s.outputSize, 2), batch, s.outputSize, grad);
  const dx = Float64Array.from(net.backward(grad, batch).subarray(0, batch * s.inputSize));
  return {net, y, dx, dw: net.params.map((p) => Float64Array.from(p.dw))};
}

describe("createNetwork(spec)", () => {
  it("gives bit-identical outputs and gradients for the same seed", () => {
    const a = run(spec), b = run(spec);
    expect(b.y).toEqual(a.y);
    expect(b.dx).toEqual(a.dx);
    expect(b.dw).toEqual(a.dw);
    expect(Array.from(b.net.gradNorms)).toEqual(Array.from(a.net.gradNorms));
  });

  it("gives other weights for another seed", () => {
    expect(run({...spec, seed: 12}).y).not.toEqual(run(spec).y);
  });

  it("gives a plain and a residual network the same weights (skip is the only difference)", () => {
    const plain = createNetwork({...spec, skip: false}), res = createNetwork({...spec, skip: true});
    expect(plain.params.map((p) => p.w)).toEqual(res.params.map((p) => p.w));
    expect(run({...spec, skip: false}).y).not.toEqual(run(spec).y);
  });

  it("with all-zero branches, 50 pre-activation blocks are exactly the identity map", () => {
    const net = createNetwork({inputSize: 3, outputSize: 3, width: 16, depth: 50, block: "pre", activation: "relu", seed: 5});
    for (const block of net.blocks) for (const p of block.branch.params) p.w.fill(0);
    const batch = 4, x = normals(batch * 3, 9);
    net.forward(x, batch);
    const h0 = net.stem.forward(x, batch, true);
    const h0copy = Float64Array.from(h0.subarray(0, batch * 16));
    let h: Float64Array = h0copy;
    for (const block of net.blocks) h = block.forward(h, batch, true);
    expect(Array.from(h.subarray(0, batch * 16))).toEqual(Array.from(h0copy));
  });

  it("with all-zero branches, 50 post-activation blocks are the identity before each final activation", () => {
    const net = createNetwork({inputSize: 3, outputSize: 3, width: 16, depth: 50, block: "post", activation: "tanh", seed: 5});
    for (const block of net.blocks) for (const p of block.branch.params) p.w.fill(0);
    const batch = 4;
    let h = Float64Array.from(net.stem.forward(normals(batch * 3, 9), batch, true).subarray(0, batch * 16));
    for (const block of net.blocks) {
      const out = block.forward(h, batch, true);
      // x + F(x) = x exactly, so the block is tanh(x): nothing else.
      expect(Array.from(out.subarray(0, batch * 16))).toEqual(Array.from(h, Math.tanh));
      h = Float64Array.from(out.subarray(0, batch * 16));
    }
  });

  it.each([
    [{depth: 0}, "invalid depth: 0 (expected an integer from 1 to 2000)"],
    [{depth: 1e6}, "invalid depth: 1000000 (expected an integer from 1 to 2000)"],
    [{depth: 2.5}, "invalid depth: 2.5 (expected an integer from 1 to 2000)"],
    [{width: -3}, "invalid width: -3 (expected an integer from 1 to 1024)"],
    [{width: NaN}, "invalid width: NaN (expected an integer from 1 to 1024)"],
    [{activation: "swish"}, 'invalid activation: "swish" (expected one of identity, relu, tanh, sigmoid)'],
    [{init: "xavier"}, 'invalid init: "xavier" (expected one of he, glorot, uniform, zero, fixup)'],
    [{block: "middle"}, 'invalid block: "middle" (expected one of post, pre)'],
    [{seed: -1}, "invalid seed: -1 (expected an integer from 0 to 4294967295)"],
    [{skipScale: Infinity}, "invalid skip scale: Infinity (expected a number from -1000 to 1000)"]
  ] as [Partial<NetworkSpec>, string][])("rejects %o with %s", (bad, message) => {
    expect(() => createNetwork({...spec, ...bad} as NetworkSpec)).toThrow(message);
  });

  it("rejects a batch whose shape does not match", () => {
    const net = createNetwork(spec);
    expect(() => net.forward(new Float64Array(10), 3)).toThrow("invalid input: 10 numbers for a batch of 3 × 4 (expected 12)");
    net.forward(new Float64Array(12), 3);
    expect(() => net.backward(new Float64Array(5), 3)).toThrow("invalid output gradient: 5 numbers for a batch of 3 × 2 (expected 6)");
  });
});

describe("gradientNorms(spec)", () => {
  it("vanishes across 56 sigmoid layers without the skip and not with it", () => {
    const base: NetworkSpec = {inputSize: 2, outputSize: 1, width: 32, depth: 56, activation: "sigmoid", block: "pre", init: "he", seed: 0};
    const plain = gradientNorms({...base, skip: false}), res = gradientNorms(base);
    expect(plain.length).toBe(57);
    expect(plain[0] / plain[56]).toBeLessThan(1e-10);
    expect(res[0] / res[56]).toBeGreaterThan(0.1);
  });

  it("is deterministic in the seed", () => {
    expect(gradientNorms({...spec, seed: 3})).toEqual(gradientNorms({...spec, seed: 3}));
  });
});

describe("sgdStep(params, {learningRate})", () => {
  it("lowers the loss of a small regression, and the same seed gives the same loss curve", () => {
    const curve = () => {
      const net = createNetwork({inputSize: 2, outputSize: 1, width: 16, depth: 4, activation: "tanh", seed: 2});
      const x = normals(64 * 2, 4), target = Float64Array.from({length: 64}, (_, n) => Math.sin(x[2 * n]) * x[2 * n + 1]);
      const grad = new Float64Array(64);
      const losses = [];
      for (let step = 0; step < 200; ++step) {
        losses.push(mseLoss(net.forward(x, 64), target, 64, 1, grad));
        net.backward(grad, 64);
        sgdStep(net.params, {learningRate: 0.02});
      }
      return losses;
    };
    const losses = curve();
    expect(losses[199]).toBeLessThan(0.5 * losses[0]);
    expect(curve()).toEqual(losses);
  });

  it("rejects a negative learning rate", () => {
    expect(() => sgdStep([], {learningRate: -1})).toThrow("invalid learning rate: -1 (expected a number from 0 to 1000000)");
  });
});
