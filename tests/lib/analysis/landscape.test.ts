import {describe, expect, it} from "vitest";
import {filterNormalizedDirection, filterParams, lossPlane, planeCoordinates, planeDirections, planeShape} from "../../../lib/analysis/landscape.js";
import {blobs, createNetwork, dense, evaluate, initialize, randomNormal, randomSeeded, type Dataset, type Model} from "../../../lib/index.js";

const data: Dataset = blobs(24, {classes: 3, noise: 0.4, random: randomSeeded(3)});
const net = (extra: object = {}) => createNetwork({inputSize: 2, outputSize: 3, width: 6, depth: 2, seed: 7, ...extra});

function rowNorm(a: Float64Array, start: number, size: number): number {
  let s = 0;
  for (let k = start; k < start + size; ++k) s += a[k] * a[k];
  return Math.sqrt(s);
}

describe("filterParams(model)", () => {
  it("gives each dense W one filter per output unit and every bias, norm parameter and α none", () => {
    const model = net({norm: "batch", alpha: 0.5, widths: [6, 4]});
    const filters = filterParams(model);
    expect(filters.map((f) => f.w)).toEqual(model.params.map((p) => p.w));
    const byName = model.params.map((p, i) => [p.name, filters[i].filters, p.w.length] as const);
    for (const [name, count, length] of byName) {
      if (name === "W") expect(count).toBeGreaterThan(0), expect(length % count).toBe(0);
      else expect(count).toBe(0);
    }
    expect(filters[0].filters).toBe(6); // the stem: 6 output units
    expect(filters[filters.length - 2].filters).toBe(3); // the head's W: 3 logits (its bias follows)
    // Block 2 changes width 6 → 4: its projection shortcut W_s (4 rows of 6) is a filter weight too.
    const projection = model.blocks[1].shortcut as unknown as {linear: {W: Float64Array}};
    expect(filters.find((f) => f.w === projection.linear.W)?.filters).toBe(4);
  });
});

