/** Weight initialisation schemes: each fills a weight array given its fan-in and fan-out. */
import {randomNormal, type Random} from "./random.js";

export const initNames = ["he", "glorot", "uniform", "zero"] as const;
export type InitName = (typeof initNames)[number];

/**
 * - he: N(0, 2 / fanIn), for ReLU (He et al. 2015, "Delving deep into rectifiers").
 * - glorot: N(0, 2 / (fanIn + fanOut)) (Glorot & Bengio 2010, "normalized initialization").
 * - uniform: U(-1/√fanIn, 1/√fanIn), the common default before normalized schemes.
 * - zero: all zeros (an identity residual branch; SkipInit-style last layers).
 * @param gain multiplies the standard deviation (or the uniform half-width)
 */
export function initialize(w: Float64Array, scheme: InitName, fanIn: number, fanOut: number, random: Random, gain = 1): Float64Array {
  if (scheme === "zero") return w.fill(0);
  if (scheme === "uniform") {
    const a = gain / Math.sqrt(fanIn);
    for (let i = 0; i < w.length; ++i) w[i] = a * (2 * random() - 1);
    return w;
  }
  const std = gain * Math.sqrt(scheme === "he" ? 2 / fanIn : 2 / (fanIn + fanOut));
  const normal = randomNormal(random);
  for (let i = 0; i < w.length; ++i) w[i] = std * normal();
  return w;
}
