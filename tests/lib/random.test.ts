import {describe, expect, it} from "vitest";
import {deriveSeed, randomNormal, randomSeeded, shuffle} from "../../lib/index.js";

describe("random", () => {
  it("randomSeeded(seed) repeats bit for bit and differs across seeds", () => {
    const a = randomSeeded(42), b = randomSeeded(42), c = randomSeeded(43);
    const xs = Array.from({length: 100}, a);
    expect(Array.from({length: 100}, b)).toEqual(xs);
    expect(Array.from({length: 100}, c)).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("randomSeeded draws are uniform: mean 1/2, variance 1/12", () => {
    const random = randomSeeded(7);
    const xs = Array.from({length: 100000}, random);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it("randomNormal(random) has mean 0 and variance 1", () => {
    const normal = randomNormal(randomSeeded(3));
    const xs = Array.from({length: 100000}, normal);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it("deriveSeed(seed, ...keys) is deterministic and separates keys", () => {
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
    const seeds = new Set([deriveSeed(1, 2, 3), deriveSeed(1, 3, 2), deriveSeed(2, 2, 3), deriveSeed(1, 2), deriveSeed(1)]);
    expect(seeds.size).toBe(5);
  });

  it("shuffle(random, array) is a seeded permutation", () => {
    const a = shuffle(randomSeeded(5), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...a].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(shuffle(randomSeeded(5), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual(a);
  });

  it("rejects seeds that are not 32-bit unsigned integers", () => {
    for (const seed of [-1, 1.5, NaN, Infinity, 2 ** 32]) {
      expect(() => randomSeeded(seed)).toThrow(`invalid seed: ${seed} (expected an integer from 0 to 4294967295)`);
    }
  });
});
