/**
 * A stack of blocks that maps `size` numbers to `size` numbers, with no stem and no head, for asking a
 * deep network to learn a map of a space to itself (the /reformulation chapter):
 *   residual block: h ← h + F(h),   plain block: h ← F(h),   F(h) = W₂ act(W₁h + b₁) + b₂.
 * The same spec gives both; only `skip` differs, and they share every weight. With all-zero branch
 * weights the residual stack is exactly the identity map and the plain stack exactly the zero map.
 *
 * Init, chosen so the plain stack keeps its signal's size: W₁ ~ N(0, 1/size) (LeCun: its input is not
 * rectified) and W₂ ~ N(0, 2/width) · branchGain² (He: its input went through a ReLU, which halves the
 * second moment). A residual block then adds a branch as large as its input, so with branchGain = 1 the
 * residual stack's signal doubles in power at every block; branchGain near 0 starts it near the identity.
 */
import {activationLayer} from "../activation-layer.js";
import {activationNames, type ActivationName} from "../activations.js";
import {checkBatch, checkInteger, checkNumber, checkOneOf} from "../check.js";
import {dense} from "../dense.js";
import {initialize} from "../init.js";
import {norm, type Layer, type Param} from "../layer.js";
import {MAX_DEPTH, MAX_WIDTH} from "../network.js";
import {checkSeed, deriveSeed, randomSeeded} from "../random.js";
import {residual, type Residual} from "../residual.js";
import {sequential} from "../sequential.js";

export const MAX_STACK_SIZE = 256;

export interface StackSpec {
  /** Numbers in and out of every block, 1 to 256. */
  size: number;
  /** Hidden units in each branch, 1 to 1024. Default 16. */
  width?: number;
  /** Number of blocks, 1 to 2000. */
  depth: number;
  /** Residual (true, default) or plain (false). */
  skip?: boolean;
  /** The branch's activation. Default "relu". */
  activation?: ActivationName;
  /** Multiplies W₂'s initial weights, 0 to 100: 0 makes every branch start at F = 0. Default 1. */
  branchGain?: number;
  /** Seed of every weight. Default 0. */
  seed?: number;
}

export interface Stack extends Layer {
  readonly kind: "stack";
  readonly spec: Required<StackSpec>;
  readonly blocks: readonly Residual[];
  readonly params: readonly Param[];
  /** After backward: gradNorms[l] = ‖∂L/∂h_l‖ over the batch, h_0 the input and h_depth the output. */
  readonly gradNorms: Float64Array;
  forward(x: Float64Array, batch: number, training?: boolean): Float64Array;
}

/** Fills in defaults and checks every field, with a message naming the bad value and the range. */
export function stackSpec(spec: StackSpec): Required<StackSpec> {
  if (spec === null || typeof spec !== "object") throw new TypeError(`invalid stack spec: ${String(spec)}`);
  const {width = 16, skip = true, activation = "relu", branchGain = 1, seed = 0} = spec;
  return {
    size: checkInteger("size", spec.size, 1, MAX_STACK_SIZE),
    width: checkInteger("width", width, 1, MAX_WIDTH),
    depth: checkInteger("depth", spec.depth, 1, MAX_DEPTH),
    skip: Boolean(skip),
    activation: checkOneOf("activation", activation, activationNames),
    branchGain: checkNumber("branch gain", branchGain, 0, 100),
    seed: checkSeed(seed)
  };
}

export function createStack(input: StackSpec): Stack {
  const spec = stackSpec(input);
  const {size, width, depth, skip, activation, branchGain, seed} = spec;
  const blocks: Residual[] = [];
  for (let l = 1; l <= depth; ++l) {
    // Each layer draws from its own seeded stream, so plain and residual stacks share every weight.
    const W1 = dense(size, width), W2 = dense(width, size);
    initialize(W1.W, "he", size, width, randomSeeded(deriveSeed(seed, l, 0)), Math.SQRT1_2);
    initialize(W2.W, "he", width, size, randomSeeded(deriveSeed(seed, l, 1)), branchGain);
    blocks.push(residual(sequential([W1, activationLayer(activation, width), W2]), {skip}));
  }
  const gradNorms = new Float64Array(depth + 1);
  return {
    kind: "stack",
    spec,
    inSize: size,
    outSize: size,
    blocks,
    params: blocks.flatMap((block) => block.params),
    gradNorms,
    forward(x, batch, training = true) {
      checkBatch("input", x, batch, size);
      for (const block of blocks) x = block.forward(x, batch, training);
      return x;
    },
    backward(dy, batch) {
      checkBatch("output gradient", dy, batch, size);
      gradNorms[depth] = norm(dy, batch * size);
      for (let l = depth - 1; l >= 0; --l) {
        dy = blocks[l].backward(dy, batch);
        gradNorms[l] = norm(dy, batch * size);
      }
      return dy;
    }
  };
}
