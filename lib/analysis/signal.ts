/**
 * How much a chain of layers changes the size of its input: the ratio of root-mean-square values,
 * rms(out) / rms(in). Used to show why residual branches need small starts without normalisation:
 * a block that adds a branch as large as its input multiplies the signal's power by about 2.
 */
import {checkBatch} from "../check.js";
import {type Layer} from "../layer.js";

/** rms(x) over the first n numbers. */
export function rms(x: ArrayLike<number>, n = x.length): number {
  let s = 0;
  for (let i = 0; i < n; ++i) s += x[i] * x[i];
  return Math.sqrt(s / n);
}

/**
 * Runs `batch` examples x through `layers` in order (training = false) and returns rms(output) / rms(x).
 * Infinity if the input is all zeros and the output is not; NaN if both are.
 */
export function signalGain(layers: readonly Layer[], x: Float64Array, batch: number): number {
  if (!Array.isArray(layers) || layers.length === 0) throw new RangeError(`invalid layers: ${String(layers)} (expected at least one layer)`);
  checkBatch("input", x, batch, layers[0].inSize);
  let h = x;
  for (const layer of layers) h = layer.forward(h, batch, false);
  const last = layers[layers.length - 1];
  return rms(h, batch * last.outSize) / rms(x, batch * layers[0].inSize);
}
