import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {digitsSplit, parseDigits} from "../../lib/index.js";

const text = readFileSync(new URL("../../data/digits.csv", import.meta.url), "utf8");

describe("parseDigits(csvText) on the shipped data/digits.csv", () => {
  const data = parseDigits(text);

  it("holds 1,797 images of 65 fields: 64 pixels and a label", () => {
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBe(1797);
    expect(lines.every((line) => line.split(",").length === 65)).toBe(true);
    expect(data.n).toBe(1797);
    expect([data.inputSize, data.outputSize, data.classes]).toEqual([64, 10, 10]);
    expect(data.shape).toEqual([1, 8, 8]);
    expect(data.x.length).toBe(1797 * 64);
  });

  it("has labels 0..9 with the class counts of the UCI test set", () => {
    const counts = new Array(10).fill(0);
    for (const label of data.y) counts[label]++;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it("scales the pixel counts 0..16 into [0, 1], using the whole range", () => {
    let min = Infinity, max = -Infinity;
    for (const v of data.x) [min, max] = [Math.min(min, v), Math.max(max, v)];
    expect([min, max]).toEqual([0, 1]);
    expect(data.x.every((v) => Number.isInteger(v * 16))).toBe(true);
  });

  it("keeps the first image's pixels in row-major order", () => {
    // The file's first line: a 0 drawn as a ring, label 0.
    const first = text.slice(0, text.indexOf("\n")).split(",").map(Number);
    expect(Array.from(data.x.subarray(0, 64), (v) => v * 16)).toEqual(first.slice(0, 64));
    expect(data.y[0]).toBe(first[64]);
    expect(first.slice(0, 8)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
  });
});

describe("parseDigits(csvText) validation", () => {
  const line = (pixel: string, label = "3") => [pixel, ...new Array(63).fill("0"), label].join(",");

  it("accepts CRLF line ends and a missing final newline", () => {
    const data = parseDigits(`${line("16")}\r\n${line("8", "9")}`);
    expect(data.n).toBe(2);
    expect([data.x[0], data.x[64], data.y[1]]).toEqual([1, 0.5, 9]);
  });

  it("reads a field written any way Number() accepts as the same integer (spaces, leading zeros, 8.0)", () => {
    const plain = parseDigits(`${line("8")}\n${line("0", "3")}`);
    const written = parseDigits(`${line(" 8 ")}\n${line("000", "3.0")}`);
    expect(written.x).toEqual(plain.x);
    expect(written.y).toEqual(plain.y);
  });

  it("reads every shipped line as Number() on each field would (the fast scan and the field-by-field read agree)", () => {
    const lines = text.trimEnd().split("\n");
    const expected = lines.flatMap((l) => l.split(",").slice(0, 64).map((f) => Number(f) / 16));
    expect(Array.from(parseDigits(text).x)).toEqual(expected);
    // The same file with one space per line takes the field-by-field read on every line.
    expect(parseDigits(lines.map((l) => ` ${l}`).join("\n")).x).toEqual(parseDigits(text).x);
  });

  it.each([
    ["", "invalid digits text: no lines (expected one image a line)"],
    ["1,2,3\n", "invalid digits line 1: 3 fields (expected 65: 64 pixels and a label)"],
    [`${line("0")}\n${line("17")}`, 'invalid digits line 2: pixel 0 is "17" (expected an integer from 0 to 16)'],
    [line("x"), 'invalid digits line 1: pixel 0 is "x" (expected an integer from 0 to 16)'],
    [line(""), 'invalid digits line 1: pixel 0 is "" (expected an integer from 0 to 16)'],
    [line("0", "10"), 'invalid digits line 1: label is "10" (expected an integer from 0 to 9)']
  ])("rejects %j with %s", (csv, message) => {
    expect(() => parseDigits(csv)).toThrow(message);
  });
});

describe("digitsSplit(data, {seed, testFraction})", () => {
  const data = parseDigits(text);

  it("holds out 359 of the 1,797 images by default, every image in exactly one part", () => {
    const {train, test} = digitsSplit(data);
    expect([train.n, test.n]).toEqual([1438, 359]);
    expect(train.shape).toEqual([1, 8, 8]);
    // Every image of the data appears once across the two parts (compared as pixel strings).
    const key = (x: Float64Array, i: number) => x.subarray(i * 64, (i + 1) * 64).join();
    const all = new Map<string, number>();
    for (let i = 0; i < data.n; ++i) all.set(key(data.x, i), (all.get(key(data.x, i)) ?? 0) + 1);
    for (const part of [train, test]) for (let i = 0; i < part.n; ++i) all.set(key(part.x, i), all.get(key(part.x, i))! - 1);
    expect([...all.values()].every((c) => c === 0)).toBe(true);
  });

  it("is fixed by the seed", () => {
    const a = digitsSplit(data, {seed: 1}), b = digitsSplit(data, {seed: 1});
    expect(b.test.y).toEqual(a.test.y);
    expect(b.test.x).toEqual(a.test.x);
    expect(digitsSplit(data, {seed: 2}).test.x).not.toEqual(a.test.x);
    expect(digitsSplit(data, {testFraction: 0.5}).test.n).toBe(899);
  });
});
