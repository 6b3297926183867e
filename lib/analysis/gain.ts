/**
 * An initialisation gain as a small extension of the network spec: every weight starts `gain` times
 * as large as its scheme draws it (gain > 1 is the "large initialisation" that makes products of
 * layer factors explode; gain < 1 shrinks every branch toward zero).
 */
import {checkNumber} from "../check.js";
import {createNetwork, type Network, type NetworkSpec} from "../network.js";

export interface GainSpec extends NetworkSpec {
  /** Multiplies every initial weight (the scheme's standard deviation or uniform half-width), 0 to 100. Default 1. */
  gain?: number;
}

/**
 * createNetwork(spec), then every weight tensor scaled by spec.gain. Every scheme in lib/init.ts
 * draws w = scale · r from its own seeded stream r, so this is the same network that
 * initialize(w, scheme, fanIn, fanOut, random, gain) would have drawn (up to the last bit of rounding).
 */
export function createNetworkWithGain({gain = 1, ...spec}: GainSpec): Network {
  checkNumber("gain", gain, 0, 100);
  const net = createNetwork(spec);
  if (gain === 1) return net;
  // Weights are the parameters that take weight decay; biases (zero at init) and scales do not.
  for (const p of net.params) if (p.decay) for (let i = 0; i < p.w.length; ++i) p.w[i] *= gain;
  return net;
}
