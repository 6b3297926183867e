import {describe, expect, it} from "vitest";
import {conv2d, denseProjection, initialize, projectionShortcut, randomSeeded, zeroPadShortcut, type Projection} from "../../lib/index.js";
import {gradcheck, maxError, normals} from "./gradcheck.js";

const TOLERANCE = 1e-6;

function randomize(projection: Projection, seed: number): Projection {
  const {linear} = projection;
  const [fanIn, fanOut] = linear.kind === "conv2d" ? [linear.fanIn, linear.fanOut] : [linear.inSize, linear.outSize];
  initialize(linear.W, "glorot", fanIn, fanOut, randomSeeded(seed));
  if (projection.norm) for (const p of projection.norm.params) p.w.set(normals(p.w.length, seed + 1, 0.3).map((v) => (p.name === "beta" || p.name === "bias" ? v : 1 + v)));
  return projection;
}

describe("zeroPadShortcut({inChannels, outChannels, height, width, stride}) (option A)", () => {
  it("keeps every stride-th pixel of the old channels and appends zero channels", () => {
    const S = zeroPadShortcut({inChannels: 1, outChannels: 2, height: 3, width: 3, stride: 2});
    expect([S.inSize, S.outSize, S.outHeight, S.outWidth, S.params.length]).toEqual([9, 8, 2, 2, 0]);
    const y = S.forward(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 1, true);
    expect(Array.from(y.subarray(0, 8))).toEqual([1, 3, 7, 9, 0, 0, 0, 0]);
    expect(Array.from(S.backward(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 1).subarray(0, 9))).toEqual([1, 0, 2, 0, 0, 0, 3, 0, 4]);
  });

  it("is the identity at stride 1 with as many channels out as in", () => {
    const S = zeroPadShortcut({inChannels: 2, outChannels: 2, height: 2, width: 3});
    const x = normals(2 * 12, 1);
    expect(Array.from(S.forward(x, 2, true).subarray(0, 24))).toEqual(Array.from(x));
  });

  it("gives the same output shape as a 3×3 convolution with padding 1 and the same stride, for odd sizes too", () => {
    for (const [height, width, stride] of [[5, 7, 2], [8, 8, 2], [7, 4, 3]]) {
      const S = zeroPadShortcut({inChannels: 2, outChannels: 4, height, width, stride});
      const conv = conv2d({inChannels: 2, outChannels: 4, height, width, stride});
      expect([S.outHeight, S.outWidth, S.outSize]).toEqual([conv.outHeight, conv.outWidth, conv.outSize]);
    }
  });

  it("passes a finite-difference check", () => {
    expect(maxError(gradcheck(zeroPadShortcut({inChannels: 2, outChannels: 5, height: 5, width: 4, stride: 2}), 3))).toBeLessThan(TOLERANCE);
  });

  it("rejects fewer channels out than in", () => {
    expect(() => zeroPadShortcut({inChannels: 4, outChannels: 2, height: 4, width: 4})).toThrow("invalid output channels: 2 (expected an integer from 4 to 4096)");
  });
});

describe("projectionShortcut({inChannels, outChannels, height, width, stride, norm}) (options B/C)", () => {
  it("is a 1×1 convolution with the stride and no bias, with batch norm after it if asked", () => {
    const P = projectionShortcut({inChannels: 3, outChannels: 6, height: 5, width: 5, stride: 2});
    expect(P.linear.kind).toBe("conv2d");
    expect(P.norm).toBe(null);
    expect(P.params.map((p) => [p.name, p.w.length])).toEqual([["W", 18]]);
    expect([P.inSize, P.outSize]).toEqual([75, 6 * 3 * 3]);
    const Q = projectionShortcut({inChannels: 3, outChannels: 6, height: 5, width: 5, stride: 2, norm: true});
    expect(Q.params.map((p) => [p.name, p.w.length])).toEqual([["W", 18], ["gamma", 6], ["beta", 6]]);
  });

  for (const norm of [false, true]) {
    it(`passes a finite-difference check (stride 2, norm: ${norm})`, () => {
      expect(maxError(gradcheck(randomize(projectionShortcut({inChannels: 2, outChannels: 3, height: 5, width: 4, stride: 2, norm}), 3), 3))).toBeLessThan(TOLERANCE);
    });
  }
});

describe("denseProjection(inSize, outSize, {norm})", () => {
  for (const norm of ["none", "batch", "layer"] as const) {
    it(`passes a finite-difference check (norm: ${norm})`, () => {
      const P = randomize(denseProjection(5, 3, {norm}), 4);
      expect(P.params[0].name).toBe("W");
      expect(P.params.length).toBe(norm === "none" ? 1 : 3);
      expect(maxError(gradcheck(P, 4))).toBeLessThan(TOLERANCE);
    });
  }

  it("rejects an unknown norm", () => {
    expect(() => denseProjection(3, 4, {norm: "group" as "none"})).toThrow('invalid norm: "group" (expected one of none, batch, layer)');
  });
});
