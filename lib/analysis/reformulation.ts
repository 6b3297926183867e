/**
 * The /reformulation chapter's task: learn a map of R^size to itself that is the identity plus a small
 * wiggle, y = x + a·sin(x) elementwise, and the two maps every stack of blocks is pulled toward: the
 * identity (a residual stack with all-zero branches) and the zero map (a plain stack with all-zero weights).
 */
import {checkInteger, checkNumber} from "../check.js";
import {MAX_EXAMPLES, type Dataset} from "../datasets.js";
import {sin} from "../fmath.js";
import {sgd} from "../optim.js";
import {deriveSeed, randomSeeded, type Random} from "../random.js";
import {train, type Snapshot} from "../train.js";
import {createStack, MAX_STACK_SIZE, stackSpec, type Stack, type StackSpec} from "./stack.js";

export interface NearIdentityOptions {
  /** Numbers per example, 1 to 256. Default 4. */
  size?: number;
  /** a in y = x + a·sin(x), −10 to 10; 0 asks for the identity itself. Default 0.1. */
  amplitude?: number;
  /** Each input is uniform on [−range, range], 0 to 100. Default π, a full period of the sine. */
  range?: number;
  /** The source of every input. Default randomSeeded(0). */
  random?: Random;
}

/** n examples of x ~ U[−range, range]^size with targets y = x + a·sin(x), a regression dataset. */
export function nearIdentity(n: number, {size = 4, amplitude = 0.1, range = Math.PI, random = randomSeeded(0)}: NearIdentityOptions = {}): Dataset {
  checkInteger("n", n, 1, MAX_EXAMPLES);
  checkInteger("size", size, 1, MAX_STACK_SIZE);
  checkNumber("amplitude", amplitude, -10, 10);
  checkNumber("range", range, 0, 100);
  const x = new Float64Array(n * size), y = new Float64Array(n * size);
  for (let i = 0; i < n * size; ++i) {
    x[i] = range * (2 * random() - 1);
    y[i] = x[i] + amplitude * sin(x[i]);
  }
  return {x, y, n, inputSize: size, outputSize: size};
}

export interface ReferenceLosses {
  /** The mean squared error of the identity map H(x) = x: what an all-zero residual branch scores. */
  identity: number;
  /** The mean squared error of the zero map H(x) = 0: what an all-zero plain stack scores. */
  zero: number;
}

/** The MSE (as train() reports it: mean over examples and outputs) of the identity and the zero map on `data`. */
export function referenceLosses(data: Dataset): ReferenceLosses {
  const {n, inputSize, outputSize, x, y} = data;
  if (inputSize !== outputSize || data.classes !== undefined) {
    throw new RangeError(`invalid data: ${inputSize} inputs and ${outputSize} outputs per example (expected a regression from a space to itself)`);
  }
  const m = n * outputSize;
  let identity = 0, zero = 0;
  for (let i = 0; i < m; ++i) {
    identity += (x[i] - y[i]) * (x[i] - y[i]);
    zero += y[i] * y[i];
  }
  return {identity: identity / m, zero: zero / m};
}

/**
 * Sets a plain stack's weights so that it computes the identity exactly, with ReLU branches: each block
 * is W₂ relu(W₁x) with W₁ = [I; −I] and W₂ = [I, −I] (zero-padded to the width), since
 * x = relu(x) − relu(−x). This is what the identity costs a plain stack in weights: ‖W₁‖² + ‖W₂‖² = 4·size
 * a block, where a residual stack's identity costs nothing (F = 0). Needs width ≥ 2·size and ReLU.
 */
