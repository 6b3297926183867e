import {describe, expect, it} from "vitest";
import {createNetwork, deriveSeed, gradientNorms, initialize, mseLoss, randomSeeded, sgdStep, type Network, type NetworkSpec} from "../../lib/index.js";
import {tanh} from "../../lib/fmath.js";
import {expectBlocksAreTheirShortcuts} from "./blocks.js";
import {gradcheck, normals} from "./gradcheck.js";

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
      expect(Array.from(out.subarray(0, batch * 16))).toEqual(Array.from(h, tanh)); // lib/fmath.ts's tanh, as the engine's
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

  it.each([
    [{norm: "group"}, 'invalid norm: "group" (expected one of none, batch, layer)'],
    [{alpha: Infinity}, "invalid alpha: Infinity (expected a number from -1000 to 1000)"],
    [{widths: [8, 8]}, "invalid widths: 2 entries (expected an array of 5, one per block)"],
    [{widths: [8, 8, 0, 8, 8]}, "invalid width of block 3: 0 (expected an integer from 1 to 1024)"]
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

/** Random biases, norm shifts and gains keep every unit off kinks and away from the symmetric start. */
function randomizeNonWeights(net: Network, seed: number): Network {
  for (const p of net.params) {
    if (p.name === "b" || p.name === "beta" || p.name === "bias") p.w.set(normals(p.w.length, seed++, 0.2));
    if (p.name === "gamma" || p.name === "gain") p.w.set(normals(p.w.length, seed++, 0.2).map((v) => 1 + v));
  }
  return net;
}

/**
 * An end-to-end check that allows one exception: a bias whose every path runs into a batch norm (the
 * stem's, when the first block normalises everything it reads) has a true gradient of exactly zero,
 * where a relative error means nothing; for those the analytic gradient itself must be zero.
 */
function checkNetwork(net: Network, batch: number) {
  const {dx, params} = gradcheck(net, batch, {metric: "norm"});
  expect(dx).toBeLessThan(1e-6);
  net.params.forEach((p, k) => {
    const error = params[`${k}:${p.name}`];
    if (error < 1e-6) return;
    // A gradient far smaller than L is resolved by the difference only down to its rounding noise,
    // about 1e-16 · |L| / h ≈ 1e-11 here: α of a plain pre-activation net has |∂L/∂α| ≈ 2e-6 · |L| (its
    // relative error is 5e-7 or 2e-6 depending on the last bits of the initial weights, and 3e-8 at h = 1e-3).
    const size = Math.hypot(...p.dw);
    if (size > 0 && error * size < 1e-10) return;
    expect(p.name).toBe("b");
    expect(Math.hypot(...p.dw)).toBeLessThan(1e-12); // gradcheck leaves the analytic gradient in dw
  });
}

describe("createNetwork(spec) with norms, widths, α, Fixup and SkipInit", () => {
  const base: NetworkSpec = {inputSize: 3, outputSize: 2, width: 4, depth: 3, activation: "tanh", seed: 4};

  for (const block of ["post", "pre"] as const) {
    for (const norm of ["batch", "layer"] as const) {
      for (const branch of ["double", "single"] as const) {
        it(`passes an end-to-end finite-difference check ({block: ${block}, norm: ${norm}, branch: ${branch}})`, () => {
          checkNetwork(randomizeNonWeights(createNetwork({...base, block, norm, branch}), 1), 4);
        });
      }
    }
    for (const norm of ["none", "batch", "layer"] as const) {
      for (const skip of [true, false]) {
        it(`passes an end-to-end finite-difference check with width changes 4 → 6 → 6 → 3 ({block: ${block}, norm: ${norm}, skip: ${skip}})`, () => {
          checkNetwork(randomizeNonWeights(createNetwork({...base, block, norm, skip, widths: [6, 6, 3], alpha: 0.7}), 2), 4);
        });
      }
    }
  }

  it("puts a dense projection exactly where the width changes, normalised in post blocks", () => {
    const net = createNetwork({...base, widths: [4, 6, 6], norm: "batch"});
    expect(net.blocks.map((b) => b.shortcut?.kind ?? "identity")).toEqual(["identity", "projection", "identity"]);
    expect(net.blocks[1].shortcut!.params.map((p) => [p.name, p.w.length])).toEqual([["W", 24], ["gamma", 6], ["beta", 6]]);
    expect(createNetwork({...base, widths: [4, 6, 6], norm: "batch", block: "pre"}).blocks[1].shortcut!.params.length).toBe(1);
    expect([net.head.inSize, net.outputSize, net.paramCount]).toEqual([6, 2, net.params.reduce((s, p) => s + p.w.length, 0)]);
    // The plain net of the same spec has no shortcut but the same branch weights.
    const plain = createNetwork({...base, widths: [4, 6, 6], norm: "batch", skip: false});
    expect(plain.blocks.map((b) => b.branch.params.map((p) => p.w))).toEqual(net.blocks.map((b) => b.branch.params.map((p) => p.w)));
    expect(plain.paramCount).toBe(net.paramCount - 36);
  });

  it("keeps the weights of a spec without the new fields: adding norms changes no weight", () => {
    const a = createNetwork(base), b = createNetwork({...base, norm: "layer"});
    const weights = (net: Network) => net.params.filter((p) => p.name === "W").map((p) => p.w);
    expect(weights(b)).toEqual(weights(a));
  });

  it("with batch norm, uses batch statistics in training and running ones in evaluation", () => {
    const net = createNetwork({...base, norm: "batch"});
    const x = normals(5 * 3, 3);
    const train = Float64Array.from(net.forward(x, 5, true).subarray(0, 10));
    const evaluation = Float64Array.from(net.forward(x, 5, false).subarray(0, 10));
    expect(evaluation).not.toEqual(train);
    expect(Array.from(net.forward(x, 1, false).subarray(0, 2))).toEqual(Array.from(evaluation.subarray(0, 2)));
  });

  const identities: [string, Partial<NetworkSpec>][] = [
    ["init: fixup", {init: "fixup"}],
    ["init: fixup, single-layer branches", {init: "fixup", branch: "single"}],
    ["zeroInitLast", {zeroInitLast: true}],
    ["zeroInitLast with batch norm (zero γ)", {zeroInitLast: true, norm: "batch"}],
    ["zeroInitLast with layer norm (zero gain)", {zeroInitLast: true, norm: "layer"}],
    ["alpha: 0 (ReZero)", {alpha: 0, norm: "batch"}]
  ];
  for (const [name, change] of identities) {
    for (const block of ["post", "pre"] as const) {
      it(`with ${name}, every ${block} block is exactly its shortcut at init (before the post activation), widths changing too`, () => {
        const net = createNetwork({...base, ...change, block, depth: 4, widths: [4, 7, 7, 5], activation: "relu"});
        expect(net.blocks.filter((b) => b.shortcut).length).toBe(2);
        expectBlocksAreTheirShortcuts(net, normals(3 * 3, 9), 3);
      });
    }
  }

  it("with Fixup, scales branch layers by L^(−1/(2m−2)) against He and zeroes each last layer and the head", () => {
    const he = createNetwork({...base, depth: 9}), fixup = createNetwork({...base, depth: 9, init: "fixup"});
    const scale = 9 ** -0.5; // m = 2 layers per branch
    for (let l = 0; l < 9; ++l) {
      const a = he.blocks[l].branch.params[0].w, b = fixup.blocks[l].branch.params[0].w;
      expect(Math.max(...a.map((w, i) => Math.abs(b[i] - w * scale) / Math.abs(w * scale)))).toBeLessThan(1e-14);
      expect(fixup.blocks[l].branch.params[2].w.every((w) => w === 0)).toBe(true);
    }
    expect(fixup.head.W.every((w) => w === 0)).toBe(true);
    expect(fixup.stem.W).toEqual(he.stem.W);
  });

  it("is a Layer itself: kind network, inSize and outSize", () => {
    const net = createNetwork(spec);
    expect([net.kind, net.inSize, net.outSize, net.inputSize, net.outputSize]).toEqual(["network", 4, 2, 4, 2]);
  });
});

describe("createNetwork({...spec, gain})", () => {
  const base: NetworkSpec = {inputSize: 3, outputSize: 2, width: 6, depth: 4, activation: "tanh", init: "he", seed: 9};

  it("scales every weight of createNetwork(spec) by gain, to the last bit, and leaves biases at zero", () => {
    for (const s of [base, {...base, block: "pre", widths: [6, 5, 5, 6]}, {...base, norm: "layer", branch: "single"}] as NetworkSpec[]) {
      const plain = createNetwork(s), scaled = createNetwork({...s, gain: 2});
      expect(scaled.spec.gain).toBe(2);
      plain.params.forEach((p, k) => {
        const q = scaled.params[k];
        expect(q.name).toBe(p.name);
        expect(Array.from(q.w)).toEqual(Array.from(p.w, (w) => (p.decay ? w * 2 : w)));
      });
      expect(scaled.params.filter((p) => p.name === "b").every((p) => p.w.every((b) => b === 0))).toBe(true);
    }
  });

  it("draws the network initialize(..., gain) would have drawn", () => {
    for (const init of ["he", "glorot", "uniform"] as const) {
      const net = createNetwork({...base, init, gain: 0.3});
      // Block 2's first dense layer draws from deriveSeed(seed, 2, 0), as createNetwork documents.
      const direct = initialize(new Float64Array(36), init, 6, 6, randomSeeded(deriveSeed(9, 2, 0)), 0.3);
      const W = net.blocks[1].branch.params[0].w;
      W.forEach((w, i) => expect(w).toBeCloseTo(direct[i], 14));
    }
  });

  it("is createNetwork(spec) itself at the default gain of 1", () => {
    expect(createNetwork(base).spec.gain).toBe(1);
    expect(createNetwork({...base, gain: 1}).params.map((p) => p.w)).toEqual(createNetwork(base).params.map((p) => p.w));
  });

  it("rejects a gain outside 0 to 100, naming it", () => {
    expect(() => createNetwork({...base, gain: -1})).toThrow("invalid gain: -1 (expected a number from 0 to 100)");
    expect(() => createNetwork({...base, gain: NaN})).toThrow("invalid gain: NaN");
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
