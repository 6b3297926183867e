import {describe, expect, it} from "vitest";
import {
  createNetwork,
  evaluate,
  evaluateLesioned,
  lesionCurve,
  lesioned,
  lesionedBlock,
  lesionedForward,
  randomBlocks,
  randomSeeded,
  spiral,
  type NetworkSpec
} from "../../../lib/index.js";
import {gradcheck, maxError, normals} from "../gradcheck.js";

const spec: NetworkSpec = {inputSize: 2, outputSize: 3, width: 6, depth: 5, activation: "relu", seed: 4};
const batch = 4;
const x = normals(batch * 2, 7);

describe("lesionedForward(net, x, batch, deleted)", () => {
  for (const block of ["pre", "post"] as const) {
    for (const skip of [true, false]) {
      it(`deleting nothing is the normal forward exactly (${block}, skip ${skip})`, () => {
        const net = createNetwork({...spec, block, skip});
        const normal = Float64Array.from(net.forward(x, batch, false).subarray(0, batch * 3));
        expect(Array.from(lesionedForward(net, x, batch, new Set()).subarray(0, batch * 3))).toEqual(Array.from(normal));
      });
    }
  }

  for (const block of ["pre", "post"] as const) {
    it(`deleting a block whose branch is all zeros changes nothing (${block})`, () => {
      const net = createNetwork({...spec, block});
      for (const p of net.blocks[2].branch.params) p.w.fill(0);
      const normal = Float64Array.from(net.forward(x, batch, false).subarray(0, batch * 3));
      expect(Array.from(lesionedForward(net, x, batch, [2]).subarray(0, batch * 3))).toEqual(Array.from(normal));
    });
  }

  it("deleting a residual block with a live branch changes the output, and leaves the network itself whole", () => {
    const net = createNetwork(spec);
    const normal = Float64Array.from(net.forward(x, batch, false).subarray(0, batch * 3));
    expect(Array.from(lesionedForward(net, x, batch, [1]).subarray(0, batch * 3))).not.toEqual(Array.from(normal));
    expect(Array.from(net.forward(x, batch, false).subarray(0, batch * 3))).toEqual(Array.from(normal));
  });

  it("deleting a pre-activation residual block equals running the others alone: y = x", () => {
    const net = createNetwork({...spec, block: "pre"});
    const out = Float64Array.from(lesionedForward(net, x, batch, [0, 3]).subarray(0, batch * 3));
    let h: Float64Array = Float64Array.from(net.stem.forward(x, batch, false).subarray(0, batch * 6));
    for (const l of [1, 2, 4]) h = Float64Array.from(net.blocks[l].forward(h, batch, false).subarray(0, batch * 6));
    expect(Array.from(out)).toEqual(Array.from(net.head.forward(h, batch, false).subarray(0, batch * 3)));
  });

  it("replaces a plain block by the identity", () => {
    const net = createNetwork({...spec, skip: false});
    const out = Float64Array.from(lesionedForward(net, x, batch, [0, 1, 2, 3, 4]).subarray(0, batch * 3));
    const h = Float64Array.from(net.stem.forward(x, batch, false).subarray(0, batch * 6));
    expect(Array.from(out)).toEqual(Array.from(net.head.forward(h, batch, false).subarray(0, batch * 3)));
  });

  it("rejects a deleted index that names no block", () => {
    const net = createNetwork(spec);
    expect(() => lesionedForward(net, x, batch, [5])).toThrow("invalid deleted block: 5 (expected an integer from 0 to 4)");
    expect(() => lesionedForward(net, x, batch, [1.5])).toThrow("invalid deleted block: 1.5");
    expect(() => lesionedForward(net, x, batch, null as never)).toThrow("invalid deleted blocks: null");
  });
});

describe("lesionedBlock(block) and lesioned(net, deleted): finite-difference gradient checks", () => {
  for (const block of ["pre", "post"] as const) {
    for (const skipScale of [1, 0.5]) {
      it(`lesionedBlock of a residual ${block} block, λ = ${skipScale}`, () => {
        const net = createNetwork({...spec, block, skipScale, activation: "tanh"});
        expect(maxError(gradcheck(lesionedBlock(net.blocks[1]), 3))).toBeLessThan(1e-6);
      });
    }
  }

  it("lesionedBlock of a plain block is the identity, gradient included", () => {
    const layer = lesionedBlock(createNetwork({...spec, skip: false}).blocks[0]);
    expect(maxError(gradcheck(layer, 3))).toBeLessThan(1e-6);
    expect(layer.params).toEqual([]);
  });

  it("a whole lesioned network, end to end", () => {
    const net = createNetwork({...spec, activation: "tanh", init: "glorot"});
    const model = lesioned(net, [1, 3]);
    expect(maxError(gradcheck(model, 3, {metric: "norm"}))).toBeLessThan(1e-6);
    expect(model.gradNorms.length).toBe(1 + 5 + 1 + 1); // stem, 5 blocks, head, and the output
  });
});

describe("evaluateLesioned(net, data, deleted) and lesionCurve(net, data, options)", () => {
  const data = spiral(60, {classes: 3, random: randomSeeded(2)});

  it("deleting nothing evaluates as evaluate() does", () => {
    const net = createNetwork(spec);
    expect(evaluateLesioned(net, data, [])).toEqual(evaluate(net, data));
  });

  it("gives one point per count, each mean within its min and max, and the same sets for the same seed", () => {
    const net = createNetwork(spec);
    const points = [...lesionCurve(net, data, {trials: 3, random: randomSeeded(8)})];
    expect(points.map((p) => p.deleted)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(points.map((p) => p.sets.length)).toEqual([1, 3, 3, 3, 3, 1]);
    for (const p of points) {
      expect(p.accuracy!).toBeGreaterThanOrEqual(p.min!);
      expect(p.accuracy!).toBeLessThanOrEqual(p.max!);
      for (const set of p.sets) expect(set.length).toBe(p.deleted);
    }
    const again = [...lesionCurve(net, data, {trials: 3, random: randomSeeded(8)})];
    expect(again).toEqual(points);
  });

  it("stops at maxDeleted and rejects a bad trial count", () => {
    const net = createNetwork(spec);
    expect([...lesionCurve(net, data, {random: randomSeeded(1), maxDeleted: 2})].length).toBe(3);
    expect(() => lesionCurve(net, data, {random: randomSeeded(1), trials: 0}).next()).toThrow("invalid trials: 0 (expected an integer from 1 to 10000)");
  });
});

describe("randomBlocks(random, n, k)", () => {
  it("draws k distinct sorted indices from 0 to n − 1", () => {
    const random = randomSeeded(3);
    for (let trial = 0; trial < 50; ++trial) {
      const set = randomBlocks(random, 10, 4);
      expect(new Set(set).size).toBe(4);
      expect(set).toEqual([...set].sort((a, b) => a - b));
      for (const i of set) expect(i >= 0 && i < 10).toBe(true);
    }
  });

  it("picks every block about equally often", () => {
    const random = randomSeeded(5);
    const hits = new Array(8).fill(0);
    for (let trial = 0; trial < 4000; ++trial) for (const i of randomBlocks(random, 8, 2)) hits[i]++;
    for (const h of hits) expect(Math.abs(h - 1000)).toBeLessThan(120); // 1000 expected, sd ≈ 29
  });

  it("rejects k greater than n", () => {
    expect(() => randomBlocks(randomSeeded(0), 3, 4)).toThrow("invalid blocks to choose: 4 (expected an integer from 0 to 3)");
  });
});
