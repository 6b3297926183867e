import {describe, expect, it} from "vitest";
import {
  centralPathLengths,
  createNetwork,
  mseLoss,
  narrowestRange,
  pathBackward,
  pathGradientByLength,
  pathGradientSamples,
  pathLengthCounts,
  pathLengthFractions,
  pathShare,
  randomSeeded,
  scaleBranches,
  spiral,
  type NetworkSpec
} from "../../../lib/index.js";
import {normals, normwiseError} from "../gradcheck.js";

/** C(n, k) in exact integer arithmetic. */
function binomial(n: number, k: number): bigint {
  let c = 1n;
  for (let i = 0; i < k; ++i) c = (c * BigInt(n - i)) / BigInt(i + 1);
  return c;
}

describe("pathLengthCounts(n)", () => {
  it("gives 1, n, C(n, 2), … 1 exactly for n up to 56 (every count below 2^53)", () => {
    for (const n of [0, 1, 2, 3, 10, 54, 56]) {
      const counts = pathLengthCounts(n);
      expect(counts.length).toBe(n + 1);
      counts.forEach((c, k) => expect(BigInt(c)).toBe(binomial(n, k)));
    }
  });

  it("sums to 2^n: every one of the 2^n paths has some length", () => {
    for (const n of [1, 5, 54, 110, 500, 1000]) {
      const sum = pathLengthCounts(n).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - 2 ** n) / 2 ** n).toBeLessThan(1e-12);
    }
  });

  it("stays within 1e-12 of the exact count for n = 1000 (C(1000, 500) ≈ 2.7e299)", () => {
    const counts = pathLengthCounts(1000);
    for (const k of [1, 7, 250, 500, 999]) {
      const exact = binomial(1000, k);
      expect(Math.abs(counts[k] - Number(exact)) / Number(exact)).toBeLessThan(1e-12);
    }
  });

  it("rejects a count that is not a whole number from 0 to 1000, naming it", () => {
    expect(() => pathLengthCounts(1001)).toThrow("invalid number of blocks: 1001 (expected an integer from 0 to 1000)");
    expect(() => pathLengthCounts(2.5)).toThrow("invalid number of blocks: 2.5");
    expect(() => pathLengthCounts(-1)).toThrow("invalid number of blocks: -1");
  });
});

describe("pathLengthFractions(n), pathShare(n, from, to), centralPathLengths(n, mass)", () => {
  it("gives the Binomial(n, ½) probabilities", () => {
    expect(Array.from(pathLengthFractions(2))).toEqual([0.25, 0.5, 0.25]);
    expect(pathShare(4, 1, 3)).toBe(14 / 16);
  });

  it("finds Veit et al.'s claim for n = 54: more than 95% of paths pass through 19 to 35 blocks", () => {
    expect(pathShare(54, 19, 35)).toBeGreaterThan(0.95);
    const central = centralPathLengths(54, 0.95);
    // The narrowest centred range holding 95% is 20 to 34; 19 to 35 is one wider on each side.
    expect(central).toEqual({from: 20, to: 34, share: pathShare(54, 20, 34)});
    expect(pathShare(54, 21, 33)).toBeLessThan(0.95);
  });

  it("grows the range to everything when the mass is 1", () => {
    expect(centralPathLengths(5, 1)).toEqual({from: 0, to: 5, share: 1});
  });

  it("rejects a range outside 0 to n and a mass outside 0 to 1", () => {
    expect(() => pathShare(10, 3, 11)).toThrow("invalid longest length: 11 (expected an integer from 3 to 10)");
    expect(() => centralPathLengths(10, 1.5)).toThrow("invalid mass: 1.5 (expected a fraction from 0 to 1)");
  });
});

