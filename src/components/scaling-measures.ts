// The numbers /scaling states in its prose and its exercises' answers, each measured by the engine
// (the exercises' when the reader clicks Check).
import {createNetwork, deriveSeed, gradientNorms, norm, randomNormal, randomSeeded, type NetworkSpec} from "../lib/index.js";

/**
 * How much a network's blocks grow the signal at initialisation: ‖h_L‖ / ‖h_0‖ for a batch of 32
 * standard-normal inputs, h_0 the stem's output and h_L the last block's.
 */
export function forwardGrowth(spec: NetworkSpec, batch = 32): number {
  const net = createNetwork(spec);
  const normal = randomNormal(randomSeeded(deriveSeed(net.spec.seed, 0x64617461)));
  const x = Float64Array.from({length: batch * net.spec.inputSize}, normal);
  let h = net.stem.forward(x, batch, true);
  const h0 = norm(h, batch * net.stem.outSize);
  for (const block of net.blocks) h = block.forward(h, batch, true);
  return norm(h, batch * net.blocks[net.blocks.length - 1].outSize) / h0;
}

/** ‖∂L/∂h_0‖ / ‖∂L/∂h_L‖ for L pre-activation blocks y = λx + α F(x) (one batch of 32 random examples). */
export function skipGradientRatio({lambda, alpha, depth, seed = 0}: {lambda: number; alpha: number; depth: number; seed?: number}): number {
  const g = gradientNorms({inputSize: 16, outputSize: 1, width: 16, depth, block: "pre", activation: "relu", skipScale: lambda, alpha, seed});
  return g[0] / g[g.length - 1];
}

/**
 * Fixup's scale on a branch's weight layers at depth L: the norm of the first block's first weight
 * matrix under Fixup over its norm under plain He initialisation (same seed, so the same draw).
 */
export function fixupScale(depth: number, seed = 0): number {
  const spec = {inputSize: 2, outputSize: 2, width: 16, depth, seed};
  const layerOf = (net: ReturnType<typeof createNetwork>) => (net.blocks[0].branch as unknown as {layers: {W?: Float64Array}[]}).layers[0].W!;
  return norm(layerOf(createNetwork({...spec, init: "fixup"}))) / norm(layerOf(createNetwork({...spec, init: "he"})));
}

export const gradientVerdicts = ["vanishing: far below the last block's (under 1/10)", "about the same (within a factor of 10)", "exploding: far above the last block's (over 10 times)"] as const;

/** The plain network with batch norm in every block that /scaling measures in the compute worker (post-activation, relu). */
export function plainBatchNormSpec({depth, width = 8, seed = 0}: {depth: number; width?: number; seed?: number}): NetworkSpec {
  return {inputSize: 2, outputSize: 2, width, depth, norm: "batch", skip: false, activation: "relu", seed};
}

/** The first block's gradient norm over the last block's (norms[0] / norms[L]), and whether it vanishes, holds or explodes. */
export function gradientVerdict(norms: ArrayLike<number>): {ratio: number; verdict: (typeof gradientVerdicts)[number]} {
  const ratio = norms[0] / norms[norms.length - 1];
  return {ratio, verdict: ratio < 0.1 ? gradientVerdicts[0] : ratio > 10 ? gradientVerdicts[2] : gradientVerdicts[1]};
}
