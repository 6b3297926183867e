// The /landscape exercises' answers, computed by the engine when the reader clicks Check.
import {createNetwork, filterNormalizedDirection, lossPlane, norm, planeDirections, planeShape, randomSeeded, spiral} from "../lib/index.js";
import type {LandscapeData} from "./LossLandscape.js";

/** ‖d‖ of a filter-normalised direction for a one-filter weight `w` (the random draw is seeded). */
export function normalizedFilterNorm(w: readonly number[], seed = 0): number {
  const d = filterNormalizedDirection([{w: Float64Array.from(w), filters: 1}], randomSeeded(seed));
  return norm(d);
}

export interface RescaleResult {
  /** The loss at (a, b) = (range, range) of the slice through the network as drawn. */
  original: number;
  /** The same point of the slice through the rescaled network (stem ×c, every hidden bias ×c, head W ×1/c). */
  rescaled: number;
  /** rescaled / original. */
  ratio: number;
}

/**
 * A ReLU network and its copy with the stem's weights and every hidden bias multiplied by `scale` and
 * the head's weights divided by it (the same function), sliced along filter-normalised directions of
 * the same seed: returns the loss of each at the plane's corner (range, range).
 */
export function rescaledSlice({scale = 10, range = 0.5, seed = 0} = {}): RescaleResult {
  const spec = {inputSize: 2, outputSize: 2, width: 8, depth: 2, activation: "relu", seed} as const;
  const data = spiral(60, {random: randomSeeded(seed)});
  const original = createNetwork(spec), copy = createNetwork(spec);
  const hidden = copy.params.slice(0, -2); // all but the head's W and b
  for (const p of hidden) if (p === hidden[0] || p.name === "b") p.w.forEach((v, i) => (p.w[i] = scale * v));
  copy.head.W.forEach((v, i) => (copy.head.W[i] = v / scale));
  const corner = (net: typeof original) => [...lossPlane(net, data, {directions: planeDirections(net, seed), range, resolution: 3})][2].losses[2]!;
  const a = corner(original), b = corner(copy);
  return {original: a, rescaled: b, ratio: b / a};
}

/** Which slice of the figure has more local minima: "plain", "residual" or "the same number". */
export function moreMinima(data: LandscapeData | null): "plain" | "residual" | "the same number" {
  if (!data) throw new Error("the slices have not started yet: check again when both are complete");
  for (const k of ["plain", "residual"] as const) {
    if (data[k].diverged) throw new Error(`the ${k} network diverged, so it has no slice to count`);
    if (data[k].rows.length < data[k].resolution) throw new Error("the slices are still being computed: check again when both are complete");
  }
  const p = planeShape(data.plain.rows.map((r) => r.losses)).localMinima;
  const r = planeShape(data.residual.rows.map((r) => r.losses)).localMinima;
  return p > r ? "plain" : r > p ? "residual" : "the same number";
}
