import {describe, expect, it} from "vitest";
import {blobs, circles, datasets, moons, randomSeeded, sine, spiral, split, subset, xor, type Dataset} from "../../lib/index.js";
import {sin} from "../../lib/fmath.js";

const classifiers = {spiral, circles, xor, moons, blobs};

function classCounts(data: Dataset): number[] {
  const counts = new Array(data.classes).fill(0);
  for (const label of data.y) counts[label]++;
  return counts;
}

describe.each(Object.entries(classifiers))("%s(n, {noise, random})", (_name, generate) => {
  it("gives n 2-D points with balanced integer labels", () => {
    const data = generate(301, {random: randomSeeded(1)});
    expect(data.n).toBe(301);
    expect(data.inputSize).toBe(2);
    expect(data.x).toBeInstanceOf(Float64Array);
    expect(data.x.length).toBe(602);
    expect(data.y).toBeInstanceOf(Int32Array);
    expect(data.outputSize).toBe(data.classes);
    const counts = classCounts(data);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(data.x.every(Number.isFinite)).toBe(true);
  });

  it("is bit-identical for the same seed and differs for another", () => {
    const a = generate(50, {random: randomSeeded(7)}), b = generate(50, {random: randomSeeded(7)});
    expect(b.x).toEqual(a.x);
    expect(b.y).toEqual(a.y);
    expect(generate(50, {random: randomSeeded(8)}).x).not.toEqual(a.x);
  });

  it.each([
    [0, {}, "invalid n: 0 (expected an integer from 1 to 1000000)"],
    [2.5, {}, "invalid n: 2.5 (expected an integer from 1 to 1000000)"],
    [10, {noise: -1}, "invalid noise: -1 (expected a number from 0 to 10)"],
    [10, {noise: NaN}, "invalid noise: NaN (expected a number from 0 to 10)"]
  ])("rejects n = %s, %o with %s", (n, options, message) => {
    expect(() => generate(n, options)).toThrow(message);
  });
});

describe("the noiseless shapes", () => {
  it("spiral: each point of arm c lies at angle 2π(c/k + turns · r)", () => {
    const data = spiral(300, {classes: 3, turns: 1.5, noise: 0, random: randomSeeded(2)});
    for (let i = 0; i < data.n; ++i) {
      const [a, b] = [data.x[2 * i], data.x[2 * i + 1]];
      const r = Math.hypot(a, b);
      expect(r).toBeLessThanOrEqual(1);
      const expected = 2 * Math.PI * (data.y[i] / 3 + 1.5 * r);
      expect(Math.cos(expected) * r).toBeCloseTo(a, 12);
      expect(Math.sin(expected) * r).toBeCloseTo(b, 12);
    }
  });

  it("circles: class 0 on radius 1, class 1 on radius factor", () => {
    const data = circles(100, {factor: 0.3, noise: 0, random: randomSeeded(2)});
    for (let i = 0; i < data.n; ++i) expect(Math.hypot(data.x[2 * i], data.x[2 * i + 1])).toBeCloseTo(data.y[i] === 0 ? 1 : 0.3, 12);
  });

  it("xor: class 1 exactly where the signs differ, inside the square [−1, 1]²", () => {
    const data = xor(200, {noise: 0, random: randomSeeded(2)});
    for (let i = 0; i < data.n; ++i) {
      const [a, b] = [data.x[2 * i], data.x[2 * i + 1]];
      expect(Math.max(Math.abs(a), Math.abs(b))).toBeLessThanOrEqual(1);
      expect(data.y[i]).toBe(a * b < 0 ? 1 : 0);
    }
  });

  it("moons: class 0 on the upper unit half circle about (−½, −¼), class 1 on the lower one about (½, ¼)", () => {
    const data = moons(200, {noise: 0, random: randomSeeded(2)});
    for (let i = 0; i < data.n; ++i) {
      const [a, b] = [data.x[2 * i], data.x[2 * i + 1]];
      const [cx, cy, side] = data.y[i] === 0 ? [-0.5, -0.25, 1] : [0.5, 0.25, -1];
      expect(Math.hypot(a - cx, b - cy)).toBeCloseTo(1, 12);
      expect(side * (b - cy)).toBeGreaterThanOrEqual(0);
    }
  });

  it("blobs: class means sit at the k evenly spaced points of the unit circle, spread by noise", () => {
    const k = 4, noise = 0.3, data = blobs(4000, {classes: k, noise, random: randomSeeded(3)});
    for (let c = 0; c < k; ++c) {
      let sa = 0, sb = 0, ss = 0, m = 0;
      for (let i = c; i < data.n; i += k) {
        sa += data.x[2 * i];
        sb += data.x[2 * i + 1];
        ++m;
      }
      const [ma, mb] = [sa / m, sb / m];
      for (let i = c; i < data.n; i += k) ss += (data.x[2 * i] - ma) ** 2 + (data.x[2 * i + 1] - mb) ** 2;
      // 1,000 points a class: the mean's standard error is 0.3 / √1000 ≈ 0.0095.
      expect(Math.abs(ma - Math.cos((2 * Math.PI * c) / k))).toBeLessThan(0.04);
      expect(Math.abs(mb - Math.sin((2 * Math.PI * c) / k))).toBeLessThan(0.04);
      expect(Math.sqrt(ss / (2 * m))).toBeCloseTo(noise, 1);
    }
  });
});

