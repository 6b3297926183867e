import {describe, expect, it} from "vitest";
import {createResNet, softmaxCrossEntropy, sgdStep, type Layer, type ResNet, type ResNetSpec} from "../../lib/index.js";
import {expectBlocksAreTheirShortcuts} from "./blocks.js";
import {gradcheck, maxError, normals} from "./gradcheck.js";

const digits: ResNetSpec = {input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, seed: 3};
/** The same on 4, 8 and 16 channels, to keep the tests fast. */
const small: ResNetSpec = {...digits, baseChannels: 4};
/** A ResNet small enough for finite differences: 2 → 4 channels on 4×4 → 2×2 images. */
const tiny: ResNetSpec = {input: {channels: 1, height: 4, width: 4}, classes: 3, blocksPerStage: 1, baseChannels: 2, stages: 2, activation: "tanh", seed: 5};

function run(spec: ResNetSpec, batch = 4) {
  const net = createResNet(spec);
  const x = normals(batch * net.inputSize, 1);
  const y = Float64Array.from(net.forward(x, batch).subarray(0, batch * net.outputSize));
  const grad = new Float64Array(batch * net.outputSize);
  softmaxCrossEntropy(y, Array.from({length: batch}, (_, n) => n % net.outputSize), batch, net.outputSize, grad);
  const dx = Float64Array.from(net.backward(grad, batch).subarray(0, x.length));
  return {net, y, dx, dw: net.params.map((p) => Float64Array.from(p.dw))};
}

/** Weights and biases start at zero; random biases keep activations off any kink and make the check stronger. */
function randomizeBiases(net: ResNet, seed: number) {
  for (const p of net.params) if (p.name === "b" || p.name === "beta") p.w.set(normals(p.w.length, seed++, 0.1));
  return net;
}

