import {describe, expect, it} from "vitest";
import {
  createResNet,
  dense,
  linearMatrix,
  projectionMatrix,
  projectionShortcut,
  shortcutCensus,
  shortcutSpectra,
  singularValues,
  skipPathSpectra,
  zeroPadMatrix,
  initWeights,
  type Projection,
  type ResNetSpec
} from "../../lib/index.js";
import {normals} from "./gradcheck.js";

/** Rotates every pair of rows (p, q) of an m × n matrix by its own angle from `angles`, in place. */
function rotateRows(A: Float64Array, m: number, n: number, angles: Float64Array): Float64Array {
  let a = 0;
  for (let p = 0; p < m - 1; ++p) {
    for (let q = p + 1; q < m; ++q, ++a) {
      const c = Math.cos(angles[a % angles.length]), s = Math.sin(angles[a % angles.length]);
      for (let j = 0; j < n; ++j) {
        const u = A[p * n + j], v = A[q * n + j];
        A[p * n + j] = c * u - s * v;
        A[q * n + j] = s * u + c * v;
      }
    }
  }
  return A;
}

/** Q diag(σ) Rᵀ with Q and R products of Givens rotations (rows, then columns via the transpose): known singular values. */
function withSingularValues(sigma: number[], m: number, n: number, seed: number): Float64Array {
  const A = new Float64Array(m * n);
  sigma.forEach((s, i) => (A[i * n + i] = s));
  rotateRows(A, m, n, normals(m * m, seed));
  return transpose(rotateRows(transpose(A, m, n), n, m, normals(n * n, seed + 1)), n, m);
}

function transpose(A: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(rows * cols);
  for (let i = 0; i < rows; ++i) for (let j = 0; j < cols; ++j) T[j * rows + i] = A[i * cols + j];
  return T;
}

const sumLog = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + Math.log(v), 0);

describe("singularValues(A, rows, cols)", () => {
  it("gives √45 and √5 for [[3, 0], [4, 5]], largest first", () => {
    const s = singularValues([3, 0, 4, 5], 2, 2);
    expect(s[0]).toBeCloseTo(Math.sqrt(45), 13);
    expect(s[1]).toBeCloseTo(Math.sqrt(5), 13);
  });

  it("recovers the singular values of rotated diagonal matrices, tall and wide alike", () => {
    const sigma = [7, 3, 1, 0.25, 1e-3];
    const tall = withSingularValues(sigma, 8, 5, 1);
    const fromTall = singularValues(tall, 8, 5);
    const fromWide = singularValues(transpose(tall, 8, 5), 5, 8);
    sigma.forEach((s, i) => {
      expect(Math.abs(fromTall[i] - s) / s).toBeLessThan(1e-12);
      expect(Math.abs(fromWide[i] - s) / s).toBeLessThan(1e-12);
    });
  });

  it("keeps a tiny singular value to high relative accuracy and reports exact rank deficiency as 0", () => {
    const s = singularValues(withSingularValues([1, 1e-9], 2, 2, 4), 2, 2);
    expect(Math.abs(s[1] - 1e-9) / 1e-9).toBeLessThan(1e-6);
    const rank1 = singularValues([1, 2, 2, 4, 3, 6], 3, 2);
    expect(rank1[0]).toBeCloseTo(Math.sqrt(70), 13);
    expect(rank1[1]).toBeLessThan(1e-14);
  });

  it("has the Frobenius norm as the root of the sum of squares", () => {
    const A = normals(6 * 9, 7);
    const frobenius = Math.sqrt(A.reduce((s, a) => s + a * a, 0));
    const s = singularValues(A, 6, 9);
    expect(s.length).toBe(6);
    expect(Math.sqrt(s.reduce((t, v) => t + v * v, 0))).toBeCloseTo(frobenius, 12);
  });

  it("rejects a matrix of the wrong size or with a non-finite entry, naming it", () => {
    expect(() => singularValues([1, 2, 3], 2, 2)).toThrow("invalid matrix: 3 numbers for 2 × 2 (expected 4)");
    expect(() => singularValues([1, NaN, 3, 4], 2, 2)).toThrow("invalid matrix entry 1: NaN");
    expect(() => singularValues([1], 0, 1)).toThrow("invalid rows: 0");
  });
});

