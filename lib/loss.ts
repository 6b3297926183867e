/**
 * Losses: each returns the mean loss over the batch and writes ∂L/∂prediction into `grad`.
 */
import {checkBatch} from "./check.js";
import {exp, log} from "./fmath.js";

/** L = (1/(N·K)) Σ (ŷ − y)², for N examples of K outputs. */
export function mseLoss(prediction: Float64Array, target: ArrayLike<number>, batch: number, size: number, grad: Float64Array): number {
  checkBatch("target", target, batch, size);
  const n = batch * size;
  let loss = 0;
  for (let i = 0; i < n; ++i) {
    const e = prediction[i] - target[i];
    loss += e * e;
    grad[i] = (2 * e) / n;
  }
  return loss / n;
}

/**
 * Softmax cross-entropy with integer class labels: L = −(1/N) Σ log softmax(z)[label].
 * ∂L/∂z = (softmax(z) − onehot(label)) / N. Uses the max-shift so large logits do not overflow.
 */
export function softmaxCrossEntropy(logits: Float64Array, labels: ArrayLike<number>, batch: number, classes: number, grad: Float64Array): number {
  checkBatch("labels", labels, batch, 1);
  let loss = 0;
  for (let n = 0; n < batch; ++n) {
    const o = n * classes;
    const label = labels[n];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`invalid label: ${label} at example ${n} (expected an integer from 0 to ${classes - 1})`);
    }
    let max = -Infinity;
    for (let k = 0; k < classes; ++k) max = Math.max(max, logits[o + k]);
    let sum = 0;
    for (let k = 0; k < classes; ++k) sum += exp(logits[o + k] - max);
    const logSum = log(sum) + max;
    loss -= logits[o + label] - logSum;
    for (let k = 0; k < classes; ++k) grad[o + k] = (exp(logits[o + k] - logSum) - (k === label ? 1 : 0)) / batch;
  }
  return loss / batch;
}

/** The fraction of examples whose largest logit is at the label. */
export function accuracy(logits: Float64Array, labels: ArrayLike<number>, batch: number, classes: number): number {
  let correct = 0;
  for (let n = 0; n < batch; ++n) {
    let best = 0;
    for (let k = 1; k < classes; ++k) if (logits[n * classes + k] > logits[n * classes + best]) best = k;
    if (best === labels[n]) ++correct;
  }
  return correct / batch;
}
