/**
 * The derivative of a block, exactly: the Jacobian of any layer at one input (from the layer's own
 * backward pass), its singular values, and the two uses the /derivative chapter makes of them — the
 * 1-D block factor 1 + F'(x) along a line of inputs, and the spectrum of J_F against that of I + J_F
 * for a random residual block.
 */
import {activation, type ActivationName} from "../activations.js";
import {activationLayer} from "../activation-layer.js";
import {checkInteger, checkNumber} from "../check.js";
import {dense} from "../dense.js";
import {type Layer} from "../layer.js";
import {createNetwork, type BranchName} from "../network.js";
import {type InitName} from "../init.js";
import {deriveSeed, randomNormal, randomSeeded} from "../random.js";
import {residual} from "../residual.js";
import {sequential} from "../sequential.js";

/**
 * J[i][j] = ∂y_i/∂x_j of `layer` at the single input x, row-major, outSize × inSize.
 * One forward pass on a batch of outSize copies of x (training = false), then one backward pass with
 * the identity matrix as dL/dy: example i's dL/dx is then e_iᵀ J, row i of the Jacobian. This needs a
 * layer that treats the examples of a batch independently, as every layer does with training = false.
 * Side effect: the layer's parameter gradients (dw) are overwritten.
 */
export function jacobian(layer: Layer, x: ArrayLike<number>): Float64Array {
  const n = layer.inSize, m = layer.outSize;
  if (x.length !== n) throw new RangeError(`invalid input: ${x.length} numbers (expected ${n}, the layer's input size)`);
  const copies = new Float64Array(m * n);
  for (let i = 0; i < m; ++i) copies.set(x, i * n);
  layer.forward(copies, m, false);
  const identity = new Float64Array(m * m);
  for (let i = 0; i < m; ++i) identity[i * m + i] = 1;
  return Float64Array.from(layer.backward(identity, m).subarray(0, m * n));
}

/**
 * The singular values of a rows × cols matrix stored row-major, largest first (min(rows, cols) of them).
 * One-sided Jacobi (Hestenes 1958): rotate pairs of columns until every pair is orthogonal; the
 * rotations are orthogonal, so A V = U Σ and the column norms are then the singular values. It keeps
 * small singular values to high relative accuracy (Demmel & Veselić 1992), which the chapter needs:
 * they are the directions a block nearly destroys.
 * @param maxSweeps passes over all column pairs before giving up, default 60 (width 128 needs about 10)
 */
export function singularValues(A: ArrayLike<number>, rows: number, cols: number, {maxSweeps = 60} = {}): Float64Array {
  checkInteger("rows", rows, 1, 4096);
  checkInteger("cols", cols, 1, 4096);
  if (A.length !== rows * cols) throw new RangeError(`invalid matrix: ${A.length} numbers for ${rows} × ${cols} (expected ${rows * cols})`);
  for (let i = 0; i < A.length; ++i) {
    if (!Number.isFinite(A[i])) throw new RangeError(`invalid matrix entry ${i}: ${A[i]} (expected a finite number)`);
  }
  // Work on the columns of A (or of Aᵀ, whichever has fewer), each stored contiguously: u_j = U[j*m .. j*m + m).
  const tall = rows >= cols;
  const m = tall ? rows : cols, n = tall ? cols : rows;
  const U = new Float64Array(m * n);
  if (tall) {
    for (let i = 0; i < rows; ++i) for (let j = 0; j < cols; ++j) U[j * m + i] = A[i * cols + j];
  } else {
    U.set(A); // the rows of A are the columns of Aᵀ
  }
  const tolerance = m * Number.EPSILON;
  for (let sweep = 0, rotated = true; rotated && sweep < maxSweeps; ++sweep) {
    rotated = false;
    for (let p = 0; p < n - 1; ++p) {
      const po = p * m;
      for (let q = p + 1; q < n; ++q) {
        const qo = q * m;
        // α = ‖u_p‖², β = ‖u_q‖², γ = u_p · u_q
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; ++i) {
          const a = U[po + i], b = U[qo + i];
          alpha += a * a;
          beta += b * b;
          gamma += a * b;
        }
        if (Math.abs(gamma) <= tolerance * Math.sqrt(alpha * beta)) continue; // already orthogonal (or a zero column)
        rotated = true;
        // The rotation angle that zeroes γ: ζ = (β − α) / 2γ, t = tan θ = sign(ζ) / (|ζ| + √(1 + ζ²)), the smaller root.
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        // [u_p, u_q] ← [u_p, u_q] [[c, s], [−s, c]]
        for (let i = 0; i < m; ++i) {
          const a = U[po + i], b = U[qo + i];
          U[po + i] = c * a - s * b;
          U[qo + i] = s * a + c * b;
        }
      }
    }
  }
  const sigma = new Float64Array(n);
  for (let j = 0; j < n; ++j) {
    let s = 0;
    for (let i = 0; i < m; ++i) s += U[j * m + i] * U[j * m + i];
    sigma[j] = Math.sqrt(s);
  }
  return sigma.sort().reverse();
}

