/** Plain stochastic gradient descent: w ← w − η (dw + decay · w). */
import {checkNumber} from "./check.js";
import {type Param} from "./layer.js";

export interface SgdOptions {
  /** η, the step size. Default 0.01. */
  learningRate?: number;
  /** L2 weight decay on weights (not biases). Default 0. */
  weightDecay?: number;
}

export function sgdStep(params: readonly Param[], {learningRate = 0.01, weightDecay = 0}: SgdOptions = {}): void {
  checkNumber("learning rate", learningRate, 0, 1e6);
  checkNumber("weight decay", weightDecay, 0, 1e6);
  for (const {w, dw, decay} of params) {
    const d = decay ? weightDecay : 0;
    for (let i = 0; i < w.length; ++i) w[i] -= learningRate * (dw[i] + d * w[i]);
  }
}
