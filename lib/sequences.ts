/**
 * Toy sequence tasks for the transformer, in the shape train() takes: each example is T tokens of
 * one number, laid out [T][1], and its target is T numbers too.
 * - "reverse": y_t = x_{T−1−t}. Every output token must fetch another position's input, so the task
 *   needs attention (and positions): a token-wise network alone cannot do better than predicting 0.
 * - "copy": y_t = x_t, the identity, which a residual stream gives almost for free.
 */
import {checkInteger, checkOneOf} from "./check.js";
import {type Dataset} from "./datasets.js";
import {MAX_TOKENS} from "./attention.js";
import {randomNormal, randomSeeded, type Random} from "./random.js";

export const sequenceTaskNames = ["reverse", "copy"] as const;
export type SequenceTaskName = (typeof sequenceTaskNames)[number];

export interface SequenceTaskOptions {
  /** T, tokens per sequence, 1 to 1024. Default 8. */
  tokens?: number;
  /** The source of the inputs, each standard normal. Default randomSeeded(0). */
  random?: Random;
}

/** n sequences of T standard-normal numbers and their targets for the task `name`. */
export function sequenceTask(name: SequenceTaskName, n: number, {tokens = 8, random = randomSeeded(0)}: SequenceTaskOptions = {}): Dataset {
  checkOneOf("task", name, sequenceTaskNames);
  checkInteger("n", n, 1, 1_000_000);
  const T = checkInteger("tokens", tokens, 1, MAX_TOKENS);
  const normal = randomNormal(random);
  const x = Float64Array.from({length: n * T}, normal);
  const y = new Float64Array(n * T);
  for (let i = 0; i < n; ++i) {
    for (let t = 0; t < T; ++t) y[i * T + t] = x[i * T + (name === "reverse" ? T - 1 - t : t)];
  }
  return {x, y, n, inputSize: T, outputSize: T, shape: [T, 1]};
}
