/**
 * Layers over sequences. An example is T tokens of d numbers each, laid out token by token, [T][d]
 * flat, so a sequence layer keeps the Layer contract with inSize = outSize = T·d. Because a batch of
 * B such examples is also B·T rows of d numbers, any per-vector layer applies to every token by
 * running it on a batch of B·T (`tokenwise`).
 *
 * Self-attention (Vaswani et al. 2017, arXiv:1706.03762), per example and per head j of width
 * d_h = d / heads:
 *   q_t = W_q x_t + b_q,  k_t = W_k x_t,  v_t = W_v x_t + b_v         (each token, each head's slice)
 *   S[t][s] = q_t · k_s / √d_h                                         (scaled dot products)
 *   P[t][·] = softmax(S[t][·]) over s (s ≤ t only, if causal)          (attention weights)
 *   o_t = Σ_s P[t][s] v_s                                              (weighted average of values)
 *   y_t = W_o o_t + b_o                                                (heads mixed back into d)
 * The keys have no bias: it would add q_t · b_k to every score of row t, a shift the softmax ignores,
 * so its gradient is exactly zero and it would never learn.
 * Backward, with dO = ∂L/∂o:
 *   dP[t][s] = dO_t · v_s,   dv_s = Σ_t P[t][s] dO_t,
 *   dS[t][s] = P[t][s] (dP[t][s] − Σ_s' P[t][s'] dP[t][s'])            (the softmax Jacobian)
 *   dq_t = Σ_s dS[t][s] k_s / √d_h,   dk_s = Σ_t dS[t][s] q_t / √d_h.
 */
import {checkInteger} from "./check.js";
import {dense, type Dense} from "./dense.js";
import {exp} from "./fmath.js";
import {ensure, type Layer, type Param} from "./layer.js";

/** The largest sequence length a sequence layer accepts. */
export const MAX_TOKENS = 1024;

export interface Tokenwise<L extends Layer = Layer> extends Layer {
  readonly kind: "tokenwise";
  /** The per-token layer, run on every token with the same parameters. */
  readonly inner: L;
  readonly tokens: number;
}

/**
 * Applies `inner` (inSize a → outSize b) to each of `tokens` tokens: a layer from T·a to T·b numbers
 * per example. The batch of B sequences is, to `inner`, a batch of B·T vectors.
 */
export function tokenwise<L extends Layer>(inner: L, tokens: number): Tokenwise<L> {
  checkInteger("tokens", tokens, 1, MAX_TOKENS);
  return {
    kind: "tokenwise",
    inner,
    tokens,
    inSize: tokens * inner.inSize,
    outSize: tokens * inner.outSize,
    params: inner.params,
    forward: (x, batch, training) => inner.forward(x, batch * tokens, training),
    backward: (dy, batch) => inner.backward(dy, batch * tokens)
  };
}

export interface SelfAttentionOptions {
  /** Number of heads; must divide the width d. Default 1. */
  heads?: number;
  /** If true, token t attends only to tokens s ≤ t (a decoder's mask). Default false (every token sees all). */
  causal?: boolean;
  /** Biases on the query, value and output projections (keys never have one). Default true. */
  bias?: boolean;
}

export interface SelfAttention extends Layer {
  readonly kind: "selfAttention";
  readonly tokens: number;
  /** d, numbers per token. */
  readonly width: number;
  readonly heads: number;
  readonly causal: boolean;
  /** The projections d → d, applied to every token: W_q, W_k, W_v and the output W_o (initialise their W). */
  readonly query: Dense;
  readonly key: Dense;
  readonly value: Dense;
  readonly output: Dense;
  /** The attention weights P of the last forward, [batch][heads][T][T] (zero where masked). */
  attention(): Float64Array;
}

/**
 * Multi-head scaled dot-product self-attention over T tokens of width d. The projections start at
 * zero, like dense(): a builder fills their W (see createTransformer).
 * @param tokens T, 1 to 1024
 * @param width d, 1 to 4096, a multiple of `heads`
 */
