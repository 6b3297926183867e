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
import {checkInteger, checkNumber, checkOneOf} from "../check.js";
import {dense} from "../dense.js";
import {initialize} from "../init.js";
import {MAX_DEPTH, MAX_WIDTH, sequentialNetwork, type SequentialNetwork} from "../network.js";
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

/**
 * A stack is a SequentialNetwork whose stem and head are the identity (no layer before or after the
 * blocks), so gradNorms[l + 1] = ‖∂L/∂h_l‖, h_0 the input and h_depth the output, as for createNetwork.
 */
export interface Stack extends SequentialNetwork {
  readonly spec: Required<StackSpec>;
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
  const none = () => activationLayer("identity", size);
  return {...sequentialNetwork(none(), blocks, none()), spec};
}
