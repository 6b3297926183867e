import {describe, expect, it} from "vitest";
import {
  activationLayer,
  activationNames,
  activations,
  blockSpectrum,
  createNetwork,
  dense,
  derivativeCurve,
  initialize,
  jacobian,
  maxSlope,
  randomSeeded,
  sequential,
  singularValues,
  type Layer
} from "../../lib/index.js";
import {normals} from "./gradcheck.js";

/** J by five-point central differences of layer.forward, one input coordinate at a time. */
function numericJacobian(layer: Layer, x: Float64Array, h = 1e-4): Float64Array {
  const n = layer.inSize, m = layer.outSize;
  const J = new Float64Array(m * n);
  const at = (j: number, t: number) => {
    const xt = Float64Array.from(x);
    xt[j] += t;
    return Float64Array.from(layer.forward(xt, 1, false).subarray(0, m));
  };
  for (let j = 0; j < n; ++j) {
    const [p1, m1, p2, m2] = [at(j, h), at(j, -h), at(j, 2 * h), at(j, -2 * h)];
    for (let i = 0; i < m; ++i) J[i * n + j] = (8 * (p1[i] - m1[i]) - (p2[i] - m2[i])) / (12 * h);
  }
  return J;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; ++i) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** A seeded orthogonal matrix: Gram–Schmidt on the columns of a normal matrix (row-major n × n). */
function orthogonal(n: number, seed: number): Float64Array {
  const A = normals(n * n, seed);
  const Q = new Float64Array(n * n);
  for (let j = 0; j < n; ++j) {
    const v = Float64Array.from({length: n}, (_, i) => A[i * n + j]);
    for (let k = 0; k < j; ++k) {
      let d = 0;
      for (let i = 0; i < n; ++i) d += v[i] * Q[i * n + k];
      for (let i = 0; i < n; ++i) v[i] -= d * Q[i * n + k];
    }
    const norm = Math.hypot(...v);
    for (let i = 0; i < n; ++i) Q[i * n + j] = v[i] / norm;
  }
  return Q;
}

function matmul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; ++i) for (let k = 0; k < n; ++k) for (let j = 0; j < n; ++j) C[i * n + j] += A[i * n + k] * B[k * n + j];
  return C;
}

describe("jacobian(layer, x)", () => {
  it("of a dense layer is its weight matrix W", () => {
    const layer = dense(4, 3);
    initialize(layer.W, "glorot", 4, 3, randomSeeded(1));
    expect(maxAbsDiff(jacobian(layer, normals(4, 2)), layer.W)).toBe(0);
  });

  for (const name of ["tanh", "sigmoid", "relu"] as const) {
    it(`of a residual block with a ${name} branch matches finite differences (max abs error < 1e-8)`, () => {
      const net = createNetwork({inputSize: 5, outputSize: 1, width: 5, depth: 1, activation: name, block: "post", init: "glorot", seed: 3});
      const block = net.blocks[0];
      const x = normals(5, 4);
      expect(maxAbsDiff(jacobian(block, x), numericJacobian(block, x))).toBeLessThan(1e-8);
      expect(maxAbsDiff(jacobian(block.branch, x), numericJacobian(block.branch, x))).toBeLessThan(1e-8);
    });
  }

  it("of a rectangular chain (6 in, 3 out) matches finite differences", () => {
    const a = dense(6, 4), b = dense(4, 3);
    initialize(a.W, "he", 6, 4, randomSeeded(5));
    initialize(b.W, "he", 4, 3, randomSeeded(6));
    const chain = sequential([a, activationLayer("tanh", 4), b]);
    const x = normals(6, 7);
    const J = jacobian(chain, x);
    expect(J.length).toBe(18);
    expect(maxAbsDiff(J, numericJacobian(chain, x))).toBeLessThan(1e-9);
  });

  it("of a pre-activation residual block is exactly I + J_F, the Jacobian of its branch plus the identity", () => {
    const net = createNetwork({inputSize: 6, outputSize: 1, width: 6, depth: 1, activation: "tanh", block: "pre", seed: 8});
    const block = net.blocks[0], x = normals(6, 9);
    const JF = jacobian(block.branch, x), J = jacobian(block, x);
    for (let i = 0; i < 6; ++i) for (let j = 0; j < 6; ++j) expect(J[i * 6 + j]).toBe(JF[i * 6 + j] + (i === j ? 1 : 0));
  });

  it("rejects an input of the wrong size, naming it", () => {
    expect(() => jacobian(dense(4, 3), new Float64Array(3))).toThrow("invalid input: 3 numbers (expected 4, the layer's input size)");
  });
});

