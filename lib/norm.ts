/**
 * Normalisation layers. Both standardise a group of numbers, x̂ = (x − μ) / √(σ² + ε), then scale
 * and shift it with learned parameters, y = γ x̂ + β. They differ in the group:
 * - batch norm (Ioffe & Szegedy 2015): per channel, over the batch and the spatial positions;
 * - layer norm (Ba et al. 2016): per example, over all its numbers.
 * Because μ and σ depend on every x in the group, the exact backward is not just γ/σ ⊙ dy: with
 * g = γ ⊙ dy and means taken over the group of m numbers,
 *   ∂L/∂x = (1/σ) (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)),
 * the two subtracted terms being the paths through μ and through σ.
 */
import {checkInteger, checkNumber} from "./check.js";
import {ensure, param, type Layer, type Param} from "./layer.js";

export interface BatchNormOptions {
  /** Weight of the newest batch in the running averages: r ← (1 − momentum) r + momentum · batch. Default 0.1. */
  momentum?: number;
  /** ε added to the variance before the square root. Default 1e-5. */
  epsilon?: number;
}

export interface BatchNorm extends Layer {
  readonly kind: "batchNorm";
  readonly channels: number;
  /** Positions per channel in one example (H·W for images, 1 for vectors). */
  readonly spatial: number;
  /** γ, one per channel, starts at 1 (not decayed). */
  readonly gamma: Float64Array;
  /** β, one per channel, starts at 0. */
  readonly beta: Float64Array;
  /** Running mean per channel, used in evaluation; starts at 0. */
  readonly runningMean: Float64Array;
  /** Running (unbiased) variance per channel, used in evaluation; starts at 1. */
  readonly runningVar: Float64Array;
  readonly momentum: number;
  readonly epsilon: number;
}

/**
 * Batch normalisation of examples laid out as [channels][spatial].
 * Training (training = true): each channel is standardised with the mean and (biased) variance of
 * its batch·spatial numbers, and the running averages move toward them (the variance enters as its
 * unbiased estimate, as in PyTorch, or as is when there is a single number per channel). Evaluation (training = false): the running averages are used,
 * so the layer is a fixed per-channel affine map.
 * @param channels C
 * @param spatial positions per channel, default 1
 */
export function batchNorm(channels: number, spatial = 1, {momentum = 0.1, epsilon = 1e-5}: BatchNormOptions = {}): BatchNorm {
  checkInteger("channels", channels, 1, 1 << 16);
  checkInteger("spatial size", spatial, 1, 1 << 20);
  checkNumber("momentum", momentum, 0, 1);
  checkNumber("epsilon", epsilon, 0, 1);
  const size = channels * spatial;
  const gammaParam = param("gamma", channels, false);
  const betaParam = param("beta", channels, false);
  gammaParam.w.fill(1);
  const gamma = gammaParam.w, beta = betaParam.w, dgamma = gammaParam.dw, dbeta = betaParam.dw;
  const runningMean = new Float64Array(channels);
  const runningVar = new Float64Array(channels).fill(1);
  const invStd = new Float64Array(channels); // 1/√(σ² + ε) of the last forward, per channel
  let trained = true; // whether the last forward used batch statistics
  let xhat: Float64Array = new Float64Array(0);
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  return {
    kind: "batchNorm",
    inSize: size,
    outSize: size,
    params: [gammaParam, betaParam],
    channels,
    spatial,
    gamma,
    beta,
    runningMean,
    runningVar,
    momentum,
    epsilon,
    forward(x, batch, training) {
      trained = training;
      const m = batch * spatial; // numbers per channel in the batch
      xhat = ensure(xhat, batch * size);
      y = ensure(y, batch * size);
      for (let c = 0; c < channels; ++c) {
        let mean: number, inv: number;
        if (training) {
          // μ = (1/m) Σ x,  σ² = (1/m) Σ (x − μ)²  over every example and position of channel c
          let s = 0;
          for (let n = 0; n < batch; ++n) for (let t = n * size + c * spatial, e = t + spatial; t < e; ++t) s += x[t];
          mean = s / m;
          let v = 0;
          for (let n = 0; n < batch; ++n) for (let t = n * size + c * spatial, e = t + spatial; t < e; ++t) v += (x[t] - mean) * (x[t] - mean);
          v /= m;
          inv = 1 / Math.sqrt(v + epsilon);
          runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean;
          runningVar[c] = (1 - momentum) * runningVar[c] + momentum * (m > 1 ? (v * m) / (m - 1) : v);
        } else {
          mean = runningMean[c];
          inv = 1 / Math.sqrt(runningVar[c] + epsilon);
        }
        invStd[c] = inv;
        for (let n = 0; n < batch; ++n) {
          for (let t = n * size + c * spatial, e = t + spatial; t < e; ++t) {
            xhat[t] = (x[t] - mean) * inv; // x̂ = (x − μ) / √(σ² + ε)
            y[t] = gamma[c] * xhat[t] + beta[c]; // y = γ x̂ + β
          }
        }
      }
      return y;
    },
    backward(dy, batch) {
      const m = batch * spatial;
      dx = ensure(dx, batch * size);
      for (let c = 0; c < channels; ++c) {
        let sdy = 0, sdyx = 0; // Σ dy and Σ dy ⊙ x̂ over the channel's group
        for (let n = 0; n < batch; ++n) {
          for (let t = n * size + c * spatial, e = t + spatial; t < e; ++t) {
            sdy += dy[t];
            sdyx += dy[t] * xhat[t];
          }
        }
        dbeta[c] = sdy; // ∂L/∂β = Σ dy
        dgamma[c] = sdyx; // ∂L/∂γ = Σ dy ⊙ x̂
        const k = gamma[c] * invStd[c];
        // Training: dx = (γ/σ)(dy − mean(dy) − x̂ mean(dy ⊙ x̂)). Evaluation: μ, σ are constants, dx = (γ/σ) dy.
        const a = trained ? sdy / m : 0, bb = trained ? sdyx / m : 0;
        for (let n = 0; n < batch; ++n) {
          for (let t = n * size + c * spatial, e = t + spatial; t < e; ++t) dx[t] = k * (dy[t] - a - xhat[t] * bb);
        }
      }
      return dx;
    }
  };
}

