/**
 * A small transformer from a plain spec, built on the same residual block as every network here.
 * Each of its `blocks` holds two sublayers, self-attention then a token-wise feed-forward network,
 * and each sublayer is wrapped the way the spec says:
 *   pre-LN  (Xiong et al. 2020, arXiv:2002.04745):  x + Sublayer(LN(x)),  a final LN before the head
 *   post-LN (Vaswani et al. 2017, arXiv:1706.03762): LN(x + Sublayer(x))
 *   no LN:                                          x + Sublayer(x)
 * With `skip: false` the same spec drops the "x +": Sublayer(LN(x)), LN(Sublayer(x)) or Sublayer(x),
 * a stack with no residual stream, sharing every weight with the residual one.
 *
 * LN here normalises each token's d numbers on its own (tokenwise(layerNorm(d))), as transformers do.
 * The stem embeds each token (a dense layer from the input features to d) and adds a learned
 * position vector; the head maps each token from d to the output features.
 */
import {activationLayer} from "./activation-layer.js";
import {activationNames, type ActivationName} from "./activations.js";
import {MAX_TOKENS, selfAttention, tokenwise, type SelfAttention, type Tokenwise} from "./attention.js";
import {checkBatch, checkInteger, checkNumber, checkOneOf} from "./check.js";
import {dense, type Dense} from "./dense.js";
import {initNames, type InitName} from "./init.js";
import {ensure, norm, param, type Layer} from "./layer.js";
import {mseLoss} from "./loss.js";
import {initWeights, sequentialNetwork, type SequentialNetwork} from "./network.js";
import {layerNorm} from "./norm.js";
import {checkSeed, deriveSeed, randomNormal, randomSeeded} from "./random.js";
import {residual, type Residual} from "./residual.js";
import {sequential} from "./sequential.js";

export const transformerNormNames = ["pre", "post", "none"] as const;
/** Where layer normalisation sits around each sublayer: "pre", "post", or "none". */
export type TransformerNormName = (typeof transformerNormNames)[number];
/** The two kinds of sublayer, in the order they come in a block. */
export type SublayerKind = "attention" | "feedForward";

export const MAX_TRANSFORMER_BLOCKS = 200;
export const MAX_TRANSFORMER_WIDTH = 1024;

export interface FeedForward extends Tokenwise {
  /** The first dense layer, d → h. */
  readonly expand: Dense;
  /** The second dense layer, h → d. */
  readonly contract: Dense;
}

export interface FeedForwardOptions {
  /** The nonlinearity between the two dense layers. Default "relu" (Vaswani et al.). */
  activation?: ActivationName;
}

/**
 * The position-wise feed-forward network: dense d → h, activation, dense h → d, applied to each of
 * `tokens` tokens with the same weights (its dense layers start at zero: a builder fills their W).
 */
export function feedForward(tokens: number, width: number, hidden: number, {activation = "relu"}: FeedForwardOptions = {}): FeedForward {
  checkInteger("width", width, 1, MAX_TRANSFORMER_WIDTH);
  checkInteger("hidden width", hidden, 1, 4 * MAX_TRANSFORMER_WIDTH);
  const expand = dense(width, hidden), contract = dense(hidden, width);
  const act = activationLayer(checkOneOf("activation", activation, activationNames), hidden);
  return {...tokenwise(sequential([expand, act, contract]), tokens), expand, contract};
}

export interface PositionalEmbedding extends Layer {
  readonly kind: "positionalEmbedding";
  /** P, [T][d]: y_t = x_t + P_t. */
  readonly positions: Float64Array;
}

/** Adds a learned vector per position, y_t = x_t + P_t, so attention can tell tokens apart by place. P starts at zero. */
export function positionalEmbedding(tokens: number, width: number): PositionalEmbedding {
  checkInteger("tokens", tokens, 1, MAX_TOKENS);
  checkInteger("width", width, 1, MAX_TRANSFORMER_WIDTH);
  const size = tokens * width;
  const P = param("P", size, false);
  let y: Float64Array = new Float64Array(0);
  return {
    kind: "positionalEmbedding",
    inSize: size,
    outSize: size,
    params: [P],
    positions: P.w,
    forward(x, batch) {
      y = ensure(y, batch * size);
      for (let n = 0; n < batch; ++n) for (let i = 0, o = n * size; i < size; ++i) y[o + i] = x[o + i] + P.w[i];
      return y;
    },
    backward(dy, batch) {
      // ∂L/∂P = Σ_n dy[n]; ∂L/∂x = dy (the same buffer: this layer passes the gradient through)
      P.dw.fill(0);
      for (let n = 0; n < batch; ++n) for (let i = 0, o = n * size; i < size; ++i) P.dw[i] += dy[o + i];
      return dy;
    }
  };
}

