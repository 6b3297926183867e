/**
 * Shattered gradients (Balduzzi et al. 2017, "The shattered gradients problem: if resnets are the
 * answer, then what is the question?", arXiv:1702.08591). Give a network one input x and one output
 * y, sweep x along a line, and look at dy/dx as a function of x. In a deep plain ReLU network the
 * gradient at neighbouring inputs becomes uncorrelated, like white noise; with skips it stays
 * correlated, like brown noise (a random walk). The autocorrelation of the sweep measures which.
 */
import {checkInteger, checkNumber} from "../check.js";
import {type Dense} from "../dense.js";
import {type Layer} from "../layer.js";
import {createNetwork, type Network, type NetworkSpec} from "../network.js";
import {deriveSeed, randomNormal, randomSeeded, type Random} from "../random.js";

/** A network spec for one input and one output; inputSize and outputSize may be left out (they are 1). */
export type LineSpec = Omit<NetworkSpec, "inputSize" | "outputSize"> & {inputSize?: number; outputSize?: number};

export interface LineOptions {
  /** Inputs, evenly spaced from `from` to `to` (both included), 2 to 65536. Default 256, as Balduzzi et al. */
  points?: number;
  /** The first input. Default −2. */
  from?: number;
  /** The last input. Default 2. */
  to?: number;
  /**
   * The standard deviation of the biases, drawn from N(0, biasStd²) (seeded from spec.seed); the
   * engine's own init sets them to 0. Default 0.1. With biasStd = 0 and one input, a ReLU network is
   * positively homogeneous, y(cx) = c·y(x) for c > 0, so dy/dx takes one value for x < 0 and one for
   * x > 0 and nothing can shatter.
   */
  biasStd?: number;
  /**
   * Standardise, before the sweep, the output of every dense layer but the head over the line's
   * points: each unit gets mean 0 and variance 1 across the inputs. That is what batch normalisation
   * after each dense layer computes at initialisation when the line is its batch (γ = 1, β = 0), with
   * its statistics then kept fixed, folded into the weights: W ← W/σ, b ← (b − μ)/σ. Default false.
   */
  standardize?: boolean;
}

export interface LineGradient {
  /** The inputs. */
  x: Float64Array;
  /** y(x), the network's output at each input. */
  y: Float64Array;
  /** dy/dx at each input, from the engine's backward pass (exact up to rounding). */
  gradient: Float64Array;
  /** The network the sweep ran on. */
  net: Network;
}

/**
 * dy/dx along a line of inputs for the network of `spec` (one input, one output): one forward pass
 * over all the points as a batch, then one backward pass with ∂L/∂y = 1 for every example. Examples do
 * not interact, so example i's input gradient is dy(x_i)/dx.
 */
export function inputGradientAlongLine(spec: LineSpec, {points = 256, from = -2, to = 2, biasStd = 0.1, standardize = false}: LineOptions = {}): LineGradient {
  if (spec === null || typeof spec !== "object") throw new TypeError(`invalid network spec: ${String(spec)}`);
  const {inputSize = 1, outputSize = 1} = spec;
  if (inputSize !== 1) throw new RangeError(`invalid input size: ${inputSize} (expected 1: the gradient is taken along a line of scalar inputs)`);
  if (outputSize !== 1) throw new RangeError(`invalid output size: ${outputSize} (expected 1: dy/dx needs a scalar output)`);
  checkInteger("points", points, 2, 65536);
  checkNumber("from", from, -1e6, 1e6);
  checkNumber("to", to, -1e6, 1e6);
  if (!(to > from)) throw new RangeError(`invalid line: from ${from} to ${to} (expected from < to)`);
  checkNumber("bias std", biasStd, 0, 100);
  const net = createNetwork({...spec, inputSize: 1, outputSize: 1});
  if (biasStd > 0) {
    // A stream of its own ("bias"), so the weights are those of the same spec without biases.
    const normal = randomNormal(randomSeeded(deriveSeed(net.spec.seed, 0x62696173)));
    for (const p of net.params) if (p.name === "b") for (let i = 0; i < p.w.length; ++i) p.w[i] = biasStd * normal();
  }
  const x = Float64Array.from({length: points}, (_, i) => from + ((to - from) * i) / (points - 1));
  if (standardize) standardizeAlong(net, x, points);
  const y = Float64Array.from(net.forward(x, points, false).subarray(0, points));
  const gradient = Float64Array.from(net.backward(new Float64Array(points).fill(1), points).subarray(0, points));
  return {x, y, gradient, net};
}

/** ε added to each variance before the square root, as batch normalisation does. */
const EPSILON = 1e-5;

/**
 * Walks the network forward on the batch `x`, standardising each dense layer's output (stem and branch
 * layers; not the head, whose output is the one number we differentiate) in the order the data meets
 * them, so every layer is standardised on the inputs it will actually receive.
 */
function standardizeAlong(net: Network, x: Float64Array, batch: number): void {
  let h = standardizeDense(net.stem, x, batch);
  for (const block of net.blocks) {
    const parts = (block.branch as Layer & {layers?: readonly Layer[]}).layers ?? [block.branch];
    let t = h;
    for (const layer of parts) t = layer.kind === "dense" ? standardizeDense(layer as Dense, t, batch) : Float64Array.from(layer.forward(t, batch, false).subarray(0, batch * layer.outSize));
    h = Float64Array.from(block.forward(h, batch, false).subarray(0, batch * block.outSize));
  }
}

