/**
 * Small seeded datasets, in the shape train() takes. Each generator is (n, {noise, random, ...}) and
 * draws every number from `random`, so the same seed gives the same points, bit for bit.
 * Classification sets interleave their classes (example i has class i mod k), so any prefix is balanced.
 */
import {checkInteger, checkNumber} from "./check.js";
import {cos, sin} from "./fmath.js";
import {randomNormal, randomSeeded, shuffle, type Random} from "./random.js";

/**
 * A dataset: n examples stored row by row.
 * - Classification: y holds n integer labels from 0 to classes − 1, and outputSize = classes (the logits).
 * - Regression: y holds n × outputSize targets and `classes` is absent.
 */
export interface Dataset {
  /** n × inputSize inputs. */
  readonly x: Float64Array;
  /** n labels (Int32Array, classification) or n × outputSize targets (Float64Array, regression). */
  readonly y: Float64Array | Int32Array;
  readonly n: number;
  readonly inputSize: number;
  /** Numbers per example a model must output: the number of classes for classification. */
  readonly outputSize: number;
  /** The number of classes, for classification data only. */
  readonly classes?: number;
  /** The layout of one input, e.g. [channels, height, width] = [1, 8, 8] for the digits. Default [inputSize]. */
  readonly shape?: readonly number[];
}

export interface DatasetOptions {
  /** The standard deviation of the Gaussian noise added to each input coordinate (targets, for sine). */
  noise?: number;
  /** The source of every random number. Default randomSeeded(0). */
  random?: Random;
}

export const MAX_EXAMPLES = 1_000_000;
const MAX_NOISE = 10;
const TAU = 2 * Math.PI;

function checkCommon(n: number, noise: number): void {
  checkInteger("n", n, 1, MAX_EXAMPLES);
  checkNumber("noise", noise, 0, MAX_NOISE);
}

/** Builds a 2-D classification set from a function giving the noiseless point of example i of class c. */
function points2d(n: number, classes: number, noise: number, random: Random, point: (i: number, c: number) => [number, number]): Dataset {
  const normal = randomNormal(random);
  const x = new Float64Array(2 * n), y = new Int32Array(n);
  for (let i = 0; i < n; ++i) {
    const c = i % classes;
    const [a, b] = point(i, c);
    x[2 * i] = a + noise * normal();
    x[2 * i + 1] = b + noise * normal();
    y[i] = c;
  }
  return {x, y, n, inputSize: 2, outputSize: classes, classes};
}

export interface SpiralOptions extends DatasetOptions {
  /** Number of arms, one class each, 2 to 10. Default 2. */
  classes?: number;
  /** How many full turns each arm makes from the centre to radius 1. Default 1. */
  turns?: number;
}

/**
 * Interleaved spiral arms: a point at radius r ~ U(0, 1] on arm c sits at angle 2π(c/k + turns · r).
 * @param noise default 0.05
 */
export function spiral(n: number, {classes = 2, turns = 1, noise = 0.05, random = randomSeeded(0)}: SpiralOptions = {}): Dataset {
  checkCommon(n, noise);
  checkInteger("classes", classes, 2, 10);
  checkNumber("turns", turns, 0, 10);
  return points2d(n, classes, noise, random, (_i, c) => {
    const r = 1 - random(); // in (0, 1]
    const angle = TAU * (c / classes + turns * r);
    return [r * cos(angle), r * sin(angle)];
  });
}

export interface CirclesOptions extends DatasetOptions {
  /** The inner circle's radius relative to the outer one (radius 1), 0 to 1. Default 0.5. */
  factor?: number;
}

/**
 * Two concentric circles (after scikit-learn's make_circles): class 0 on the outer circle of radius 1,
 * class 1 on the inner one of radius `factor`, at uniform random angles.
 * @param noise default 0.05
 */
export function circles(n: number, {factor = 0.5, noise = 0.05, random = randomSeeded(0)}: CirclesOptions = {}): Dataset {
  checkCommon(n, noise);
  checkNumber("factor", factor, 0, 1);
  return points2d(n, 2, noise, random, (_i, c) => {
    const r = c === 0 ? 1 : factor, angle = TAU * random();
    return [r * cos(angle), r * sin(angle)];
  });
}

/**
 * XOR: points uniform in the square [−1, 1]², class 1 where the two coordinates have opposite signs.
 * The class of the quadrant the point is drawn in; the noise then moves the point, so it may cross.
 * @param noise default 0.05
 */