describe("createResNet(spec)", () => {
  it("has 6n + 2 weight layers, three stages of n blocks, and the CIFAR shapes on 1×8×8 digits", () => {
    const net = createResNet({...digits, blocksPerStage: 2});
    expect(net.depth).toBe(14);
    expect(net.blocks.length).toBe(6);
    expect([net.inputSize, net.outputSize]).toEqual([64, 10]);
    expect(net.stemShape).toEqual([16, 8, 8]);
    expect(net.blockInfo.map((b) => [b.stage, b.in, b.out, b.stride, b.shortcut])).toEqual([
      [1, [16, 8, 8], [16, 8, 8], 1, "identity"],
      [1, [16, 8, 8], [16, 8, 8], 1, "identity"],
      [2, [16, 8, 8], [32, 4, 4], 2, "zeroPad"],
      [2, [32, 4, 4], [32, 4, 4], 1, "identity"],
      [3, [32, 4, 4], [64, 2, 2], 2, "zeroPad"],
      [3, [64, 2, 2], [64, 2, 2], 1, "identity"]
    ]);
  });

  it("works on 3×16×16 images (→ 8×8 → 4×4) and with two stages", () => {
    const net = createResNet({input: {channels: 3, height: 16, width: 16}, classes: 4, blocksPerStage: 1, baseChannels: 4, seed: 1});
    expect(net.blockInfo.map((b) => b.out)).toEqual([[4, 16, 16], [8, 8, 8], [16, 4, 4]]);
    const two = createResNet({...digits, stages: 2});
    expect([two.depth, two.blockInfo.at(-1)!.out]).toEqual([6, [32, 4, 4]]);
    const y = net.forward(normals(2 * 768, 1), 2);
    expect(y.subarray(0, 8).every(Number.isFinite)).toBe(true);
  });

  it("counts parameters by block and shortcut: 9cc′ + 9c′² + 4c′ per post-BN block, cc′ + 2c′ per BN projection", () => {
    const block = (c: number, d: number) => 9 * c * d + 9 * d * d + 4 * d;
    for (const shortcut of ["A", "B", "C"] as const) {
      const net = createResNet({...digits, shortcut});
      const projection = (c: number, d: number) => (shortcut === "C" || (shortcut === "B" && c !== d) ? c * d + 2 * d : 0);
      const expected = [
        [block(16, 16), projection(16, 16)],
        [block(16, 32), projection(16, 32)],
        [block(32, 64), projection(32, 64)]
      ];
      expect(net.blockInfo.map((b) => [b.params - b.shortcutParams, b.shortcutParams])).toEqual(expected);
      expect(net.stemParams).toBe(9 * 16 + 2 * 16);
      expect(net.headParams).toBe(64 * 10 + 10);
      expect(net.paramCount).toBe(net.stemParams + net.headParams + net.blockInfo.reduce((s, b) => s + b.params, 0));
    }
    // Option A adds nothing: the plain and the residual net have the same count.
    expect(createResNet({...digits, skip: false}).paramCount).toBe(createResNet(digits).paramCount);
    // Without norms every convolution has a bias and nothing else is learned.
    const plainConv = createResNet({...digits, norm: "none"});
    expect(plainConv.blockInfo[1].params).toBe(9 * 16 * 32 + 32 + 9 * 32 * 32 + 32);
  });

  it("gives bit-identical outputs and gradients for the same seed, other ones for another seed", () => {
    const a = run(small), b = run(small);
    expect(b.y).toEqual(a.y);
    expect(b.dx).toEqual(a.dx);
    expect(b.dw).toEqual(a.dw);
    expect(Array.from(b.net.gradNorms)).toEqual(Array.from(a.net.gradNorms));
    expect(run({...small, seed: 4}).y).not.toEqual(a.y);
  });

  for (const shortcut of ["A", "B", "C"] as const) {
    it(`gives the plain and the residual net the same branch weights (shortcut ${shortcut})`, () => {
      const plain = createResNet({...small, shortcut, skip: false}), res = createResNet({...small, shortcut});
      const ws = (net: ResNet) => [net.stem, ...net.blocks.map((b) => b.branch), net.head].flatMap((layer) => layer.params.map((p) => p.w));
      expect(ws(plain)).toEqual(ws(res));
      expect(plain.blockInfo.map((b) => b.shortcut)).toEqual(["none", "none", "none"]);
      expect(run({...small, shortcut, skip: false}).y).not.toEqual(run({...small, shortcut}).y);
    });
  }

  it("uses batch statistics in training and running statistics in evaluation", () => {
    const net = createResNet(small);
    const x = normals(3 * 64, 2);
    const train = Float64Array.from(net.forward(x, 3, true).subarray(0, 30));
    const bn = net.stem.params.length === 3 ? (net.stem as Layer & {layers: Layer[]}).layers[1] : null;
    expect(bn?.kind).toBe("batchNorm");
    const running = Float64Array.from((bn as unknown as {runningMean: Float64Array}).runningMean);
    const evaluation = Float64Array.from(net.forward(x, 3, false).subarray(0, 30));
    expect(evaluation).not.toEqual(train);
    expect((bn as unknown as {runningMean: Float64Array}).runningMean).toEqual(running);
    // Evaluation treats examples independently: the first alone gives the same logits.
    const alone = Array.from(net.forward(x, 1, false).subarray(0, 10));
    alone.forEach((v, k) => expect(v).toBeCloseTo(evaluation[k], 12));
  });

  for (const block of ["post", "pre"] as const) {
    for (const shortcut of ["A", "B", "C"] as const) {
      for (const norm of ["batch", "none"] as const) {
        it(`passes an end-to-end finite-difference check ({block: ${block}, shortcut: ${shortcut}, norm: ${norm}})`, () => {
          const net = randomizeBiases(createResNet({...tiny, block, shortcut, norm}), 1);
          expect(maxError(gradcheck(net, 2, {metric: "norm"}))).toBeLessThan(1e-6);
        });
      }
    }
  }

  it("passes an end-to-end finite-difference check with ReLU, plain, λ and a learned α", () => {
    const net = randomizeBiases(createResNet({...tiny, activation: "relu", skip: false, alpha: 0.5}), 2);
    expect(maxError(gradcheck(net, 3, {metric: "norm"}))).toBeLessThan(1e-6);
    const scaled = randomizeBiases(createResNet({...tiny, activation: "relu", skipScale: 0.5, alpha: 0.5, shortcut: "B"}), 3);
    expect(maxError(gradcheck(scaled, 3, {metric: "norm"}))).toBeLessThan(1e-6);
  });

  for (const block of ["post", "pre"] as const) {
    it(`passes an elementwise finite-difference check on each ${block}-activation conv block with BN`, () => {
      const net = randomizeBiases(createResNet({...tiny, block, shortcut: "B"}), 4);
      for (const residualBlock of net.blocks) expect(maxError(gradcheck(residualBlock, 3))).toBeLessThan(1e-6);
    });
  }

  const identities: [string, Partial<ResNetSpec>][] = [
    ["init: fixup", {init: "fixup", norm: "none"}],
    ["zeroInitLast with BN (zero γ)", {zeroInitLast: true}],
    ["zeroInitLast without norm", {zeroInitLast: true, norm: "none"}],
    ["alpha: 0 (ReZero)", {alpha: 0}]
  ];
  for (const [name, change] of identities) {
    for (const block of ["post", "pre"] as const) {
      it(`with ${name}, every ${block} block is exactly its shortcut at init (before the post activation)`, () => {
        expectBlocksAreTheirShortcuts(createResNet({...small, ...change, block, blocksPerStage: 2, shortcut: "B", seed: 8}), normals(3 * 64, 9), 3);
      });
    }
  }

  it("with Fixup, scales branch convolutions by L^(−1/2) against He, zeroes last convolutions and the classifier", () => {
    const he = createResNet({...small, norm: "none"}), fixup = createResNet({...small, norm: "none", init: "fixup"});
    const scale = 3 ** -0.5; // L = 3 blocks, m = 2 convolutions per branch
    const first = (net: ResNet, l: number) => net.blocks[l].branch.params[0].w;
    for (let l = 0; l < 3; ++l) {
      const a = first(he, l), b = first(fixup, l);
      expect(Math.max(...a.map((w, i) => Math.abs(b[i] - w * scale) / Math.abs(w * scale)))).toBeLessThan(1e-14);
      expect(b.some((w) => w !== 0)).toBe(true);
      expect(fixup.blocks[l].branch.params[2].w.every((w) => w === 0)).toBe(true);
    }
    expect(fixup.head.params[0].w.every((w) => w === 0)).toBe(true);
    expect(fixup.stem.params[0].w).toEqual(he.stem.params[0].w);
  });

  it("allocates its outputs once per batch size: the same buffers come back step after step", () => {
    const net = createResNet(small);
    const x = normals(4 * 64, 1), g = normals(4 * 10, 2);
    const y = net.forward(x, 4), dx = net.backward(g, 4);
    expect(net.forward(x, 4)).toBe(y);
    expect(net.backward(g, 4)).toBe(dx);
  });

  it("learns: twenty SGD steps on a fixed batch of ten examples halve the loss, the same on every run", () => {
    const curve = () => {
      const net = createResNet({...small, baseChannels: 2, seed: 1});
      const x = normals(10 * 64, 3), labels = Array.from({length: 10}, (_, n) => n), grad = new Float64Array(100);
      const losses: number[] = [];
      for (let step = 0; step < 20; ++step) {
        losses.push(softmaxCrossEntropy(net.forward(x, 10), labels, 10, 10, grad));
        net.backward(grad, 10);
        sgdStep(net.params, {learningRate: 0.1});
      }
      return losses;
    };
    const losses = curve();
    expect(losses[19]).toBeLessThan(0.5 * losses[0]);
    expect(curve()).toEqual(losses);
  });

  it.each([
    [{blocksPerStage: 0}, "invalid blocks per stage: 0 (expected an integer from 1 to 200)"],
    [{input: {channels: 1, height: 2, width: 8}}, "invalid input height: 2 (expected an integer from 4 to 256)"],
    [{input: {channels: 1, height: 8, width: 3}, stages: 3}, "invalid input width: 3 (expected an integer from 4 to 256)"],
    [{stages: 5}, "invalid stages: 5 (expected an integer from 1 to 4)"],
    [{classes: 0}, "invalid classes: 0 (expected an integer from 1 to 1000)"],
    [{shortcut: "D"}, 'invalid shortcut: "D" (expected one of A, B, C)'],
    [{norm: "layer"}, 'invalid norm: "layer" (expected one of batch, none)'],
    [{block: "middle"}, 'invalid block: "middle" (expected one of post, pre)'],
    [{init: "xavier"}, 'invalid init: "xavier" (expected one of he, glorot, uniform, zero, fixup)'],
    [{alpha: NaN}, "invalid alpha: NaN (expected a number from -1000 to 1000)"],
    [{baseChannels: 0}, "invalid base channels: 0 (expected an integer from 1 to 256)"],
    [{input: undefined}, "invalid input: undefined (expected {channels, height, width})"]
  ] as [Partial<ResNetSpec>, string][])("rejects %o with %s", (bad, message) => {
    expect(() => createResNet({...digits, ...bad} as ResNetSpec)).toThrow(message);
  });

  it("rejects a batch whose shape does not match", () => {
    const net = createResNet(small);
    expect(() => net.forward(new Float64Array(100), 2)).toThrow("invalid input: 100 numbers for a batch of 2 × 64 (expected 128)");
    net.forward(new Float64Array(128), 2);
    expect(() => net.backward(new Float64Array(5), 2)).toThrow("invalid output gradient: 5 numbers for a batch of 2 × 10 (expected 20)");
  });
});
