/**
 * Training as a generator: each next() runs `every` minibatch steps and yields a snapshot of the run.
 * Pages, workers and tests iterate it; stopping early is simply not calling next() again.
 *
 * One step: take the next `batchSize` examples of a per-epoch shuffle, forward, loss and its gradient,
 * backward, then one optimiser update. The batch buffers are allocated once, so a step allocates
 * nothing; only the snapshot yielded every `every` steps is new.
 */
import {checkInteger, checkOneOf} from "./check.js";
import {type Dataset} from "./datasets.js";
import {type Param} from "./layer.js";
import {accuracy, mseLoss, softmaxCrossEntropy} from "./loss.js";
import {sgd, type Optimizer} from "./optim.js";
import {randomSeeded, shuffle} from "./random.js";

/** What train() needs of a model: createNetwork's and createResNet's networks both fit. */
export interface Model {
  readonly params: readonly Param[];
  /** Per-layer gradient norms from the last backward (see Network.gradNorms). */
  readonly gradNorms: Float64Array;
  forward(x: Float64Array, batch: number, training?: boolean): Float64Array;
  backward(dOutput: Float64Array, batch: number): Float64Array;
}

export const lossNames = ["mse", "softmax"] as const;
/** "mse": mean squared error on regression targets; "softmax": softmax cross-entropy on class labels. */
export type LossName = (typeof lossNames)[number];

export interface TrainOptions {
  /** Total optimiser steps, 1 to 10⁹. */
  steps: number;
  /** Examples per step, 1 to 65536. Default 32; a dataset smaller than that trains on all of it each step. */
  batchSize?: number;
  /** Default sgd() (learning rate 0.01, no momentum). Make a new one per run: it carries the run's state. */
  optimizer?: Optimizer;
  /** Default "softmax" when the data has classes, else "mse". */
  loss?: LossName;
  /** Steps per snapshot, 1 or more. Default 10. */
  every?: number;
  /** Seeds the minibatch shuffle. Default 0. */
  seed?: number;
  /** Held-out data, evaluated (training = false) at every snapshot. Default none. */
  test?: Dataset | null;
  /** The learning rate of step s (0-based), e.g. stepSchedule(...). Default: the optimiser's own rate. */
  schedule?: ((step: number) => number) | null;
}

/** What each next() yields. Every number is finite: where one would not be, it is null. */
export interface Snapshot {
  /** Steps taken so far (on divergence: the step that diverged). */
  step: number;
  /** Passes over the training data so far: step × batch / n. */
  epoch: number;
  /** The rate of the last step taken. */
  learningRate: number;
  /** Mean training loss over the steps since the last snapshot (each on its own minibatch, before its update). */
  loss: number | null;
  /** Mean minibatch accuracy over the same steps; null for "mse". */
  accuracy: number | null;
  /** Loss on the test data after the last step; null without test data. */
  testLoss: number | null;
  /** Accuracy on the test data; null without test data or for "mse". */
  testAccuracy: number | null;
  /** A copy of model.gradNorms after the last step's backward; null if any was not finite. */
  gradNorms: Float64Array | null;
  /** ‖w‖ over every param with decay = true (the weights weight decay shrinks, not biases) after the last step; null if not finite. */
  weightNorm: number | null;
  /** True on the last snapshot: all steps taken, or diverged. */
  done: boolean;
  /** Set when a loss or a parameter became NaN or infinite; training stops there. */
  diverged: {step: number} | null;
  /** "diverged at step N", or null. */
  message: string | null;
}

export interface Evaluation {
  /** The mean loss over every example; null if not finite. */
  loss: number | null;
  /** The fraction classified right ("softmax" only, else null). */
  accuracy: number | null;
}

const MAX_STEPS = 1e9;
const MAX_BATCH = 65536;
/** Examples per forward pass when evaluating, to bound the model's buffers on large test sets. */
const EVAL_CHUNK = 256;

/**
 * Trains `model` on `data` and yields a Snapshot every `every` steps (the last one may cover fewer).
 * The options and data are checked when train() is called, not at the first next().
 * Same model weights, data, options and seed: the same snapshots, bit for bit.
 */
