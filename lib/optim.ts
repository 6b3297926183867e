/**
 * Optimisers. Each is an object made per training run: its state (velocities, moment estimates,
 * step counts) lives inside it, keyed by the Param it belongs to, never in the module. Weight decay is
 * L2 added to the gradient, g = dw + λw, and only on params with decay = true (weights, not biases).
 */
import {checkInteger, checkNumber} from "./check.js";
import {pow} from "./fmath.js";
import {type Param} from "./layer.js";

export interface Optimizer {
  readonly kind: "sgd" | "adam";
  /** The rate used when step() is given none. */
  readonly learningRate: number;
  /** Updates every param in place from its dw; `learningRate` overrides the default for this step. */
  step(params: readonly Param[], learningRate?: number): void;
}

export interface SgdOptions {
  /** η, the step size. Default 0.01. */
  learningRate?: number;
  /** μ, the fraction of the last velocity kept (heavy ball). Default 0: plain SGD. */
  momentum?: number;
  /** λ, L2 weight decay on params with decay = true. Default 0. */
  weightDecay?: number;
}

export interface AdamOptions {
  /** η, the step size. Default 1e-3. */
  learningRate?: number;
  /** β₁, the decay of the first-moment (mean) estimate. Default 0.9. */
  beta1?: number;
  /** β₂, the decay of the second-moment (uncentred variance) estimate. Default 0.999. */
  beta2?: number;
  /** ε, added to √v̂ so a zero gradient does not divide by zero. Default 1e-8. */
  epsilon?: number;
  /** λ, L2 weight decay added to the gradient (Adam with L2, not AdamW), on params with decay = true. Default 0. */
  weightDecay?: number;
}

const MAX_RATE = 1e6;

function checkRate(learningRate: number): number {
  return checkNumber("learning rate", learningRate, 0, MAX_RATE);
}

/**
 * The shell both optimisers share: checks the rates, then on each step applies `update` to every param,
 * with λ = weightDecay where the param decays and 0 where it does not.
 */
function optimizer(
  kind: Optimizer["kind"],
  learningRate: number,
  weightDecay: number,
  update: (p: Param, rate: number, decay: number) => void
): Optimizer {
  checkRate(learningRate);
  checkNumber("weight decay", weightDecay, 0, MAX_RATE);
  return {
    kind,
    learningRate,
    step(params, rate = learningRate) {
      checkRate(rate);
      for (const p of params) update(p, rate, p.decay ? weightDecay : 0);
    }
  };
}

/**
 * Stochastic gradient descent with momentum, in the form PyTorch uses:
 *   g = dw + λw;  v ← μv + g;  w ← w − ηv.
 * With μ = 0 this is w ← w − η(dw + λw).
 */
export function sgd({learningRate = 0.01, momentum = 0, weightDecay = 0}: SgdOptions = {}): Optimizer {
  checkNumber("momentum", momentum, 0, 1);
  const velocity = new Map<Param, Float64Array>();
  return optimizer("sgd", learningRate, weightDecay, (p, rate, d) => {
    const {w, dw} = p;
    if (momentum === 0) return descend(w, dw, rate, d);
    let v = velocity.get(p);
    if (!v) velocity.set(p, (v = new Float64Array(w.length))); // v₀ = 0, allocated on a param's first step only
    for (let i = 0; i < w.length; ++i) {
      v[i] = momentum * v[i] + dw[i] + d * w[i]; // v ← μv + g
      w[i] -= rate * v[i]; // w ← w − ηv
    }
  });
}

interface AdamState {
  m: Float64Array;
  v: Float64Array;
  t: number;
}

/**
 * Adam (Kingma & Ba 2015), per param and coordinate:
 *   g = dw + λw;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;
 *   m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  w ← w − η m̂ / (√v̂ + ε).
 */
export function adam({learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0}: AdamOptions = {}): Optimizer {
  checkNumber("beta1", beta1, 0, 0.999999);
  checkNumber("beta2", beta2, 0, 0.999999999);
  checkNumber("epsilon", epsilon, 1e-300, 1);
  const state = new Map<Param, AdamState>();
  return optimizer("adam", learningRate, weightDecay, (p, rate, d) => {
    const {w, dw} = p;
    let s = state.get(p);
    if (!s) state.set(p, (s = {m: new Float64Array(w.length), v: new Float64Array(w.length), t: 0}));
    const {m, v} = s;
    const t = ++s.t;
    const c1 = 1 - pow(beta1, t), c2 = 1 - pow(beta2, t); // bias corrections: m and v start at 0
    for (let i = 0; i < w.length; ++i) {
      const g = dw[i] + d * w[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g; // running mean of g
      v[i] = beta2 * v[i] + (1 - beta2) * g * g; // running mean of g²
      w[i] -= (rate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
    }
  });
}

/**
 * One plain SGD step with no state: w ← w − η(dw + λw) on every param (λ only where decay = true).
 * The same numbers as sgd(options).step(params) with momentum 0 (a `momentum` option is ignored).
 * @param options learningRate η (default 0.01), weightDecay λ (default 0)
 */
export function sgdStep(params: readonly Param[], {learningRate = 0.01, weightDecay = 0}: SgdOptions = {}): void {
  // Written out rather than as sgd(options).step(params): no optimiser object, Map or closure is made
  // at every step (a training loop calls this once per step); the arithmetic is descend's either way.
  checkRate(learningRate);
  checkNumber("weight decay", weightDecay, 0, MAX_RATE);
  for (let k = 0; k < params.length; ++k) {
    const {w, dw, decay} = params[k];
    descend(w, dw, learningRate, decay ? weightDecay : 0);
  }
}

/** Plain gradient descent on one param: w ← w − η(dw + λw). */
function descend(w: Float64Array, dw: Float64Array, rate: number, decay: number): void {
  for (let i = 0; i < w.length; ++i) w[i] -= rate * (dw[i] + decay * w[i]);
}

export interface StepScheduleOptions {
  /** The rate before the first milestone. */
  initial: number;
  /** What the rate is multiplied by at each milestone. Default 0.1. */
  factor?: number;
  /** Step indices (0-based, strictly increasing) from which the next factor applies. */
  milestones: readonly number[];
}

/**
 * A step schedule (He et al. 2015 divide the rate by 10 at fixed iterations):
 *   rate(step) = initial · factor^(number of milestones ≤ step),
 * where `step` is the 0-based index of the step about to be taken.
 */
export function stepSchedule({initial, factor = 0.1, milestones}: StepScheduleOptions): (step: number) => number {
  checkRate(initial);
  checkNumber("factor", factor, 0, MAX_RATE);
  if (!Array.isArray(milestones)) throw new TypeError(`invalid milestones: ${String(milestones)} (expected an array of step indices)`);
  const marks = milestones.map((m, i) => checkInteger(`milestone ${i}`, m, i === 0 ? 0 : milestones[i - 1] + 1, 1e12));
  return (step) => {
    let rate = initial;
    for (const m of marks) if (step >= m) rate *= factor;
    return rate;
  };
}