export function setPlainIdentity(stack: Stack): Stack {
  const {size, width, activation, skip} = stack.spec;
  if (skip || activation !== "relu" || width < 2 * size) {
    throw new RangeError(`invalid stack: ${skip ? "residual" : "plain"}, ${activation}, width ${width} for size ${size} (expected a plain ReLU stack of width at least ${2 * size})`);
  }
  for (const block of stack.blocks) {
    const [W1, b1, W2, b2] = block.params.map((p) => p.w);
    for (const p of [W1, b1, W2, b2]) p.fill(0);
    for (let i = 0; i < size; ++i) {
      W1[i * size + i] = 1; // hidden unit i = relu(x_i)
      W1[(size + i) * size + i] = -1; // hidden unit size + i = relu(−x_i)
      W2[i * width + i] = 1; // out_i = relu(x_i) − relu(−x_i) = x_i
      W2[i * width + size + i] = -1;
    }
  }
  return stack;
}

export interface ReformulationOptions {
  /** Blocks in each stack. Default 20. */
  depth?: number;
  /** a in y = x + a·sin(x). Default 0.1. */
  amplitude?: number;
  /** λ, L2 weight decay on every weight (SGD: each step first shrinks w by the factor 1 − ηλ). Default 0. */
  weightDecay?: number;
  /** Numbers per example. Default 4. */
  size?: number;
  /** Hidden units per branch: at least 2·size, so a plain block can be the identity. Default 16. */
  width?: number;
  /** Training examples. Default 256. */
  n?: number;
  /** SGD steps. Default 600. */
  steps?: number;
  /** Examples per step. Default 32. */
  batchSize?: number;
  /** η, SGD's step size. Default 0.01. */
  learningRate?: number;
  /** Heavy-ball momentum. Default 0.9. */
  momentum?: number;
  /** Steps per snapshot. Default 10. */
  every?: number;
  /**
   * The residual stack's W₂ starts at this multiple of the plain stack's (which keeps the plain signal's
   * size). Default 0.1: at 1 each residual block would double its input's power, 2²⁰ over 20 blocks.
   */
  residualBranchGain?: number;
  /** Seeds the weights (shared by both stacks), the data and the shuffle. Default 0. */
  seed?: number;
}

export interface ReformulationRun {
  /** "plain" or "residual". */
  name: "plain" | "residual";
  skip: boolean;
  spec: StackSpec;
}

export interface ReformulationSetup {
  data: Dataset;
  runs: ReformulationRun[];
  train: {steps: number; batchSize: number; every: number; seed: number; learningRate: number; momentum: number; weightDecay: number};
}

/** The /reformulation experiment: a plain and a residual stack asked for y = x + a·sin(x), trained alike with SGD. */
export function reformulationSetup(options: ReformulationOptions = {}): ReformulationSetup {
  const {depth = 20, amplitude = 0.1, weightDecay = 0, size = 4, width = 16, n = 256, steps = 600, batchSize = 32, learningRate = 0.01, momentum = 0.9, every = 10, residualBranchGain = 0.1, seed = 0} = options;
  checkNumber("weight decay", weightDecay, 0, 100);
  checkNumber("learning rate", learningRate, 0, 10);
  checkNumber("momentum", momentum, 0, 1);
  checkInteger("steps", steps, 1, 1e9);
  checkInteger("every", every, 1, 1e9);
  // The data draws from a stream of its own ("data"), so it does not share numbers with the weights.
  const data = nearIdentity(n, {size, amplitude, random: randomSeeded(deriveSeed(seed, 0x64617461))});
  const runs: ReformulationRun[] = [false, true].map((skip) => {
    const spec = stackSpec({size, width, depth, skip, branchGain: skip ? residualBranchGain : 1, seed});
    return {name: skip ? "residual" : "plain", skip, spec};
  });
  return {data, runs, train: {steps, batchSize, every, seed, learningRate, momentum, weightDecay}};
}

/** One stack's training, as a generator of snapshots: what a worker does with the same run. */
export function trainStack(run: ReformulationRun, setup: ReformulationSetup, stack: Stack = createStack(run.spec)): Generator<Snapshot, void, undefined> {
  const {learningRate, momentum, weightDecay, ...options} = setup.train;
  return train(stack, setup.data, {...options, optimizer: sgd({learningRate, momentum, weightDecay})});
}