describe("singularValues(A, rows, cols)", () => {
  it("of a diagonal matrix are the absolute diagonal entries, largest first", () => {
    const A = new Float64Array(16);
    [3, -7, 0.5, 0].forEach((d, i) => (A[i * 4 + i] = d));
    expect(Array.from(singularValues(A, 4, 4))).toEqual([7, 3, 0.5, 0]);
  });

  it("of the 2 × 2 matrix [[3, 0], [4, 5]] are √45 and √5 (AᵀA has eigenvalues 45 and 5)", () => {
    const s = singularValues([3, 0, 4, 5], 2, 2);
    expect(s[0]).toBeCloseTo(Math.sqrt(45), 14);
    expect(s[1]).toBeCloseTo(Math.sqrt(5), 14);
  });

  it("of an orthogonal 32 × 32 matrix are all 1", () => {
    for (const s of singularValues(orthogonal(32, 1), 32, 32)) expect(s).toBeCloseTo(1, 12);
  });

  it("of a rank-1 matrix u vᵀ are ‖u‖ ‖v‖ and then zeros (to rounding)", () => {
    const u = normals(7, 2), v = normals(5, 3);
    const A = Float64Array.from({length: 35}, (_, k) => u[Math.floor(k / 5)] * v[k % 5]);
    const s = singularValues(A, 7, 5);
    expect(s.length).toBe(5);
    expect(s[0]).toBeCloseTo(Math.hypot(...u) * Math.hypot(...v), 12);
    for (const rest of s.subarray(1)) expect(rest).toBeLessThan(1e-13);
  });

  it("are those of Q D Pᵀ for orthogonal Q, P and a known diagonal D, at width 128", () => {
    const n = 128;
    const d = Float64Array.from({length: n}, (_, i) => 10 * 0.9 ** i); // 10 down to about 1.5e-5
    const D = new Float64Array(n * n);
    d.forEach((x, i) => (D[i * n + i] = x));
    const P = orthogonal(n, 5);
    const Pt = Float64Array.from({length: n * n}, (_, k) => P[(k % n) * n + Math.floor(k / n)]);
    const A = matmul(matmul(orthogonal(n, 4), D, n), Pt, n);
    const s = singularValues(A, n, n);
    for (let i = 0; i < n; ++i) expect(Math.abs(s[i] - d[i])).toBeLessThan(1e-12 * 10);
  });

  it("of a wide matrix equal those of its transpose, and their squares sum to the squared Frobenius norm", () => {
    const A = normals(15, 6); // 3 × 5
    const At = Float64Array.from({length: 15}, (_, k) => A[(k % 3) * 5 + Math.floor(k / 3)]); // 5 × 3
    const wide = singularValues(A, 3, 5), tall = singularValues(At, 5, 3);
    expect(wide.length).toBe(3);
    wide.forEach((s, i) => expect(s).toBeCloseTo(tall[i], 13));
    expect(wide.reduce((a, s) => a + s * s, 0)).toBeCloseTo(A.reduce((a, x) => a + x * x, 0), 12);
  });

  it("rejects a size mismatch or a non-finite entry, naming it", () => {
    expect(() => singularValues([1, 2, 3], 2, 2)).toThrow("invalid matrix: 3 numbers for 2 × 2 (expected 4)");
    expect(() => singularValues([1, NaN, 3, 4], 2, 2)).toThrow("invalid matrix entry 1: NaN (expected a finite number)");
    expect(() => singularValues([1], 0, 1)).toThrow("invalid rows: 0");
  });
});

describe("maxSlope(activation)", () => {
  it("is the largest |f'(x)| over a fine grid, reached (sigmoid: 1/4 at 0)", () => {
    expect(maxSlope("sigmoid")).toBe(0.25);
    for (const name of activationNames) {
      const {f, df} = activations[name];
      let best = 0;
      for (let x = -10; x <= 10; x += 1e-3) best = Math.max(best, Math.abs(df(x, f(x))));
      expect(best).toBeLessThanOrEqual(maxSlope(name) + 1e-15);
      expect(best).toBeGreaterThan(maxSlope(name) - 1e-6);
    }
  });

  it("rejects an unknown activation", () => {
    expect(() => maxSlope("gelu" as never)).toThrow('invalid activation: "gelu"');
  });
});

