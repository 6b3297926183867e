// The engine computations behind the /everywhere exercises: each runs lib/ when the reader clicks
// Check, so the answers stay true when the engine changes. Pure functions, no DOM.
import {createTransformer, dense, transformerGradients, type TransformerSpec} from "../lib/index.js";
import {stackKinds, stackSpec} from "./stacks.js";
import {collapsedAt} from "./TokenSpread.js";

/** The spec the exercises share unless they say otherwise. */
export const exerciseSpec: TransformerSpec = {tokens: 8, inputSize: 8, outputSize: 8, width: 16, blocks: 6, heads: 2, seed: 0};

/** ‖∂L/∂W‖ of the last sublayer in post-LN over the same in pre-LN, at initialisation. */
export function lastSublayerRatio(spec: TransformerSpec): number {
  const last = (stack: "pre" | "post") => transformerGradients(stackSpec(spec, stack)).weights.at(-1)!;
  return last("post") / last("pre");
}

/** The bins a ratio is asked in, and the one a ratio falls in. */
export const ratioBins = ["less than 1", "from 1 to 3", "from 3 to 10", "more than 10"] as const;
export function ratioBin(ratio: number): (typeof ratioBins)[number] {
  return ratio < 1 ? ratioBins[0] : ratio < 3 ? ratioBins[1] : ratio < 10 ? ratioBins[2] : ratioBins[3];
}

/** After how many sublayers the plain stack's tokens have collapsed to one vector (spread below 1e-6), or -1. */
export function collapseSublayer(spec: TransformerSpec): number {
  return collapsedAt(transformerGradients(stackSpec(spec, "plain")).spread);
}

export const concatenationChoices = ["A = I, B = 0", "A = 0, B = I", "A = I, B = I", "no choice of A and B"] as const;

/**
 * Which W = [A B] makes a dense layer on the concatenation [u; s] compute the residual sum u + s.
 * Each candidate is built as a real dense layer and run on seeded vectors; the first that matches wins.
 */
export function concatenationAsSum(d = 4): (typeof concatenationChoices)[number] {
  const u = Float64Array.from({length: d}, (_, i) => Math.sin(1 + i));
  const s = Float64Array.from({length: d}, (_, i) => Math.cos(2 + 3 * i));
  const both = Float64Array.from([...u, ...s]); // the U-Net's concatenation along channels
  const candidates: [(typeof concatenationChoices)[number], number, number][] = [
    [concatenationChoices[0], 1, 0],
    [concatenationChoices[1], 0, 1],
    [concatenationChoices[2], 1, 1]
  ];
  for (const [label, a, b] of candidates) {
    const layer = dense(2 * d, d, {bias: false});
    // W[o][i] = a where i = o (the u half), b where i = d + o (the s half)
    for (let o = 0; o < d; ++o) {
      layer.W[o * 2 * d + o] = a;
      layer.W[o * 2 * d + d + o] = b;
    }
    const y = layer.forward(both, 1, false);
    if (Array.from({length: d}, (_, i) => y[i] === u[i] + s[i]).every(Boolean)) return label;
  }
  return concatenationChoices[3];
}

export const identityChoices = ["pre-LN only", "pre-LN and post-LN", "all three", "none of them"] as const;

/**
 * With the last projection of every sublayer at zero (attention's W_o, the feed-forward's second
 * layer), which stacks pass the stream through unchanged? Each is built and run on its own stem's output.
 */
export function identityStacks(spec: TransformerSpec): (typeof identityChoices)[number] {
  const identity = stackKinds.map((stack) => {
    const net = createTransformer(stackSpec(spec, stack));
    for (const attention of net.attentions) attention.output.W.fill(0);
    for (const ffn of net.feedForwards) ffn.contract.W.fill(0);
    const batch = 2, size = net.inSize;
    const x = Float64Array.from({length: batch * size}, (_, i) => Math.sin(0.7 * i + 0.3));
    let h = Float64Array.from(net.stem.forward(x, batch, false).subarray(0, batch * net.blocks[0].inSize));
    const start = Float64Array.from(h);
    for (const block of net.blocks) h = Float64Array.from(block.forward(h, batch, false).subarray(0, start.length));
    return h.every((v, i) => v === start[i]);
  });
  const [pre, post, plain] = identity;
  if (pre && !post && !plain) return identityChoices[0];
  if (pre && post && !plain) return identityChoices[1];
  if (pre && post && plain) return identityChoices[2];
  if (!pre && !post && !plain) return identityChoices[3];
  throw new Error(`unexpected combination: pre ${pre}, post ${post}, plain ${plain}`);
}