/** sup_x |f'(x)| of each activation: σ' peaks at 1/4 (at x = 0), tanh' at 1 (at 0), relu' and identity' are 1. */
const slopeMaxima: Record<ActivationName, number> = {identity: 1, relu: 1, tanh: 1, sigmoid: 0.25};

/** The largest slope |f'(x)| the activation reaches over all x (the sigmoid's famous 1/4). */
export function maxSlope(name: ActivationName): number {
  return slopeMaxima[activation(name).name];
}

export interface DerivativeCurveOptions {
  /** The activation of F(x) = act(w x + b). Default "sigmoid". */
  activation?: ActivationName;
  /** The weight w, −100 to 100. Default 1. */
  w?: number;
  /** The bias b, −100 to 100. Default 0. */
  b?: number;
}

export interface DerivativeRow {
  x: number;
  /** F(x) = act(w x + b). */
  F: number;
  /** F'(x): the plain block's factor, d F / dx. */
  plain: number;
  /** 1 + F'(x): the residual block's factor, d(x + F(x)) / dx. */
  residual: number;
}

/**
 * The 1-D block F(x) = act(w x + b) and its derivatives at every x in xs, with and without the skip.
 * Both factors come from the engine's backward pass (a dense(1, 1) and an activation layer inside a
 * residual block, one example per x), not from a formula typed here.
 */
export function derivativeCurve(xs: ArrayLike<number>, {activation: name = "sigmoid", w = 1, b = 0}: DerivativeCurveOptions = {}): DerivativeRow[] {
  checkNumber("w", w, -100, 100);
  checkNumber("b", b, -100, 100);
  checkInteger("number of points", xs.length, 1, 100000);
  const x = Float64Array.from(xs);
  for (let i = 0; i < x.length; ++i) checkNumber(`x[${i}]`, x[i], -1e6, 1e6);
  const linear = dense(1, 1);
  linear.W[0] = w;
  linear.b[0] = b;
  const branch = sequential([linear, activationLayer(activation(name).name, 1)]);
  const batch = x.length;
  const ones = new Float64Array(batch).fill(1);
  // Each example is its own x, so dL/dx_n with dL/dy_n = 1 is the block's derivative at x_n.
  const factor = (skip: boolean) => {
    const block = residual(branch, {skip});
    block.forward(x, batch, false);
    return Float64Array.from(block.backward(ones, batch).subarray(0, batch));
  };
  const plain = factor(false), res = factor(true);
  const F = branch.forward(x, batch, false);
  return Array.from(x, (xi, i) => ({x: xi, F: F[i], plain: plain[i], residual: res[i]}));
}

export interface BlockSpectrumSpec {
  /** Units in and out of the block, 1 to 256. */
  width: number;
  /** Default "relu". */
  activation?: ActivationName;
  /** Default "he". */
  init?: InitName;
  /** Multiplies every initial weight, 0 to 100. Default 1. */
  gain?: number;
  /** "double" (dense, act, dense; default) or "single" (one dense). */
  branch?: BranchName;
  /** Seeds the weights and the input. Default 0. */
  seed?: number;
}

export interface BlockSpectrum {
  /** J_F, the branch's Jacobian at the input, row-major width × width. */
  branchJacobian: Float64Array;
  /** The residual block's Jacobian at the same input: I + J_F. */
  blockJacobian: Float64Array;
  /** Singular values of J_F, largest first (the plain block's, which is F alone). */
  branch: Float64Array;
  /** Singular values of I + J_F, largest first. */
  block: Float64Array;
}

/**
 * One random pre-activation residual block y = x + F(act(x)) — block 1 of createNetwork's network
 * with this width, activation, init, gain and seed — and its Jacobians at an input h whose entries
 * are standard normal (seeded, from a stream of its own). Pre-activation keeps the identity path
 * clean, so the block's Jacobian is exactly I + J_F.
 */
export function blockSpectrum({width, activation = "relu", init = "he", gain = 1, branch = "double", seed = 0}: BlockSpectrumSpec): BlockSpectrum {
  checkInteger("width", width, 1, 256);
  const net = createNetwork({inputSize: width, outputSize: 1, width, depth: 1, activation, init, gain, branch, seed, block: "pre", skip: true});
  const block = net.blocks[0];
  const normal = randomNormal(randomSeeded(deriveSeed(seed, 0x696e7075))); // "inpu": the input's own stream
  const h = Float64Array.from({length: width}, normal);
  const branchJacobian = jacobian(block.branch, h);
  const blockJacobian = jacobian(block, h);
  return {
    branchJacobian,
    blockJacobian,
    branch: singularValues(branchJacobian, width, width),
    block: singularValues(blockJacobian, width, width)
  };
}