describe("derivativeCurve(xs, {activation, w, b})", () => {
  const xs = Array.from({length: 41}, (_, i) => -5 + i / 4);

  it("gives F'(x) = w act'(w x + b) for the plain block and 1 + F'(x) for the residual one", () => {
    for (const name of ["sigmoid", "tanh", "relu", "identity"] as const) {
      const {f, df} = activations[name];
      for (const row of derivativeCurve(xs, {activation: name, w: -1.5, b: 0.3})) {
        const z = -1.5 * row.x + 0.3;
        expect(row.F).toBeCloseTo(f(z), 15);
        expect(row.plain).toBeCloseTo(-1.5 * df(z, f(z)), 15);
        expect(row.residual).toBeCloseTo(1 + row.plain, 15);
      }
    }
  });

  it("agrees with a finite difference of F", () => {
    const rows = derivativeCurve(xs, {activation: "tanh", w: 2, b: -1});
    const F = (x: number) => Math.tanh(2 * x - 1);
    for (const {x, plain} of rows) expect(Math.abs(plain - (F(x + 1e-6) - F(x - 1e-6)) / 2e-6)).toBeLessThan(1e-8);
  });

  it("peaks at 1/4 for a sigmoid with w = 1, b = 0, at x = 0, so the residual factor stays in (1, 1.25]", () => {
    const rows = derivativeCurve(xs, {activation: "sigmoid"});
    const top = rows.reduce((a, r) => (r.plain > a.plain ? r : a));
    expect(top.x).toBe(0);
    expect(top.plain).toBe(0.25);
    for (const r of rows) expect(r.residual > 1 && r.residual <= 1.25).toBe(true);
  });

  it("can make the residual factor 0 or negative when w < 0 (tanh, w = −2: 1 + F'(0) = −1)", () => {
    const [row] = derivativeCurve([0], {activation: "tanh", w: -2});
    expect(row.residual).toBe(-1);
  });

  it("rejects bad w, b or x, naming them", () => {
    expect(() => derivativeCurve([0], {w: 101})).toThrow("invalid w: 101 (expected a number from -100 to 100)");
    expect(() => derivativeCurve([0], {b: NaN})).toThrow("invalid b: NaN");
    expect(() => derivativeCurve([0, Infinity])).toThrow("invalid x[1]: Infinity");
    expect(() => derivativeCurve([], {})).toThrow("invalid number of points: 0");
  });
});

describe("blockSpectrum({width, activation, init, gain, branch, seed})", () => {
  it("gives the same numbers for the same seed, and other numbers for another", () => {
    const a = blockSpectrum({width: 12, seed: 3}), b = blockSpectrum({width: 12, seed: 3}), c = blockSpectrum({width: 12, seed: 4});
    expect(b).toEqual(a);
    expect(c.branch).not.toEqual(a.branch);
  });

  it("returns the singular values of J_F and of the block's Jacobian, which is I + J_F", () => {
    const s = blockSpectrum({width: 10, activation: "tanh", seed: 1});
    expect(s.branch).toEqual(singularValues(s.branchJacobian, 10, 10));
    expect(s.block).toEqual(singularValues(s.blockJacobian, 10, 10));
    for (let i = 0; i < 10; ++i) for (let j = 0; j < 10; ++j) expect(s.blockJacobian[i * 10 + j]).toBe(s.branchJacobian[i * 10 + j] + (i === j ? 1 : 0));
  });

  it("keeps every singular value of I + J_F within ‖J_F‖ of 1 (Weyl's inequality), whatever the branch", () => {
    for (const activation of ["relu", "tanh", "sigmoid"] as const) {
      for (const gain of [0.1, 1, 3]) {
        const s = blockSpectrum({width: 16, activation, gain, seed: 2});
        for (const sigma of s.block) expect(Math.abs(sigma - 1)).toBeLessThanOrEqual(s.branch[0] + 1e-12);
      }
    }
  });

  it("with a zero gain has J_F = 0 and I + J_F = I: every singular value exactly 1", () => {
    const s = blockSpectrum({width: 8, gain: 0});
    expect(Array.from(s.branch)).toEqual(new Array(8).fill(0));
    expect(Array.from(s.block)).toEqual(new Array(8).fill(1));
  });

  it("with relu, loses rank in J_F (units switched off have no slope) while I + J_F keeps it", () => {
    const s = blockSpectrum({width: 32, activation: "relu", seed: 0});
    const zeros = s.branch.filter((x) => x < 1e-12 * s.branch[0]).length;
    expect(zeros).toBeGreaterThan(4);
    expect(s.block[31]).toBeGreaterThan(1e-6);
  });

  it("rejects a width outside 1 to 256, naming it", () => {
    expect(() => blockSpectrum({width: 300})).toThrow("invalid width: 300 (expected an integer from 1 to 256)");
  });
});
