import {describe, expect, it} from "vitest";
import {randomSeeded, sequenceTask} from "../../lib/index.js";

describe("sequenceTask(name, n, {tokens, random})", () => {
  it('"reverse" targets each sequence backwards', () => {
    const data = sequenceTask("reverse", 3, {tokens: 4, random: randomSeeded(1)});
    expect([data.n, data.inputSize, data.outputSize]).toEqual([3, 4, 4]);
    expect(data.shape).toEqual([4, 1]);
    for (let i = 0; i < 3; ++i) expect(Array.from(data.y.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(data.x.subarray(i * 4, i * 4 + 4)).reverse());
  });

  it('"copy" targets the input itself', () => {
    const data = sequenceTask("copy", 5, {tokens: 3});
    expect(Array.from(data.y)).toEqual(Array.from(data.x));
  });

  it("draws the same inputs for the same seed, and standard-normal ones", () => {
    const a = sequenceTask("reverse", 500, {random: randomSeeded(7)});
    expect(sequenceTask("reverse", 500, {random: randomSeeded(7)}).x).toEqual(a.x);
    const mean = a.x.reduce((s, v) => s + v, 0) / a.x.length;
    const variance = a.x.reduce((s, v) => s + (v - mean) ** 2, 0) / a.x.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(variance).toBeGreaterThan(0.9);
    expect(variance).toBeLessThan(1.1);
  });

  it.each([
    [() => sequenceTask("sort" as never, 4), 'invalid task: "sort" (expected one of reverse, copy)'],
    [() => sequenceTask("copy", 0), "invalid n: 0 (expected an integer from 1 to 1000000)"],
    [() => sequenceTask("copy", 4, {tokens: 0}), "invalid tokens: 0 (expected an integer from 1 to 1024)"]
  ])("rejects bad arguments, naming the value (%#)", (make, message) => {
    expect(make).toThrow(message);
  });
});