describe("narrowestRange(values, mass)", () => {
  it("finds the shortest run of consecutive entries holding the mass", () => {
    expect(narrowestRange([0, 1, 8, 1, 0], 0.8)).toEqual({from: 2, to: 2, share: 0.8});
    expect(narrowestRange([0, 1, 8, 1, 0], 0.85)).toEqual({from: 1, to: 2, share: 0.9});
    expect(narrowestRange([5, 0, 0, 0, 5], 0.6)).toEqual({from: 0, to: 4, share: 1});
  });

  it("agrees with centralPathLengths on the binomial counts", () => {
    const range = narrowestRange(pathLengthCounts(54), 0.95);
    expect([range.from, range.to]).toEqual([20, 34]);
  });

  it("takes everything when all weights are zero, and rejects negative weights", () => {
    expect(narrowestRange([0, 0], 0.9)).toEqual({from: 0, to: 1, share: 1});
    expect(() => narrowestRange([1, -1], 0.5)).toThrow("invalid value: -1 at index 1 (expected a finite number of 0 or more)");
  });
});

describe("scaleBranches(net, factor)", () => {
  const batch = 2, x = normals(batch * 2, 8);
  it("turns every block into x + s·F(x): at s = 0 the blocks are the identity", () => {
    const net = createNetwork({inputSize: 2, outputSize: 2, width: 4, depth: 3, block: "pre", seed: 1});
    scaleBranches(net, 0);
    const h0 = Float64Array.from(net.stem.forward(x, batch, false).subarray(0, batch * 4));
    const out = Float64Array.from(net.forward(x, batch, false).subarray(0, batch * 2));
    expect(Array.from(out)).toEqual(Array.from(net.head.forward(h0, batch, false).subarray(0, batch * 2)));
  });

  it("scales a path through k branches by s^k (a linear network, whose Jacobians do not depend on the forward pass)", () => {
    const spec = {inputSize: 2, outputSize: 2, width: 4, depth: 3, block: "pre" as const, activation: "identity" as const, seed: 1};
    const a = createNetwork(spec), b = createNetwork(spec);
    scaleBranches(b, 0.5);
    const dOut = normals(batch * 2, 9);
    const path = (net: typeof a, branches: number[]) => {
      net.forward(x, batch);
      return pathBackward(net, dOut, batch, branches);
    };
    for (const branches of [[], [1], [0, 2], [0, 1, 2]]) {
      const factor = 0.5 ** branches.length;
      expect(normwiseError(path(b, branches), path(a, branches).map((v) => v * factor))).toBeLessThan(1e-14);
    }
  });

  it("rejects a negative factor", () => {
    const net = createNetwork({inputSize: 2, outputSize: 2, width: 4, depth: 1});
    expect(() => scaleBranches(net, -1)).toThrow("invalid branch scale: -1 (expected a number from 0 to 1000)");
  });
});