describe("filterNormalizedDirection(params, random)", () => {
  const model = net();
  const params = filterParams(model);

  it("scales each filter of the direction to the norm of the weights' filter, exactly", () => {
    const d = filterNormalizedDirection(params, randomSeeded(1));
    let offset = 0, checked = 0;
    for (const {w, filters} of params) {
      if (filters > 0) {
        const size = w.length / filters;
        for (let j = 0; j < filters; ++j) {
          expect(rowNorm(d, offset + j * size, size)).toBeCloseTo(rowNorm(w, j * size, size), 12);
          ++checked;
        }
      }
      offset += w.length;
    }
    expect(offset).toBe(d.length);
    expect(checked).toBe(6 + 4 * 6 + 3); // stem, two blocks of two layers, head
  });

  it("leaves biases and other non-filter parameters at zero, and a filter of zero weights at zero", () => {
    const w = new Float64Array([3, 4, 0, 0, 1, 0]);
    const d = filterNormalizedDirection([{w, filters: 3}, {w: new Float64Array(4).fill(2), filters: 0}], randomSeeded(2));
    expect(rowNorm(d, 0, 2)).toBeCloseTo(5, 14);
    expect([d[2], d[3]]).toEqual([0, 0]);
    expect(rowNorm(d, 4, 2)).toBeCloseTo(1, 14);
    expect(Array.from(d.subarray(6))).toEqual([0, 0, 0, 0]);
  });

  it("draws the same direction from the same seed, a different one from another", () => {
    const a = filterNormalizedDirection(params, randomSeeded(5));
    expect(filterNormalizedDirection(params, randomSeeded(5))).toEqual(a);
    expect(filterNormalizedDirection(params, randomSeeded(6))).not.toEqual(a);
  });

  it("refuses a filter count that does not divide the parameter", () => {
    expect(() => filterNormalizedDirection([{w: new Float64Array(5), filters: 2}], randomSeeded(0))).toThrow(/invalid filters: 2 \(expected a divisor of the parameter's 5 numbers\)/);
  });
});

describe("planeCoordinates(range, resolution)", () => {
  it("runs from −range to range with 0 exactly in the middle", () => {
    expect(planeCoordinates(0.7, 5)).toEqual([-0.7, -0.35, 0, 0.35, 0.7]);
    expect(planeCoordinates(0.1, 21)[10]).toBe(0);
  });
});

describe("lossPlane(model, data, {directions, range, resolution})", () => {
  it("yields one row per b, and at (0, 0) the model's own loss, bit for bit", () => {
    const model = net();
    const before = evaluate(model, data).loss;
    const rows = [...lossPlane(model, data, {directions: planeDirections(model, 1), range: 0.5, resolution: 5})];
    expect(rows.map((r) => r.b)).toEqual([-0.5, -0.25, 0, 0.25, 0.5]);
    expect(rows.every((r) => r.losses.length === 5)).toBe(true);
    expect(rows[2].losses[2]).toBe(before);
    expect(rows[0].losses[0]).not.toBe(before);
  });

  it("puts the parameters back, after the last row and after an early stop", () => {
    const model = net();
    const copy = model.params.map((p) => p.w.slice());
    [...lossPlane(model, data, {directions: planeDirections(model, 2), resolution: 3})];
    expect(model.params.map((p) => p.w)).toEqual(copy);
    const rows = lossPlane(model, data, {directions: planeDirections(model, 2), resolution: 3});
    rows.next();
    rows.return();
    expect(model.params.map((p) => p.w)).toEqual(copy);
  });

  it("traces the known quadratic of a linear least-squares model: L(a, b) = mean((r + a·u + b·v)²)", () => {
    // y = W x (one output, no bias) under MSE: the loss is exactly quadratic in the weights.
    const layer = dense(3, 1, {bias: false});
    initialize(layer.W, "glorot", 3, 1, randomSeeded(4));
    const model: Model = {params: layer.params, gradNorms: new Float64Array(2), forward: (x, batch) => layer.forward(x, batch, false), backward: (dy, batch) => layer.backward(dy, batch)};
    const normal = randomNormal(randomSeeded(9));
    const n = 10;
    const toy: Dataset = {x: Float64Array.from({length: 3 * n}, normal), y: Float64Array.from({length: n}, normal), n, inputSize: 3, outputSize: 1};
    const [delta, eta] = planeDirections(model, 3);
    const dot = (w: ArrayLike<number>, i: number) => w[0] * toy.x[3 * i] + w[1] * toy.x[3 * i + 1] + w[2] * toy.x[3 * i + 2];
    const expected = (a: number, b: number) => {
      let s = 0;
      for (let i = 0; i < n; ++i) s += (dot(layer.W, i) - toy.y[i] + a * dot(delta, i) + b * dot(eta, i)) ** 2;
      return s / n;
    };
    const rows = [...lossPlane(model, toy, {directions: [delta, eta], range: 2, resolution: 7})];
    for (const row of rows) row.a.forEach((a, i) => expect(row.losses[i]).toBeCloseTo(expected(a, row.b), 12));
    // A quadratic has constant second differences along a row.
    const second = rows[3].losses.slice(2).map((l, i) => l! - 2 * rows[3].losses[i + 1]! + rows[3].losses[i]!);
    for (const s of second) expect(s).toBeCloseTo(second[0], 10);
  });

  it("draws the same plane for a ReLU network rescaled layer by layer (the point of filter normalisation)", () => {
    // Stem ×10 and head weights ×1/10 (every bias in between ×10) computes the same function in a ReLU net.
    const original = net({activation: "relu"});
    const rescaled = net({activation: "relu"});
    const hidden = rescaled.params.slice(0, -2);
    for (const p of hidden) if (p.name === "b" || p === hidden[0]) p.w.forEach((v, i) => (p.w[i] = 10 * v));
    rescaled.head.W.forEach((v, i) => (rescaled.head.W[i] = v / 10));
    const options = {range: 0.8, resolution: 3};
    const a = [...lossPlane(original, data, {...options, directions: planeDirections(original, 4)})];
    const b = [...lossPlane(rescaled, data, {...options, directions: planeDirections(rescaled, 4)})];
    a.forEach((row, r) => row.losses.forEach((l, i) => expect(b[r].losses[i]).toBeCloseTo(l!, 10)));
    // Without normalisation (the same raw direction for both), the two slices differ.
    const raw = planeDirections(original, 4).map((d) => d.map((_, i) => (i * 7919) % 13 === 0 ? 0.3 : 0.1)) as [Float64Array, Float64Array];
    const c = [...lossPlane(original, data, {...options, directions: raw})][0].losses[0]!;
    const d = [...lossPlane(rescaled, data, {...options, directions: raw})][0].losses[0]!;
    expect(Math.abs(c - d)).toBeGreaterThan(1e-3);
  });

  it("refuses an even resolution, a range out of bounds and directions of the wrong length, naming them", () => {
    const model = net();
    const directions = planeDirections(model, 0);
    expect(() => lossPlane(model, data, {directions, resolution: 4})).toThrow(/invalid resolution: 4 \(expected an odd number/);
    expect(() => lossPlane(model, data, {directions, range: 0})).toThrow(/invalid range: 0/);
    expect(() => lossPlane(model, data, {directions: [directions[0], new Float64Array(3)]})).toThrow(/invalid direction 2: 3 numbers \(expected a Float64Array of \d+/);
  });
});

describe("planeShape(grid)", () => {
  const grid = (f: (a: number, b: number) => number, n = 7) => Array.from({length: n}, (_, i) => Array.from({length: n}, (_, j) => f(j - (n - 1) / 2, i - (n - 1) / 2)));

  it("finds one minimum and no downward curvature in a convex bowl", () => {
    const shape = planeShape(grid((a, b) => 1 + a * a + 2 * b * b));
    expect(shape).toMatchObject({centre: 1, min: 1, max: 1 + 9 + 18, argmin: [3, 3], localMinima: 1, concaveFraction: 0, interior: 25});
  });

  it("counts every point of a saddle a² − b² as curving down, and finds no minimum", () => {
    const shape = planeShape(grid((a, b) => a * a - b * b));
    expect(shape.localMinima).toBe(0);
    expect(shape.concaveFraction).toBe(1);
  });

  it("counts the minima of an egg crate and skips points next to a missing value", () => {
    // cos(πa/2)·cos(πb/2) is −1 at (±2, 0) and (0, ±2), the only minima in the 9 × 9 grid's interior.
    const crate = grid((a, b) => Math.cos((Math.PI * a) / 2) * Math.cos((Math.PI * b) / 2) + 0.01 * (a * a + b * b), 9);
    expect(planeShape(crate).localMinima).toBe(4);
    const holed = crate.map((row) => row.slice()) as (number | null)[][];
    holed[4][4] = null;
    expect(planeShape(holed).interior).toBe(49 - 9);
  });
});