describe("sine(n, {noise, frequency, random})", () => {
  it("without noise is y = sin(3x) on [−2, 2]", () => {
    const data = sine(500, {noise: 0, random: randomSeeded(4)});
    expect([data.inputSize, data.outputSize, data.classes]).toEqual([1, 1, undefined]);
    expect(data.y).toBeInstanceOf(Float64Array);
    for (let i = 0; i < data.n; ++i) {
      expect(Math.abs(data.x[i])).toBeLessThanOrEqual(2);
      expect(data.y[i]).toBe(sin(3 * data.x[i])); // lib/fmath.ts's sin, whose bits do not depend on the runtime
    }
  });

  it("adds Gaussian noise of the given standard deviation to the targets", () => {
    const data = sine(5000, {noise: 0.2, frequency: 1, random: randomSeeded(5)});
    let ss = 0;
    for (let i = 0; i < data.n; ++i) ss += (data.y[i] - Math.sin(data.x[i])) ** 2;
    expect(Math.sqrt(ss / data.n)).toBeCloseTo(0.2, 2);
  });

  it("rejects a bad frequency", () => {
    expect(() => sine(10, {frequency: -1})).toThrow("invalid frequency: -1 (expected a number from 0 to 100)");
  });
});

describe("spiral, blobs: {classes}", () => {
  it("makes k classes and rejects k out of range", () => {
    expect(classCounts(spiral(40, {classes: 4}))).toEqual([10, 10, 10, 10]);
    expect(() => spiral(40, {classes: 1})).toThrow("invalid classes: 1 (expected an integer from 2 to 10)");
    expect(() => blobs(40, {classes: 21})).toThrow("invalid classes: 21 (expected an integer from 2 to 20)");
  });
});

describe("datasets", () => {
  it("names every generator", () => {
    expect(Object.keys(datasets).sort()).toEqual(["blobs", "circles", "moons", "sine", "spiral", "xor"]);
  });
});

describe("split(data, {testFraction, random})", () => {
  // Example i has x = (i, −i), so each example can be traced through the split.
  const n = 50;
  const data: Dataset = {
    x: Float64Array.from({length: 2 * n}, (_, j) => (j % 2 ? -1 : 1) * Math.floor(j / 2)),
    y: Int32Array.from({length: n}, (_, i) => i % 3),
    n,
    inputSize: 2,
    outputSize: 3,
    classes: 3
  };

  it("cuts a shuffled copy into disjoint parts that hold every example once, labels attached", () => {
    const {train, test} = split(data, {testFraction: 0.3, random: randomSeeded(1)});
    expect([train.n, test.n]).toEqual([35, 15]);
    const seen = [...train.x.filter((_, j) => j % 2 === 0), ...test.x.filter((_, j) => j % 2 === 0)];
    expect(seen.slice().sort((a, b) => a - b)).toEqual(Array.from({length: n}, (_, i) => i));
    expect(seen).not.toEqual(Array.from({length: n}, (_, i) => i)); // shuffled
    for (const part of [train, test]) {
      for (let j = 0; j < part.n; ++j) {
        expect(part.x[2 * j + 1]).toBe(-part.x[2 * j]);
        expect(part.y[j]).toBe(part.x[2 * j] % 3);
      }
      expect(part.classes).toBe(3);
    }
  });

  it("is the same for the same seed", () => {
    const a = split(data, {random: randomSeeded(9)}), b = split(data, {random: randomSeeded(9)});
    expect(b.test.x).toEqual(a.test.x);
    expect(split(data, {random: randomSeeded(10)}).test.x).not.toEqual(a.test.x);
  });

  it("rejects a fraction that leaves a part empty", () => {
    expect(() => split(data, {testFraction: 0.001})).toThrow("invalid test fraction: 0.001 (gives 0 of 50 examples for testing; each part needs at least one)");
    expect(() => split(data, {testFraction: 1})).toThrow("invalid test fraction: 1 (gives 50 of 50");
    expect(() => split(data, {testFraction: -0.5})).toThrow("invalid test fraction: -0.5 (expected a number from 0 to 1)");
  });
});

describe("subset(data, indices)", () => {
  it("copies regression targets of several outputs per example", () => {
    const data: Dataset = {x: Float64Array.of(0, 1, 2), y: Float64Array.of(0, 0, 1, 10, 2, 20), n: 3, inputSize: 1, outputSize: 2};
    const s = subset(data, [2, 0]);
    expect(Array.from(s.x)).toEqual([2, 0]);
    expect(Array.from(s.y)).toEqual([2, 20, 0, 0]);
    expect(s.y).toBeInstanceOf(Float64Array);
    expect(s.n).toBe(2);
  });
});