describe("pathBackward(net, dOutput, batch, branches)", () => {
  const batch = 3;
  function setup(spec: Partial<NetworkSpec>) {
    const net = createNetwork({inputSize: 2, outputSize: 2, width: 5, depth: 4, block: "pre", init: "he", seed: 3, ...spec});
    const y = Float64Array.from(net.forward(normals(batch * 2, 4), batch).subarray(0, batch * 2));
    const dOut = new Float64Array(batch * 2);
    mseLoss(y, normals(batch * 2, 5), batch, 2, dOut);
    // The full backward's ∂L/∂h₀, through each block's own backward (both routes at once).
    let full = Float64Array.from(net.head.backward(dOut, batch));
    for (let l = net.blocks.length - 1; l >= 0; --l) full = Float64Array.from(net.blocks[l].backward(full, batch).subarray(0, batch * 5));
    return {net, dOut, full};
  }

  for (const block of ["pre", "post"] as const) {
    it(`sums over all 2^n paths to the full backward's ∂L/∂h₀ (${block} blocks): the unraveled view is exact`, () => {
      const {net, dOut, full} = setup({block});
      const sum = new Float64Array(batch * 5);
      for (let mask = 0; mask < 16; ++mask) {
        const branches = [0, 1, 2, 3].filter((l) => mask & (1 << l));
        const g = pathBackward(net, dOut, batch, branches);
        for (let i = 0; i < sum.length; ++i) sum[i] += g[i];
      }
      expect(normwiseError(sum, full)).toBeLessThan(1e-12);
    });
  }

  it("gives ∂L/∂h_n itself along the all-skip path (length 0)", () => {
    const {net, dOut} = setup({});
    const top = Float64Array.from(net.head.backward(dOut, batch).subarray(0, batch * 5));
    expect(Array.from(pathBackward(net, dOut, batch, []))).toEqual(Array.from(top));
  });

  it("scales the skip route by λ (skipScale)", () => {
    const {net, dOut} = setup({skipScale: 0.5});
    const top = Float64Array.from(net.head.backward(dOut, batch).subarray(0, batch * 5));
    expect(Array.from(pathBackward(net, dOut, batch, []))).toEqual(Array.from(top, (v) => v * 0.5 ** 4));
  });

  it("refuses a skip route through a plain block, and a block index out of range", () => {
    const {net, dOut} = setup({skip: false});
    expect(() => pathBackward(net, dOut, batch, [0, 1, 2])).toThrow("invalid path: block 3 has no skip");
    expect(() => pathBackward(net, dOut, batch, [4])).toThrow("invalid branch block: 4 (expected an integer from 0 to 3)");
  });
});

describe("pathGradientByLength(net, data, options)", () => {
  const data = spiral(64, {random: randomSeeded(1)});
  const net = () => createNetwork({inputSize: 2, outputSize: 2, width: 8, depth: 6, block: "pre", init: "he", seed: 2});

  it("returns one row per length with C(n, k) paths, and shares that sum to 1", () => {
    const rows = pathGradientByLength(net(), data, {samples: 4, random: randomSeeded(3)});
    expect(rows.map((r) => r.length)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rows.map((r) => r.paths)).toEqual([1, 6, 15, 20, 15, 6, 1]);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
    for (const r of rows) expect(r.total).toBeCloseTo(r.paths * r.gradient, 10);
  });

  it("is bit-identical for the same seed", () => {
    const a = pathGradientByLength(net(), data, {samples: 3, random: randomSeeded(9)});
    const b = pathGradientByLength(net(), data, {samples: 3, random: randomSeeded(9)});
    expect(b).toEqual(a);
  });

  it("measures a length-0 path as the gradient at the top, with no spread when the batch is all the data", () => {
    const small = spiral(8, {random: randomSeeded(1)});
    const rows = pathGradientByLength(net(), small, {samples: 3, batchSize: 8, lengths: [0], random: randomSeeded(4)});
    expect(rows[0].spread).toBeLessThan(1e-12 * rows[0].gradient); // the same batch, reordered, every time
  });

  it("finds the gradient shrinking with path length when every branch is scaled down", () => {
    const n = net();
    for (const block of n.blocks) for (const p of block.branch.params) for (let i = 0; i < p.w.length; ++i) p.w[i] *= 0.2;
    const rows = pathGradientByLength(n, data, {samples: 8, random: randomSeeded(5)});
    for (let k = 1; k < rows.length; ++k) expect(rows[k].gradient).toBeLessThan(rows[k - 1].gradient);
  });

  it("as a generator, yields the running estimate after every sample and ends at pathGradientByLength's result", () => {
    const steps = [...pathGradientSamples(net(), data, {samples: 3, random: randomSeeded(6)})];
    expect(steps.map((s) => s.samples)).toEqual([1, 2, 3]);
    expect(steps[2].rows).toEqual(pathGradientByLength(net(), data, {samples: 3, random: randomSeeded(6)}));
  });

  it("refuses a plain network", () => {
    expect(() => pathGradientByLength(createNetwork({inputSize: 2, outputSize: 2, width: 4, depth: 2, skip: false}), data)).toThrow(
      "invalid network: block 0 has no skip (path gradients need a residual network)"
    );
  });
});