export interface LayerNormOptions {
  /** ε added to the variance before the square root. Default 1e-5. */
  epsilon?: number;
}

export interface LayerNorm extends Layer {
  readonly kind: "layerNorm";
  /** g, one gain per number, starts at 1 (not decayed). */
  readonly gain: Float64Array;
  /** b, one bias per number, starts at 0. */
  readonly bias: Float64Array;
  readonly epsilon: number;
}

/**
 * Layer normalisation: each example's `size` numbers are standardised with their own mean and
 * (biased) variance, then y = g ⊙ x̂ + b. It behaves the same in training and evaluation.
 */
export function layerNorm(size: number, {epsilon = 1e-5}: LayerNormOptions = {}): LayerNorm {
  checkInteger("size", size, 1, 1 << 20);
  checkNumber("epsilon", epsilon, 0, 1);
  const gainParam: Param = param("gain", size, false);
  const biasParam: Param = param("bias", size, false);
  gainParam.w.fill(1);
  const gain = gainParam.w, bias = biasParam.w, dgain = gainParam.dw, dbias = biasParam.dw;
  let invStd: Float64Array = new Float64Array(0); // per example
  let xhat: Float64Array = new Float64Array(0);
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  return {
    kind: "layerNorm",
    inSize: size,
    outSize: size,
    params: [gainParam, biasParam],
    gain,
    bias,
    epsilon,
    forward(x, batch) {
      invStd = ensure(invStd, batch);
      xhat = ensure(xhat, batch * size);
      y = ensure(y, batch * size);
      for (let n = 0; n < batch; ++n) {
        const o = n * size;
        let s = 0;
        for (let i = 0; i < size; ++i) s += x[o + i];
        const mean = s / size; // μ over the example
        let v = 0;
        for (let i = 0; i < size; ++i) v += (x[o + i] - mean) * (x[o + i] - mean);
        const inv = 1 / Math.sqrt(v / size + epsilon); // 1/√(σ² + ε)
        invStd[n] = inv;
        for (let i = 0; i < size; ++i) {
          xhat[o + i] = (x[o + i] - mean) * inv;
          y[o + i] = gain[i] * xhat[o + i] + bias[i];
        }
      }
      return y;
    },
    backward(dy, batch) {
      dx = ensure(dx, batch * size);
      dgain.fill(0);
      dbias.fill(0);
      for (let n = 0; n < batch; ++n) {
        const o = n * size;
        let sg = 0, sgx = 0; // Σ g and Σ g ⊙ x̂ with g = gain ⊙ dy
        for (let i = 0; i < size; ++i) {
          const g = gain[i] * dy[o + i];
          sg += g;
          sgx += g * xhat[o + i];
          dgain[i] += dy[o + i] * xhat[o + i]; // ∂L/∂g = Σ_n dy ⊙ x̂
          dbias[i] += dy[o + i]; // ∂L/∂b = Σ_n dy
        }
        const a = sg / size, bb = sgx / size;
        // dx = (1/σ)(g − mean(g) − x̂ mean(g ⊙ x̂))
        for (let i = 0; i < size; ++i) dx[o + i] = invStd[n] * (gain[i] * dy[o + i] - a - xhat[o + i] * bb);
      }
      return dx;
    }
  };
}