export function xor(n: number, {noise = 0.05, random = randomSeeded(0)}: DatasetOptions = {}): Dataset {
  checkCommon(n, noise);
  return points2d(n, 2, noise, random, (_i, c) => {
    // Draw |a|, |b| in (0, 1], then signs that agree for class 0 and disagree for class 1.
    const sa = random() < 0.5 ? -1 : 1, sb = c === 0 ? sa : -sa;
    return [sa * (1 - random()), sb * (1 - random())];
  });
}

/**
 * Two interleaving half circles (after scikit-learn's make_moons), centred on the origin: class 0 on
 * (cos t, sin t), class 1 on (1 − cos t, ½ − sin t), t ~ U[0, π], both shifted by (−½, −¼).
 * @param noise default 0.1
 */
export function moons(n: number, {noise = 0.1, random = randomSeeded(0)}: DatasetOptions = {}): Dataset {
  checkCommon(n, noise);
  return points2d(n, 2, noise, random, (_i, c) => {
    const t = Math.PI * random();
    return c === 0 ? [cos(t) - 0.5, sin(t) - 0.25] : [0.5 - cos(t), 0.25 - sin(t)];
  });
}

export interface BlobsOptions extends DatasetOptions {
  /** Number of blobs, one class each, 2 to 20. Default 3. */
  classes?: number;
}

/**
 * Gaussian blobs: class c is N(μ_c, noise² I) with the k centres μ_c evenly spaced on the unit circle,
 * μ_c = (cos 2πc/k, sin 2πc/k), so every pair of neighbours is equally hard to tell apart.
 * @param noise the standard deviation of each blob, default 0.3
 */
export function blobs(n: number, {classes = 3, noise = 0.3, random = randomSeeded(0)}: BlobsOptions = {}): Dataset {
  checkCommon(n, noise);
  checkInteger("classes", classes, 2, 20);
  return points2d(n, classes, noise, random, (_i, c) => [cos((TAU * c) / classes), sin((TAU * c) / classes)]);
}

export interface SineOptions extends DatasetOptions {
  /** ω in y = sin(ωx). Default 3. */
  frequency?: number;
}

/**
 * A 1-D regression: x ~ U[−2, 2], y = sin(ωx) + noise · N(0, 1). The noise is on the target.
 * @param noise default 0.1
 */
export function sine(n: number, {frequency = 3, noise = 0.1, random = randomSeeded(0)}: SineOptions = {}): Dataset {
  checkCommon(n, noise);
  checkNumber("frequency", frequency, 0, 100);
  const normal = randomNormal(random);
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    x[i] = 4 * random() - 2;
    y[i] = sin(frequency * x[i]) + noise * normal();
  }
  return {x, y, n, inputSize: 1, outputSize: 1};
}

/** The generators by name, for callers (a worker, a page's menu) that choose one from a string. */
export const datasets = Object.freeze({spiral, circles, xor, moons, blobs, sine});
export type DatasetName = keyof typeof datasets;

/** A new dataset holding the examples at `indices`, in that order (copies, not views). */
export function subset(data: Dataset, indices: ArrayLike<number>): Dataset {
  const {inputSize, outputSize, classes} = data;
  const m = indices.length, ySize = classes === undefined ? outputSize : 1;
  const x = new Float64Array(m * inputSize);
  const y = classes === undefined ? new Float64Array(m * ySize) : new Int32Array(m);
  for (let j = 0; j < m; ++j) {
    const i = indices[j];
    x.set(data.x.subarray(i * inputSize, (i + 1) * inputSize), j * inputSize);
    y.set(data.y.subarray(i * ySize, (i + 1) * ySize), j * ySize);
  }
  return {...data, x, y, n: m};
}

export interface SplitOptions {
  /** The fraction of examples held out for testing, rounded to a whole number of examples. Default 0.2. */
  testFraction?: number;
  /** Shuffles the examples before the cut. Default randomSeeded(0). */
  random?: Random;
}

/** A random split into disjoint train and test sets; each keeps at least one example. */
export function split(data: Dataset, {testFraction = 0.2, random = randomSeeded(0)}: SplitOptions = {}): {train: Dataset; test: Dataset} {
  checkNumber("test fraction", testFraction, 0, 1);
  const {n} = data;
  const nTest = Math.round(n * testFraction);
  if (nTest < 1 || nTest > n - 1) {
    throw new RangeError(`invalid test fraction: ${testFraction} (gives ${nTest} of ${n} examples for testing; each part needs at least one)`);
  }
  const order = shuffle(random, Int32Array.from({length: n}, (_, i) => i));
  return {test: subset(data, order.subarray(0, nTest)), train: subset(data, order.subarray(nTest))};
}