export function train(model: Model, data: Dataset, options: TrainOptions): Generator<Snapshot, void, undefined> {
  if (options === null || typeof options !== "object") throw new TypeError(`invalid training options: ${String(options)}`);
  const {steps, batchSize = 32, optimizer = sgd(), every = 10, seed = 0, test = null, schedule = null} = options;
  checkInteger("steps", steps, 1, MAX_STEPS);
  checkInteger("batch size", batchSize, 1, MAX_BATCH);
  checkInteger("every", every, 1, MAX_STEPS);
  checkModel(model);
  const loss = checkData("data", data, options.loss);
  if (test !== null) {
    if (test?.inputSize !== data.inputSize || test.outputSize !== data.outputSize) {
      throw new RangeError(
        `invalid test data: ${test?.inputSize} inputs and ${test?.outputSize} outputs per example (expected ${data.inputSize} and ${data.outputSize}, as the training data)`
      );
    }
    checkData("test data", test, loss);
  }
  if (!optimizer || typeof optimizer.step !== "function") throw new TypeError(`invalid optimizer: ${String(optimizer)} (expected sgd(...) or adam(...))`);
  if (schedule !== null && typeof schedule !== "function") throw new TypeError(`invalid schedule: ${String(schedule)} (expected a function of the step)`);
  return run(model, data, loss, {steps, batchSize: Math.min(batchSize, data.n), optimizer, every, random: randomSeeded(seed), test, schedule});
}

interface RunOptions {
  steps: number;
  batchSize: number;
  optimizer: Optimizer;
  every: number;
  random: () => number;
  test: Dataset | null;
  schedule: ((step: number) => number) | null;
}

function* run(model: Model, data: Dataset, loss: LossName, {steps, batchSize: batch, optimizer, every, random, test, schedule}: RunOptions): Generator<Snapshot, void, undefined> {
  const {n, inputSize, outputSize} = data;
  const softmax = loss === "softmax";
  const ySize = softmax ? 1 : outputSize; // labels are one integer an example
  // Preallocated once: the batch, its targets, and ∂L/∂output.
  const bx = new Float64Array(batch * inputSize);
  const by = softmax ? new Int32Array(batch) : new Float64Array(batch * ySize);
  const grad = new Float64Array(batch * outputSize);
  const order = shuffle(random, Int32Array.from({length: n}, (_, i) => i));
  const evaluateTest = test && evaluator(model, test, loss);
  let position = 0; // the next unused place in `order`
  let step = 0;
  let rate = optimizer.learningRate;
  while (step < steps) {
    const end = Math.min(step + every, steps);
    let lossSum = 0, accuracySum = 0;
    const first = step;
    while (step < end) {
      // A new epoch when the shuffle cannot fill a whole batch; the few left over sit this epoch out.
      if (position + batch > n) {
        shuffle(random, order);
        position = 0;
      }
      for (let j = 0; j < batch; ++j) {
        const i = order[position + j];
        for (let k = 0; k < inputSize; ++k) bx[j * inputSize + k] = data.x[i * inputSize + k];
        for (let k = 0; k < ySize; ++k) by[j * ySize + k] = data.y[i * ySize + k];
      }
      position += batch;
      const output = model.forward(bx, batch, true);
      if (step === 0 && output.length < batch * outputSize) {
        throw new RangeError(`invalid model: it outputs ${output.length / batch} numbers per example (expected ${outputSize}, the data's output size)`);
      }
      const l = softmax ? softmaxCrossEntropy(output, by, batch, outputSize, grad) : mseLoss(output, by, batch, outputSize, grad);
      if (!Number.isFinite(l)) return yield diverged(step + 1, data, batch, rate);
      lossSum += l;
      if (softmax) accuracySum += accuracy(output, by, batch, outputSize);
      model.backward(grad, batch);
      rate = schedule ? schedule(step) : optimizer.learningRate;
      optimizer.step(model.params, rate);
      ++step;
      if (!finiteParams(model.params)) return yield diverged(step, data, batch, rate);
    }
    const count = step - first;
    const testResult = evaluateTest ? evaluateTest() : null;
    yield {
      step,
      epoch: (step * batch) / n,
      learningRate: rate,
      loss: finiteOrNull(lossSum / count),
      accuracy: softmax ? accuracySum / count : null,
      testLoss: testResult ? testResult.loss : null,
      testAccuracy: testResult ? testResult.accuracy : null,
      gradNorms: finiteArrayOrNull(model.gradNorms),
      weightNorm: finiteOrNull(weightNorm(model.params)),
      done: step === steps,
      diverged: null,
      message: null
    };
  }
}

/** The last snapshot of a run that diverged at `step`: no metric, since none would be a number. */
function diverged(step: number, data: Dataset, batch: number, rate: number): Snapshot {
  return {
    step,
    epoch: (step * batch) / data.n,
    learningRate: rate,
    loss: null,
    accuracy: null,
    testLoss: null,
    testAccuracy: null,
    gradNorms: null,
    weightNorm: null,
    done: true,
    diverged: {step},
    message: `diverged at step ${step}`
  };
}

/**
 * The loss (and accuracy, for "softmax") of `model` on all of `data`, with training = false.
 * @param loss default "softmax" when the data has classes, else "mse"
 */