/** Rescales one dense layer so each output unit has mean 0 and variance 1 over the batch; returns its new output (a copy). */
function standardizeDense(layer: Dense, x: Float64Array, batch: number): Float64Array {
  const {inSize, outSize, W, b} = layer;
  const y = layer.forward(x, batch, false);
  for (let o = 0; o < outSize; ++o) {
    let mean = 0, square = 0;
    for (let n = 0; n < batch; ++n) mean += y[n * outSize + o];
    mean /= batch;
    for (let n = 0; n < batch; ++n) square += (y[n * outSize + o] - mean) * (y[n * outSize + o] - mean);
    const s = 1 / Math.sqrt(square / batch + EPSILON); // 1/σ, with σ² the batch's (biased) variance
    for (let i = 0; i < inSize; ++i) W[o * inSize + i] *= s;
    b[o] = (b[o] - mean) * s;
  }
  return Float64Array.from(layer.forward(x, batch, false).subarray(0, batch * outSize));
}

/**
 * The sample autocorrelation at `lag`:
 *   r(k) = Σ_{t<N−k} (v_t − m)(v_{t+k} − m) / Σ_t (v_t − m)²,   m the mean,
 * the usual (biased) estimator, which keeps |r| ≤ 1. A constant series has no variance to
 * normalise by; it is perfectly predictable from its neighbours, and r is taken as 1.
 * @param lag an integer from 0 to values.length − 1
 */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const n = checkSeries(values);
  checkInteger("lag", lag, 0, n - 1);
  let constant = true, m = 0;
  for (let t = 0; t < n; ++t) {
    m += values[t];
    if (values[t] !== values[0]) constant = false;
  }
  // Tested exactly, not through the variance: a rounded mean would leave tiny equal deviations.
  if (constant) return 1;
  m /= n;
  let variance = 0;
  for (let t = 0; t < n; ++t) variance += (values[t] - m) * (values[t] - m);
  let c = 0;
  for (let t = 0; t + lag < n; ++t) c += (values[t] - m) * (values[t + lag] - m);
  return c / variance;
}

/** r(0), r(1), … r(maxLag): the autocorrelation function (ACF) of a series, as in Balduzzi et al.'s Fig. 2. */
export function autocorrelations(values: ArrayLike<number>, maxLag: number): Float64Array {
  const n = checkSeries(values);
  checkInteger("largest lag", maxLag, 0, n - 1);
  return Float64Array.from({length: maxLag + 1}, (_, k) => autocorrelation(values, k));
}

/** White noise: n independent N(0, 1) draws. Its autocorrelation is 0 at every lag but 0. */
export function whiteNoise(n: number, random: Random): Float64Array {
  checkInteger("length", n, 1, 1 << 24);
  return Float64Array.from({length: n}, randomNormal(random));
}

/** Brown noise: the running sum of white noise (a random walk), whose neighbours are strongly correlated. */
export function brownNoise(n: number, random: Random): Float64Array {
  const w = whiteNoise(n, random);
  for (let t = 1; t < n; ++t) w[t] += w[t - 1];
  return w;
}

export interface CorrelationByDepthOptions extends LineOptions {
  /** Networks (seeds spec.seed, spec.seed + 1, …) averaged at each depth. Default 4. */
  seeds?: number;
  /** The lag at which the autocorrelation is taken, in points. Default 1 (neighbouring inputs). */
  lag?: number;
}

export interface CorrelationRow {
  depth: number;
  skip: boolean;
  /** The autocorrelation at `lag` of each network measured so far, one per seed. */
  values: number[];
  /** Their mean, lowest and highest. */
  correlation: number;
  min: number;
  max: number;
}

/**
 * The gradient's autocorrelation at `lag` against depth, for the plain and the residual network of
 * the same spec. A generator that runs one network per next() and yields every row so far: the first
 * seed's pass over all depths draws the whole curve, later seeds firm it up, and no step is long.
 */
export function* correlationByDepth(spec: Omit<LineSpec, "depth" | "skip">, depths: readonly number[], {seeds = 4, lag = 1, ...line}: CorrelationByDepthOptions = {}): Generator<CorrelationRow[], void, undefined> {
  checkInteger("seeds", seeds, 1, 1000);
  if (!Array.isArray(depths) || depths.length === 0) throw new RangeError(`invalid depths: ${String(depths)} (expected a list of depths)`);
  const base = spec.seed ?? 0;
  const rows: CorrelationRow[] = depths.flatMap((depth) => [false, true].map((skip) => ({depth, skip, values: [], correlation: NaN, min: NaN, max: NaN})));
  for (let s = 0; s < seeds; ++s) {
    for (const row of rows) {
      const {gradient} = inputGradientAlongLine({...spec, depth: row.depth, skip: row.skip, seed: (base + s) % 2 ** 32}, line);
      row.values.push(autocorrelation(gradient, lag));
      row.correlation = row.values.reduce((a, b) => a + b, 0) / row.values.length;
      row.min = Math.min(...row.values);
      row.max = Math.max(...row.values);
      yield rows.filter((r) => r.values.length > 0).map((r) => ({...r, values: [...r.values]}));
    }
  }
}

function checkSeries(values: ArrayLike<number>): number {
  if (values == null || typeof values.length !== "number") throw new TypeError(`invalid series: ${String(values)} (expected an array of numbers)`);
  const n = values.length;
  if (n < 1) throw new RangeError("invalid series: empty (expected at least one number)");
  for (let t = 0; t < n; ++t) {
    if (!Number.isFinite(values[t])) throw new RangeError(`invalid series: ${values[t]} at index ${t} (expected finite numbers)`);
  }
  return n;
}