describe("linearMatrix(layer)", () => {
  it("reads a dense layer's W back in its own [out][in] layout", () => {
    const layer = dense(3, 2, {bias: false});
    layer.W.set([1, 2, 3, 4, 5, 6]);
    expect(Array.from(linearMatrix(layer))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("projectionMatrix({inChannels, outChannels, init, seed, block})", () => {
  it("is the very W_s createResNet draws for that block of an option-C network", () => {
    const spec: ResNetSpec = {input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 4, shortcut: "C", seed: 9};
    const net = createResNet(spec);
    net.blocks.forEach((block, l) => {
      const [c, d] = [net.blockInfo[l].in[0], net.blockInfo[l].out[0]];
      const W = (block.shortcut as Projection).linear.W;
      expect(Array.from(projectionMatrix({inChannels: c, outChannels: d, seed: 9, block: l + 1}))).toEqual(Array.from(W));
    });
  });

  it("gives a strided 1×1 convolution's whole map its singular values, each repeated once per output pixel", () => {
    // 3 → 6 channels on a 4×4 image with stride 2: a 24 × 48 map whose nonzero singular values are
    // the 6 × 3 matrix's three, four times each (one per output pixel), and zeros for the rest.
    const strided = projectionShortcut({inChannels: 3, outChannels: 6, height: 4, width: 4, stride: 2});
    initWeights(strided.linear, "he", 2, [1, 2]);
    const whole = singularValues(linearMatrix(strided), 24, 48);
    const perPixel = singularValues(projectionMatrix({inChannels: 3, outChannels: 6, seed: 2}), 6, 3);
    const expected = [...perPixel].flatMap((s) => [s, s, s, s]);
    expected.forEach((s, i) => expect(whole[i]).toBeCloseTo(s, 12));
    for (let i = 12; i < 24; ++i) expect(whole[i]).toBeLessThan(1e-12);
  });

  it("changes with the seed and the block, and rejects a bad channel count", () => {
    const a = projectionMatrix({inChannels: 4, outChannels: 4});
    expect(projectionMatrix({inChannels: 4, outChannels: 4, seed: 1})).not.toEqual(a);
    expect(projectionMatrix({inChannels: 4, outChannels: 4, block: 2})).not.toEqual(a);
    expect(() => projectionMatrix({inChannels: 0, outChannels: 4})).toThrow("invalid input channels: 0 (expected an integer from 1 to 512)");
  });
});

describe("zeroPadMatrix(inChannels, outChannels)", () => {
  it("is the identity over zero rows, an isometry of the old channels", () => {
    expect(Array.from(zeroPadMatrix(2, 4))).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(singularValues(zeroPadMatrix(5, 10), 10, 5))).toEqual([1, 1, 1, 1, 1]);
    expect(() => zeroPadMatrix(4, 2)).toThrow("invalid output channels: 2 (expected an integer from 4 to 512)");
  });
});

describe("shortcutSpectra({channels, init, seed})", () => {
  it("keeps A's skip at exactly 1 while a He-initialised projection spreads to the Marchenko–Pastur edges", () => {
    const k = 64;
    const {zeroPad, wide, square} = shortcutSpectra({channels: k, seed: 3});
    expect(zeroPad.every((s) => s === 1)).toBe(true);
    // A 2k × k matrix of N(0, 2/k) entries: singular values fill about [2 − √2, 2 + √2].
    expect(wide[0]).toBeGreaterThan(0.9 * (2 + Math.SQRT2));
    expect(wide[0]).toBeLessThan(1.1 * (2 + Math.SQRT2));
    expect(wide[k - 1]).toBeGreaterThan(0.8 * (2 - Math.SQRT2));
    expect(wide[k - 1]).toBeLessThan(1.2 * (2 - Math.SQRT2));
    // A square one fills [0, 2√2]: its smallest value comes close to 0, a direction the skip nearly drops.
    expect(square[0]).toBeGreaterThan(0.9 * 2 * Math.SQRT2);
    expect(square[k - 1]).toBeLessThan(0.1);
  });

  it("lowers the scale with Glorot's smaller variance but keeps the spread: same draws, same ratios", () => {
    const glorot = shortcutSpectra({channels: 32, init: "glorot", seed: 1});
    const he = shortcutSpectra({channels: 32, init: "he", seed: 1});
    // Square: Glorot's variance 2/(k + k) is half He's 2/k, so every singular value shrinks by √2.
    glorot.square.forEach((s, i) => expect(s * Math.SQRT2).toBeCloseTo(he.square[i], 12));
    expect(glorot.wide[0] / glorot.wide[31]).toBeCloseTo(he.wide[0] / he.wide[31], 10);
    expect(glorot.wide[0] / glorot.wide[31]).toBeGreaterThan(2);
  });
});

describe("skipPathSpectra({channels, blocks, init, seed})", () => {
  it("starts at block 1's projection and multiplies determinants: Σ log σ(product) = Σ_l Σ log σ(W_l)", () => {
    const k = 8, L = 6;
    const spectra = skipPathSpectra({channels: k, blocks: L, seed: 5});
    expect(spectra.length).toBe(L);
    expect(Array.from(spectra[0])).toEqual(Array.from(shortcutSpectra({channels: k, seed: 5}).square));
    let logDet = 0;
    for (let l = 1; l <= L; ++l) {
      logDet += sumLog(singularValues(projectionMatrix({inChannels: k, outChannels: k, seed: 5, block: l}), k, k));
      expect(sumLog(spectra[l - 1])).toBeCloseTo(logDet, 8);
    }
  });

  it("spreads wider with every block: the condition number of ten projections dwarfs one's", () => {
    const spectra = skipPathSpectra({channels: 16, blocks: 10, seed: 0});
    const condition = (s: Float64Array) => s[0] / s[s.length - 1];
    expect(condition(spectra[9])).toBeGreaterThan(100 * condition(spectra[0]));
  });

  it("rejects a path of no blocks", () => {
    expect(() => skipPathSpectra({channels: 4, blocks: 0})).toThrow("invalid blocks: 0 (expected an integer from 1 to 200)");
  });
});

describe("shortcutCensus(spec)", () => {
  const digits = {input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 4};

  it("counts the digits ResNet: A adds nothing, B two BN projections, C a third where the shape holds", () => {
    const census = shortcutCensus(digits);
    // A BN projection c → d holds c·d weights and 2d norm parameters.
    const projection = (c: number, d: number) => c * d + 2 * d;
    expect([census.A.projections, census.A.shortcutParams]).toEqual([0, 0]);
    expect([census.B.projections, census.B.shortcutParams]).toEqual([2, projection(4, 8) + projection(8, 16)]);
    expect([census.C.projections, census.C.shortcutParams]).toEqual([3, projection(4, 4) + projection(4, 8) + projection(8, 16)]);
    expect(census.B.paramCount - census.A.paramCount).toBe(census.B.shortcutParams);
    expect(census.C.paramCount - census.A.paramCount).toBe(census.C.shortcutParams);
    expect(census.A.blocks.map((b) => [b.in, b.out, b.shortcut])).toEqual([
      [[4, 8, 8], [4, 8, 8], "identity"],
      [[4, 8, 8], [8, 4, 4], "zeroPad"],
      [[8, 4, 4], [16, 2, 2], "zeroPad"]
    ]);
  });

  it("agrees with createResNet's own count for every option", () => {
    const spec = {...digits, blocksPerStage: 2, baseChannels: 3, block: "pre" as const, seed: 4};
    const census = shortcutCensus(spec);
    for (const option of ["A", "B", "C"] as const) expect(census[option].paramCount).toBe(createResNet({...spec, shortcut: option}).paramCount);
  });

  it("refuses a plain network, which has no shortcut to choose", () => {
    expect(() => shortcutCensus({...digits, skip: false})).toThrow("invalid skip: false");
  });
});