export interface TransformerSpec {
  /** T, tokens per example, 1 to 1024. */
  tokens: number;
  /** Features per input token, 1 to 4096. */
  inputSize: number;
  /** Features per output token, 1 to 4096. */
  outputSize: number;
  /** d, the width of the residual stream, 1 to 1024. */
  width: number;
  /** Blocks of two sublayers (attention, feed-forward), 1 to 200. */
  blocks: number;
  /** Attention heads, a divisor of the width. Default 1. */
  heads?: number;
  /** The feed-forward network's hidden width. Default 4 × width, as in Vaswani et al. */
  hidden?: number;
  /** Causal attention (each token sees itself and earlier ones). Default false. */
  causal?: boolean;
  /** The feed-forward activation. Default "relu". */
  activation?: ActivationName;
  /** "pre" (default), "post" or "none": see the module comment. */
  norm?: TransformerNormName;
  /** Keep the residual stream (true, default) or drop every "x +" (false). */
  skip?: boolean;
  /** How every weight matrix is drawn. Default "glorot" (Xavier), the init Xiong et al. analyse. */
  init?: InitName;
  /** Standard deviation of the initial position vectors. Default 1, the scale of a token's embedding. */
  positionScale?: number;
  /** Seed of every weight. Default 0. */
  seed?: number;
}

export interface Transformer extends SequentialNetwork {
  readonly spec: Required<TransformerSpec>;
  /** The 2 × blocks sublayers' kinds, in order: attention, feedForward, attention, ... */
  readonly sublayers: readonly SublayerKind[];
  /** The attention layer of each block. */
  readonly attentions: readonly SelfAttention[];
  /** The feed-forward network of each block. */
  readonly feedForwards: readonly FeedForward[];
}

/** Fills in defaults and checks every field, with a message naming the bad value and the range. */
export function transformerSpec(spec: TransformerSpec): Required<TransformerSpec> {
  if (spec === null || typeof spec !== "object") throw new TypeError(`invalid transformer spec: ${String(spec)}`);
  const {heads = 1, causal = false, activation = "relu", norm = "pre", skip = true, init = "glorot", positionScale = 1, seed = 0} = spec;
  const width = checkInteger("width", spec.width, 1, MAX_TRANSFORMER_WIDTH);
  checkInteger("heads", heads, 1, width);
  if (width % heads !== 0) throw new RangeError(`invalid heads: ${heads} (expected a divisor of the width ${width})`);
  return {
    tokens: checkInteger("tokens", spec.tokens, 1, MAX_TOKENS),
    inputSize: checkInteger("input size", spec.inputSize, 1, 4096),
    outputSize: checkInteger("output size", spec.outputSize, 1, 4096),
    width,
    blocks: checkInteger("blocks", spec.blocks, 1, MAX_TRANSFORMER_BLOCKS),
    heads,
    hidden: checkInteger("hidden width", spec.hidden ?? 4 * width, 1, 4 * MAX_TRANSFORMER_WIDTH),
    causal: Boolean(causal),
    activation: checkOneOf("activation", activation, activationNames),
    norm: checkOneOf("norm", norm, transformerNormNames),
    skip: Boolean(skip),
    init: checkOneOf("init", init, initNames),
    positionScale: checkNumber("position scale", positionScale, 0, 100),
    seed: checkSeed(seed)
  };
}

/**
 * Builds the transformer of `spec`. Every weight draws from its own seeded stream (sublayer i's k-th
 * matrix from deriveSeed(seed, i, k)), so the pre-LN, post-LN and plain stacks of one spec share
 * every weight: a comparison between them is like for like. Biases start at zero, LN gains at 1.
 */
export function createTransformer(input: TransformerSpec): Transformer {
  const spec = transformerSpec(input);
  const {tokens: T, inputSize, outputSize, width: d, blocks, heads, hidden, causal, activation, norm, skip, init, positionScale, seed} = spec;
  const ln = () => tokenwise(layerNorm(d), T);

  const embed = dense(inputSize, d);
  initWeights(embed, init, seed, [0, 0]);
  const positions = positionalEmbedding(T, d);
  const normal = randomNormal(randomSeeded(deriveSeed(seed, 0, 1)));
  for (let i = 0; i < positions.positions.length; ++i) positions.positions[i] = positionScale * normal();
  const stem = sequential([tokenwise(embed, T), positions]);

  const sublayers: SublayerKind[] = [];
  const attentions: SelfAttention[] = [];
  const feedForwards: FeedForward[] = [];
  const wrapped: Residual[] = [];
  for (let b = 0; b < blocks; ++b) {
    const attention = selfAttention(T, d, {heads, causal});
    const ffn = feedForward(T, d, hidden, {activation});
    attentions.push(attention);
    feedForwards.push(ffn);
    const parts: [SublayerKind, Layer, Dense[]][] = [
      ["attention", attention, [attention.query, attention.key, attention.value, attention.output]],
      ["feedForward", ffn, [ffn.expand, ffn.contract]]
    ];
    for (const [kind, F, weights] of parts) {
      sublayers.push(kind);
      const i = sublayers.length; // 1-based sublayer number
      weights.forEach((layer, k) => initWeights(layer, init, seed, [i, k]));
      // x + F(LN(x)), LN(x + F(x)) or x + F(x); skip = false drops the x.
      wrapped.push(norm === "pre" ? residual(sequential([ln(), F]), {skip}) : residual(F, {skip, post: norm === "post" ? ln() : null}));
    }
  }

  const project = dense(d, outputSize);
  initWeights(project, init, seed, [2 * blocks + 1, 0]);
  // Pre-LN leaves the stream unnormalised, so a final LN comes before the head (Xiong et al.).
  const head = norm === "pre" ? sequential([ln(), tokenwise(project, T)]) : tokenwise(project, T);
  return {spec, sublayers, attentions, feedForwards, ...sequentialNetwork(stem, wrapped, head)};
}

