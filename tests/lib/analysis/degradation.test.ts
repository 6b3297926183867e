import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {
  HE_2015,
  blocksOf,
  createNetwork,
  degradationData,
  degradationSetup,
  deepenWithIdentities,
  evaluate,
  finalLoss,
  trainRun,
  type Snapshot
} from "../../../lib/index.js";

const digitsText = readFileSync(new URL("../../../data/digits.csv", import.meta.url), "utf8");

function snapshot(step: number, loss: number | null, diverged = false): Snapshot {
  return {
    step, epoch: 0, learningRate: 0.1, loss, accuracy: null, testLoss: null, testAccuracy: null, gradNorms: null, weightNorm: null,
    done: diverged, diverged: diverged ? {step} : null, message: diverged ? `diverged at step ${step}` : null
  };
}

describe("blocksOf(layers)", () => {
  it("counts two layers a block plus stem and head: 8, 20, 32, 56 layers are 3, 9, 15, 27 blocks", () => {
    expect([8, 20, 32, 56, 110].map(blocksOf)).toEqual([3, 9, 15, 27, 54]);
  });

  it("refuses an odd or too small depth, naming it", () => {
    expect(() => blocksOf(21)).toThrow("invalid depth in layers: 21 (expected an even number: two layers a block, plus stem and head)");
    expect(() => blocksOf(2)).toThrow("invalid depth in layers: 2 (expected an integer from 4 to 4002)");
  });
});

describe("degradationData(task, digitsText)", () => {
  it("gives the digits' training split (1,438 of 1,797 images) and the seeded three-arm spiral", () => {
    expect(degradationData("digits", digitsText)).toMatchObject({n: 1438, inputSize: 64, outputSize: 10});
    const spiral = degradationData("spiral");
    expect(spiral).toMatchObject({n: 600, inputSize: 2, outputSize: 3, classes: 3});
    expect(degradationData("spiral").x).toEqual(spiral.x);
  });

  it("needs the digits' text for the digits task, and a known task", () => {
    expect(() => degradationData("digits")).toThrow("invalid digits text: none given");
    expect(() => degradationData("cifar" as never)).toThrow('invalid task: "cifar" (expected one of digits, spiral)');
  });
});

describe("degradationSetup(data, options)", () => {
  it("lists plain then residual runs, shallow to deep, sharing every training option", () => {
    const {runs, train} = degradationSetup({inputSize: 64, outputSize: 10}, {layers: [56, 20, 20]});
    expect(runs.map((r) => r.name)).toEqual(["plain-20", "plain-56", "residual-20", "residual-56"]);
    expect(runs.map((r) => r.spec.depth)).toEqual([9, 27, 9, 27]);
    expect(runs.map((r) => r.spec.zeroInitLast)).toEqual([false, false, true, true]);
    expect(runs.every((r) => r.spec.norm === "none")).toBe(true);
    expect(train).toEqual({steps: 300, batchSize: 32, every: 10, seed: 0, learningRate: 3e-3, milestones: [150, 225]});
  });

  it("refuses an empty or bad list of depths", () => {
    expect(() => degradationSetup({inputSize: 2, outputSize: 3}, {layers: []})).toThrow("invalid depths");
    expect(() => degradationSetup({inputSize: 2, outputSize: 3}, {layers: [8, 9]})).toThrow("invalid depth in layers: 9");
    expect(() => degradationSetup({inputSize: 2, outputSize: 3}, {norm: "layer" as never})).toThrow('invalid norm: "layer" (expected one of none, batch)');
  });
});

describe("finalLoss(snapshots, {tail})", () => {
  it("averages the snapshot losses over the last tail of the steps", () => {
    const run = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((step) => snapshot(step, step / 10));
    expect(finalLoss(run)).toBe(10); // the last 10% of 100 steps: only the snapshot at step 100
    expect(finalLoss(run, {tail: 0.3})).toBe((8 + 9 + 10) / 3); // steps above 70
  });

  it("is null for a run that diverged or has no snapshots", () => {
    expect(finalLoss([snapshot(10, 1), snapshot(13, null, true)])).toBeNull();
    expect(finalLoss([])).toBeNull();
  });
});

describe("deepenWithIdentities(shallow, depth)", () => {
  const data = degradationData("spiral");
  for (const skip of [true, false]) {
    it(`adds ${skip ? "residual blocks with F = 0" : "plain blocks with W = I"}: the deeper network's outputs are bit-identical`, () => {
      const shallow = createNetwork({inputSize: 2, outputSize: 3, width: 8, depth: 3, skip, seed: 4});
      const deep = deepenWithIdentities(shallow, 12);
      expect(deep.blocks.length).toBe(12);
      const x = data.x.subarray(0, 2 * 50);
      expect(Float64Array.from(deep.forward(x, 50))).toEqual(Float64Array.from(shallow.forward(x, 50)));
      expect(evaluate(deep, data).loss).toBe(evaluate(shallow, data).loss);
    });
  }

  it("refuses networks with no identity block to add", () => {
    const tanh = createNetwork({inputSize: 2, outputSize: 3, width: 8, depth: 3, activation: "tanh"});
    expect(() => deepenWithIdentities(tanh, 5)).toThrow("invalid network: double branch, post blocks, tanh, norm none");
    const normed = createNetwork({inputSize: 2, outputSize: 3, width: 8, depth: 3, norm: "batch"});
    expect(() => deepenWithIdentities(normed, 5)).toThrow("norm batch (expected double, post, relu, none and one width");
    const relu = createNetwork({inputSize: 2, outputSize: 3, width: 8, depth: 3});
    expect(() => deepenWithIdentities(relu, 2)).toThrow("invalid depth: 2 (expected an integer from 3 to 2000)");
  });
});

describe("the degradation experiment (seeded, on the digits, 100 steps)", () => {
  it("trains plain-56 worse than plain-20, and residual-56 at least as well as residual-20", () => {
    const data = degradationData("digits", digitsText);
    const setup = degradationSetup(data, {layers: [20, 56], steps: 100});
    const final = Object.fromEntries(setup.runs.map((run) => [run.name, finalLoss([...trainRun(run, data, setup.train)])!]));
    expect(final["plain-56"]).toBeGreaterThan(final["plain-20"]);
    expect(final["residual-56"]).toBeLessThanOrEqual(final["residual-20"]);
    expect(final["residual-56"]).toBeLessThan(final["plain-56"]);
  }, 30_000); // about 3 s of CPU; more on a busy machine
});

describe("HE_2015", () => {
  it("quotes the paper's tables: deeper ResNets test better on CIFAR-10; plain-34 is worse than plain-18 on ImageNet", () => {
    const resnet = HE_2015.cifar10ResNetTestError;
    expect(resnet[56]).toBeLessThan(resnet[20]);
    expect(HE_2015.imagenetTop1["plain-34"]).toBeGreaterThan(HE_2015.imagenetTop1["plain-18"]);
  });
});
