import {describe, expect, it} from "vitest";
import {conv2d, convOutputSize, initialize, randomSeeded, type Conv2dOptions} from "../../lib/index.js";
import {gradcheck, maxError, normals} from "./gradcheck.js";

const TOLERANCE = 1e-6;

function randomConv(options: Conv2dOptions, seed: number) {
  const layer = conv2d(options);
  initialize(layer.W, "glorot", layer.fanIn, layer.fanOut, randomSeeded(seed));
  initialize(layer.b, "uniform", 1, 1, randomSeeded(seed + 100));
  return layer;
}

/** The definition, written out with no im2col: y[o][i][j] = b[o] + Σ W[o][c][u][v] x[c][i·s+u−p][j·s+v−p]. */
function directConv(layer: ReturnType<typeof conv2d>, x: Float64Array, batch: number): Float64Array {
  const {inChannels: C, outChannels: O, height: H, width: W, outHeight: OH, outWidth: OW, kernel: k, stride: s, padding: p} = layer;
  const y = new Float64Array(batch * O * OH * OW);
  for (let n = 0; n < batch; ++n)
    for (let o = 0; o < O; ++o)
      for (let i = 0; i < OH; ++i)
        for (let j = 0; j < OW; ++j) {
          let sum = layer.b.length ? layer.b[o] : 0;
          for (let c = 0; c < C; ++c)
            for (let u = 0; u < k; ++u)
              for (let v = 0; v < k; ++v) {
                const r = i * s + u - p, q = j * s + v - p;
                if (r >= 0 && r < H && q >= 0 && q < W) sum += layer.W[((o * C + c) * k + u) * k + v] * x[n * C * H * W + (c * H + r) * W + q];
              }
          y[((n * O + o) * OH + i) * OW + j] = sum;
        }
  return y;
}

describe("conv2d({inChannels, outChannels, height, width, kernel, stride, padding, bias})", () => {
  it("has output side ⌊(H + 2p − k)/s⌋ + 1 and keeps the size at stride 1 with the default padding", () => {
    expect(convOutputSize(8, 3, 2, 1)).toBe(4);
    expect(convOutputSize(7, 3, 2, 1)).toBe(4);
    expect(convOutputSize(7, 1, 2, 0)).toBe(4);
    const layer = conv2d({inChannels: 3, outChannels: 5, height: 6, width: 7});
    expect([layer.kernel, layer.stride, layer.padding, layer.outHeight, layer.outWidth]).toEqual([3, 1, 1, 6, 7]);
    expect([layer.inSize, layer.outSize, layer.fanIn, layer.fanOut, layer.W.length, layer.b.length]).toEqual([126, 210, 27, 45, 135, 5]);
    expect(conv2d({inChannels: 1, outChannels: 1, height: 4, width: 4, kernel: 4}).padding).toBe(1);
  });

  it("computes a hand-worked example: a 2×2 kernel of ones sums each window", () => {
    const layer = conv2d({inChannels: 1, outChannels: 1, height: 3, width: 3, kernel: 2, padding: 0, bias: false});
    layer.W.fill(1);
    expect(Array.from(layer.forward(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 1, true))).toEqual([12, 16, 24, 28]);
  });

  const combos: [number, number, number][] = [
    [3, 1, 1],
    [3, 2, 1],
    [3, 1, 0],
    [1, 1, 0],
    [1, 2, 0],
    [2, 1, 1],
    [5, 2, 2],
    [3, 3, 2]
  ];
  for (const [kernel, stride, padding] of combos) {
    const options = {inChannels: 2, outChannels: 3, height: 5, width: 6, kernel, stride, padding};
    it(`matches the direct sum and its finite differences for kernel ${kernel}, stride ${stride}, padding ${padding}`, () => {
      const layer = randomConv(options, kernel * 10 + stride);
      const x = normals(2 * layer.inSize, 3);
      const y = layer.forward(x, 2, true), reference = directConv(layer, x, 2);
      expect(Math.max(...reference.map((v, i) => Math.abs(v - y[i])))).toBeLessThan(1e-12);
      expect(maxError(gradcheck(layer, 2))).toBeLessThan(TOLERANCE);
    });
  }

  it("passes a finite-difference check without bias", () => {
    const layer = randomConv({inChannels: 3, outChannels: 2, height: 4, width: 4, bias: false}, 5);
    expect(layer.params.map((p) => p.name)).toEqual(["W"]);
    expect(maxError(gradcheck(layer, 3))).toBeLessThan(TOLERANCE);
  });

  it("reuses its buffers at a fixed batch size and grows them for a bigger batch", () => {
    const layer = randomConv({inChannels: 2, outChannels: 2, height: 4, width: 4}, 1);
    const y1 = layer.forward(normals(2 * 32, 1), 2, true), y2 = layer.forward(normals(2 * 32, 2), 2, true);
    expect(y2).toBe(y1);
    const dx1 = layer.backward(normals(2 * 32, 3), 2), dx2 = layer.backward(normals(2 * 32, 4), 2);
    expect(dx2).toBe(dx1);
    expect(layer.forward(normals(3 * 32, 5), 3, true)).not.toBe(y1);
  });

  it.each([
    [{inChannels: 0}, "invalid input channels: 0 (expected an integer from 1 to 4096)"],
    [{kernel: 0}, "invalid kernel: 0 (expected an integer from 1 to 64)"],
    [{stride: 1.5}, "invalid stride: 1.5 (expected an integer from 1 to 64)"],
    [{padding: 3}, "invalid padding: 3 (expected an integer from 0 to 2)"],
    [{kernel: 7, padding: 0}, "invalid kernel: 7 (larger than the padded 4 × 5 input)"]
  ] as [Partial<Conv2dOptions>, string][])("rejects %o with %s", (bad, message) => {
    expect(() => conv2d({inChannels: 1, outChannels: 1, height: 4, width: 5, ...bad})).toThrow(message);
  });
});
