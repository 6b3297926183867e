/**
 * The /reformulation chapter's task: learn a map of R^size to itself that is the identity plus a small
 * wiggle, y = x + a·sin(x) elementwise, and the two maps every stack of blocks is pulled toward: the
 * identity (a residual stack with all-zero branches) and the zero map (a plain stack with all-zero weights).
 */
import {checkInteger, checkNumber} from "../check.js";
import {MAX_EXAMPLES, type Dataset} from "../datasets.js";
import {randomSeeded, type Random} from "../random.js";
import {MAX_STACK_SIZE} from "./stack.js";

export interface NearIdentityOptions {
  /** Numbers per example, 1 to 256. Default 4. */
  size?: number;
  /** a in y = x + a·sin(x), −10 to 10; 0 asks for the identity itself. Default 0.1. */
  amplitude?: number;
  /** Each input is uniform on [−range, range], 0 to 100. Default π, a full period of the sine. */
  range?: number;
  /** The source of every input. Default randomSeeded(0). */
  random?: Random;
}

/** n examples of x ~ U[−range, range]^size with targets y = x + a·sin(x), a regression dataset. */
export function nearIdentity(n: number, {size = 4, amplitude = 0.1, range = Math.PI, random = randomSeeded(0)}: NearIdentityOptions = {}): Dataset {
  checkInteger("n", n, 1, MAX_EXAMPLES);
  checkInteger("size", size, 1, MAX_STACK_SIZE);
  checkNumber("amplitude", amplitude, -10, 10);
  checkNumber("range", range, 0, 100);
  const x = new Float64Array(n * size), y = new Float64Array(n * size);
  for (let i = 0; i < n * size; ++i) {
    x[i] = range * (2 * random() - 1);
    y[i] = x[i] + amplitude * Math.sin(x[i]);
  }
  return {x, y, n, inputSize: size, outputSize: size};
}

export interface ReferenceLosses {
  /** The mean squared error of the identity map H(x) = x: what an all-zero residual branch scores. */
  identity: number;
  /** The mean squared error of the zero map H(x) = 0: what an all-zero plain stack scores. */
  zero: number;
}

/** The MSE (as train() reports it: mean over examples and outputs) of the identity and the zero map on `data`. */
export function referenceLosses(data: Dataset): ReferenceLosses {
  const {n, inputSize, outputSize, x, y} = data;
  if (inputSize !== outputSize || data.classes !== undefined) {
    throw new RangeError(`invalid data: ${inputSize} inputs and ${outputSize} outputs per example (expected a regression from a space to itself)`);
  }
  const m = n * outputSize;
  let identity = 0, zero = 0;
  for (let i = 0; i < m; ++i) {
    identity += (x[i] - y[i]) ** 2;
    zero += y[i] ** 2;
  }
  return {identity: identity / m, zero: zero / m};
}