export function evaluate(model: Model, data: Dataset, loss?: LossName): Evaluation {
  checkModel(model);
  return evaluator(model, data, checkData("data", data, loss))();
}

/** An evaluation with its gradient scratch buffer allocated once, for repeated use during a run. */
function evaluator(model: Model, data: Dataset, loss: LossName): () => Evaluation {
  const {n, outputSize} = data;
  const softmax = loss === "softmax";
  const chunk = Math.min(EVAL_CHUNK, n);
  const grad = new Float64Array(chunk * outputSize); // the loss functions write ∂L/∂output; unused here
  return () => {
    let lossSum = 0, correct = 0;
    for (let start = 0; start < n; start += chunk) {
      const m = Math.min(chunk, n - start);
      const output = model.forward(data.x.subarray(start * data.inputSize, (start + m) * data.inputSize), m, false);
      if (softmax) {
        const labels = data.y.subarray(start, start + m);
        lossSum += m * softmaxCrossEntropy(output, labels, m, outputSize, grad);
        correct += m * accuracy(output, labels, m, outputSize);
      } else {
        lossSum += m * mseLoss(output, data.y.subarray(start * outputSize, (start + m) * outputSize), m, outputSize, grad);
      }
    }
    const meanLoss = finiteOrNull(lossSum / n);
    return {loss: meanLoss, accuracy: softmax && meanLoss !== null ? correct / n : null};
  };
}

function checkModel(model: Model): void {
  if (!model || !Array.isArray(model.params) || typeof model.forward !== "function" || typeof model.backward !== "function" || !(model.gradNorms instanceof Float64Array)) {
    throw new TypeError(`invalid model: ${String(model)} (expected {params, forward, backward, gradNorms}, as createNetwork returns)`);
  }
}

/** Checks a dataset's shape and, for classification, every label; returns the loss to use on it. */
function checkData(name: string, data: Dataset, loss: LossName | undefined): LossName {
  if (!data || typeof data !== "object") throw new TypeError(`invalid ${name}: ${String(data)} (expected {x, y, n, inputSize, outputSize})`);
  const n = checkInteger(`${name} size n`, data.n, 1, Number.MAX_SAFE_INTEGER);
  const inputSize = checkInteger(`${name} input size`, data.inputSize, 1, Number.MAX_SAFE_INTEGER);
  const outputSize = checkInteger(`${name} output size`, data.outputSize, 1, Number.MAX_SAFE_INTEGER);
  const kind = checkOneOf("loss", loss ?? (data.classes === undefined ? "mse" : "softmax"), lossNames);
  if (!(data.x instanceof Float64Array) || data.x.length < n * inputSize) {
    throw new RangeError(`invalid ${name} x: ${describe(data.x)} for ${n} examples of ${inputSize} (expected a Float64Array of ${n * inputSize})`);
  }
  const ySize = kind === "softmax" ? 1 : outputSize;
  if (!(data.y instanceof Float64Array || data.y instanceof Int32Array) || data.y.length < n * ySize) {
    throw new RangeError(`invalid ${name} y: ${describe(data.y)} for ${n} examples of ${ySize} (expected a Float64Array or Int32Array of ${n * ySize})`);
  }
  if (kind === "softmax") {
    const classes = checkInteger(`${name} classes`, data.classes, 2, outputSize);
    for (let i = 0; i < n; ++i) {
      const label = data.y[i];
      if (!Number.isInteger(label) || label < 0 || label >= classes) {
        throw new RangeError(`invalid ${name} label: ${label} at example ${i} (expected an integer from 0 to ${classes - 1})`);
      }
    }
  }
  return kind;
}

function describe(a: unknown): string {
  return ArrayBuffer.isView(a) ? `${a.constructor.name} of ${(a as Float64Array).length}` : String(a);
}

/** Whether every parameter is finite: w − w is 0 for a finite w and NaN for ±Infinity or NaN. */
function finiteParams(params: readonly Param[]): boolean {
  for (const {w} of params) {
    for (let i = 0; i < w.length; ++i) if (w[i] - w[i] !== 0) return false;
  }
  return true;
}

/** √(Σ w²) over the params weight decay acts on. */
function weightNorm(params: readonly Param[]): number {
  let s = 0;
  for (const {w, decay} of params) if (decay) for (let i = 0; i < w.length; ++i) s += w[i] * w[i];
  return Math.sqrt(s);
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function finiteArrayOrNull(a: Float64Array): Float64Array | null {
  for (let i = 0; i < a.length; ++i) if (!Number.isFinite(a[i])) return null;
  return a.slice();
}