export interface TransformerGradients {
  /** The sublayers' kinds, in order. */
  sublayers: readonly SublayerKind[];
  /**
   * ‖∂L/∂x_l‖ along the residual stream: entry l (0 … 2·blocks − 1) at the input of sublayer l + 1,
   * the last entry at the output of the last sublayer.
   */
  stream: Float64Array;
  /** ‖∂L/∂W‖ of each sublayer: the Frobenius norm over all its weight matrices together (not biases or LN gains). */
  weights: Float64Array;
  /**
   * How different the tokens of a sequence still are, tokenSpread(), at the stem's output (entry 0) and
   * after each sublayer (entry l): 0 means every token of a sequence is the same vector.
   */
  spread: Float64Array;
  /** The mean loss of the batch. */
  loss: number;
}

/**
 * The tokens' spread about their mean, √(Σ ‖x_t − x̄‖² / Σ ‖x_t‖²) summed over the batch's sequences,
 * x̄ being each sequence's mean token: 1 when the tokens average to zero, 0 when they are all equal
 * (the "rank collapse" of Dong et al. 2021, arXiv:2103.03404). A batch of all-zero tokens has spread 0.
 */
export function tokenSpread(x: Float64Array, batch: number, tokens: number, width: number): number {
  checkBatch("tokens", x, batch, tokens * width);
  let deviation = 0, total = 0;
  for (let n = 0; n < batch; ++n) {
    const o = n * tokens * width;
    for (let c = 0; c < width; ++c) {
      let mean = 0;
      for (let t = 0; t < tokens; ++t) mean += x[o + t * width + c];
      mean /= tokens;
      for (let t = 0; t < tokens; ++t) {
        const v = x[o + t * width + c];
        deviation += (v - mean) * (v - mean);
        total += v * v;
      }
    }
  }
  return total === 0 ? 0 : Math.sqrt(deviation / total);
}

/**
 * One forward and backward pass of a freshly initialised transformer on a batch of standard-normal
 * token features with standard-normal targets (mean squared error), seeded by spec.seed, and the
 * gradient norms it leaves: along the stream and per sublayer's weights.
 * @param batchSize sequences in the batch, 1 to 4096; default 8
 */
export function transformerGradients(spec: TransformerSpec, {batchSize = 8}: {batchSize?: number} = {}): TransformerGradients {
  checkInteger("batch size", batchSize, 1, 4096);
  const net = createTransformer(spec);
  const {tokens, inputSize, outputSize, seed} = net.spec;
  const normal = randomNormal(randomSeeded(deriveSeed(seed, 0x64617461))); // a stream of its own: "data"
  const x = Float64Array.from({length: batchSize * tokens * inputSize}, normal);
  const y = Float64Array.from({length: batchSize * tokens * outputSize}, normal);
  // The network's forward, one layer at a time, to measure the tokens' spread between sublayers.
  checkBatch("input", x, batchSize, net.inputSize);
  const spread = new Float64Array(net.blocks.length + 1);
  let h = net.stem.forward(x, batchSize, true);
  spread[0] = tokenSpread(h, batchSize, tokens, net.spec.width);
  net.blocks.forEach((block, l) => {
    h = block.forward(h, batchSize, true);
    spread[l + 1] = tokenSpread(h, batchSize, tokens, net.spec.width);
  });
  const prediction = net.head.forward(h, batchSize, true);
  const grad = new Float64Array(batchSize * tokens * outputSize);
  const loss = mseLoss(prediction, y, batchSize, tokens * outputSize, grad);
  net.backward(grad, batchSize);
  const weights = Float64Array.from(net.blocks, (block) => {
    let s = 0;
    for (const p of block.branch.params) if (p.decay) s += norm(p.dw) * norm(p.dw);
    return Math.sqrt(s);
  });
  return {sublayers: net.sublayers, stream: net.gradNorms.slice(1, net.blocks.length + 2), weights, spread, loss};
}
