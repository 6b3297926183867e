import {describe, expect, it} from "vitest";
import {accuracy, mseLoss, softmaxCrossEntropy} from "../../lib/index.js";
import {normals, relativeError} from "./gradcheck.js";

function checkLoss(loss: (p: Float64Array, g: Float64Array) => number, n: number) {
  const p = normals(n, 3, 2);
  const g = new Float64Array(n);
  loss(p, g);
  const scratch = new Float64Array(n);
  let worst = 0;
  for (let i = 0; i < n; ++i) {
    const v = p[i], h = 1e-4;
    const at = (t: number) => ((p[i] = v + t), loss(p, scratch));
    const numeric = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
    p[i] = v;
    worst = Math.max(worst, relativeError(g[i], numeric));
  }
  return worst;
}

describe("losses", () => {
  it("mseLoss(prediction, target, 4, 3, grad) matches finite differences", () => {
    const target = normals(12, 9);
    expect(checkLoss((p, g) => mseLoss(p, target, 4, 3, g), 12)).toBeLessThan(1e-6);
  });

  it("mseLoss is the mean squared error", () => {
    const grad = new Float64Array(2);
    expect(mseLoss(Float64Array.of(1, 3), [0, 0], 1, 2, grad)).toBe(5);
    expect(Array.from(grad)).toEqual([1, 3]);
  });

  it("softmaxCrossEntropy(logits, labels, 4, 5, grad) matches finite differences", () => {
    const labels = [0, 4, 2, 2];
    expect(checkLoss((p, g) => softmaxCrossEntropy(p, labels, 4, 5, g), 20)).toBeLessThan(1e-6);
  });

  it("softmaxCrossEntropy of uniform logits is log(classes), and survives logits of 1e4", () => {
    const grad = new Float64Array(4);
    expect(softmaxCrossEntropy(new Float64Array(4), [1], 1, 4, grad)).toBeCloseTo(Math.log(4), 14);
    expect(softmaxCrossEntropy(Float64Array.of(1e4, 0, 0, 0), [0], 1, 4, grad)).toBe(0);
  });

  it("softmaxCrossEntropy rejects a label out of range", () => {
    expect(() => softmaxCrossEntropy(new Float64Array(3), [3], 1, 3, new Float64Array(3))).toThrow("invalid label: 3 at example 0 (expected an integer from 0 to 2)");
  });

  it("accuracy(logits, labels, batch, classes)", () => {
    expect(accuracy(Float64Array.of(1, 0, 0, 1, 5, 1), [0, 1, 1], 3, 2)).toBeCloseTo(2 / 3, 15);
  });
});