export function selfAttention(tokens: number, width: number, {heads = 1, causal = false, bias = true}: SelfAttentionOptions = {}): SelfAttention {
  checkInteger("tokens", tokens, 1, MAX_TOKENS);
  checkInteger("width", width, 1, 4096);
  checkInteger("heads", heads, 1, width);
  if (width % heads !== 0) throw new RangeError(`invalid heads: ${heads} (expected a divisor of the width ${width})`);
  const T = tokens, d = width, dh = d / heads, scale = 1 / Math.sqrt(dh);
  const [query, key, value, output] = [bias, false, bias, bias].map((withBias) => dense(d, d, {bias: withBias}));
  const named = (layer: Dense, suffix: string): Param[] => layer.params.map((p) => ({...p, name: `${p.name}${suffix}`}));
  /**
   * Calls visit for every sequence n, head j and query token t: base is the sequence's first number,
   * c0 the head's first column, row the start of P[n][j][t][·], last the last token t may attend to.
   */
  const eachQuery = (batch: number, visit: (base: number, c0: number, row: number, t: number, last: number) => void) => {
    for (let n = 0; n < batch; ++n) {
      for (let j = 0; j < heads; ++j) {
        for (let t = 0; t < T; ++t) visit(n * T * d, j * dh, ((n * heads + j) * T + t) * T, t, causal ? t : T - 1);
      }
    }
  };
  let q: Float64Array = new Float64Array(0), k: Float64Array = q, v: Float64Array = q; // the projections' own buffers
  let o: Float64Array = new Float64Array(0); // Σ_s P v_s, per token, heads side by side
  let P: Float64Array = new Float64Array(0);
  let dq: Float64Array = new Float64Array(0), dk: Float64Array = dq, dv: Float64Array = dq;
  let dP: Float64Array = new Float64Array(0); // one row of dP, reused
  let dx: Float64Array = new Float64Array(0);
  return {
    kind: "selfAttention",
    tokens,
    width,
    heads,
    causal,
    inSize: T * d,
    outSize: T * d,
    params: [...named(query, "q"), ...named(key, "k"), ...named(value, "v"), ...named(output, "o")],
    query,
    key,
    value,
    output,
    attention: () => P,
    forward(x, batch, training) {
      const rows = batch * T;
      q = query.forward(x, rows, training);
      k = key.forward(x, rows, training);
      v = value.forward(x, rows, training);
      o = ensure(o, rows * d);
      P = ensure(P, batch * heads * T * T);
      eachQuery(batch, (base, c0, row, t, last) => {
        const qt = base + t * d + c0;
        // S[t][s] = q_t · k_s / √d_h, kept in P's row, and its maximum (for a stable softmax)
        let max = -Infinity;
        for (let s = 0; s <= last; ++s) {
          const ks = base + s * d + c0;
          let dot = 0;
          for (let c = 0; c < dh; ++c) dot += q[qt + c] * k[ks + c];
          P[row + s] = dot * scale;
          if (P[row + s] > max) max = P[row + s];
        }
        // P[t][s] = exp(S − max) / Σ exp(S − max); masked entries are 0
        let sum = 0;
        for (let s = 0; s <= last; ++s) sum += P[row + s] = exp(P[row + s] - max);
        for (let s = 0; s <= last; ++s) P[row + s] /= sum;
        for (let s = last + 1; s < T; ++s) P[row + s] = 0;
        // o_t = Σ_s P[t][s] v_s
        const ot = qt; // o_t sits where q_t does, in its own buffer
        for (let c = 0; c < dh; ++c) o[ot + c] = 0;
        for (let s = 0; s <= last; ++s) {
          const p = P[row + s], vs = base + s * d + c0;
          for (let c = 0; c < dh; ++c) o[ot + c] += p * v[vs + c];
        }
      });
      return output.forward(o, rows, training);
    },
    backward(dy, batch) {
      const rows = batch * T, m = rows * d;
      const dO = output.backward(dy, rows);
      dq = ensure(dq, m);
      dk = ensure(dk, m);
      dv = ensure(dv, m);
      dP = ensure(dP, T);
      dq.fill(0, 0, m);
      dk.fill(0, 0, m);
      dv.fill(0, 0, m);
      eachQuery(batch, (base, c0, row, t, last) => {
        const ot = base + t * d + c0, qt = ot;
        // dP[t][s] = dO_t · v_s and dv_s += P[t][s] dO_t; then Σ_s P dP for the softmax
        let pdp = 0;
        for (let s = 0; s <= last; ++s) {
          const vs = base + s * d + c0, p = P[row + s];
          let dot = 0;
          for (let c = 0; c < dh; ++c) {
            dot += dO[ot + c] * v[vs + c];
            dv[vs + c] += p * dO[ot + c];
          }
          dP[s] = dot;
          pdp += p * dot;
        }
        // dS[t][s] = P (dP − Σ P dP); dq_t += dS k_s / √d_h; dk_s += dS q_t / √d_h
        for (let s = 0; s <= last; ++s) {
          const g = P[row + s] * (dP[s] - pdp) * scale;
          if (g === 0) continue;
          const ks = base + s * d + c0;
          for (let c = 0; c < dh; ++c) {
            dq[qt + c] += g * k[ks + c];
            dk[ks + c] += g * q[qt + c];
          }
        }
      });
      // x feeds all three projections, so its gradient is the sum of what each sends back.
      dx = ensure(dx, m);
      const fromQ = query.backward(dq, rows);
      for (let i = 0; i < m; ++i) dx[i] = fromQ[i];
      const fromK = key.backward(dk, rows);
      for (let i = 0; i < m; ++i) dx[i] += fromK[i];
      const fromV = value.backward(dv, rows);
      for (let i = 0; i < m; ++i) dx[i] += fromV[i];
      return dx;
    }
  };
}
