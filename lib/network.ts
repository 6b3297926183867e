/**
 * Networks from a plain spec. A network is a stem (input → width), `depth` blocks, and a head
 * (width → output). Plain and residual networks come from the same spec with one switch, `skip`, and
 * every layer draws its weights from its own seeded stream, so the two share every weight: a
 * comparison between them is like for like.
 */
import {activationNames, type ActivationName} from "./activations.js";
import {activationLayer} from "./activation-layer.js";
import {checkBatch, checkInteger, checkNumber, checkOneOf} from "./check.js";
import {dense, type Dense} from "./dense.js";
import {initialize, initNames, type InitName} from "./init.js";
import {norm, type Layer, type Param} from "./layer.js";
import {checkSeed, deriveSeed, randomSeeded} from "./random.js";
import {residual, type Residual} from "./residual.js";
import {sequential} from "./sequential.js";

export const blockNames = ["post", "pre"] as const;
export type BlockName = (typeof blockNames)[number];
export const branchNames = ["double", "single"] as const;
export type BranchName = (typeof branchNames)[number];

export const MAX_DEPTH = 2000;
export const MAX_WIDTH = 1024;

export interface NetworkSpec {
  /** Numbers per example in. */
  inputSize: number;
  /** Numbers per example out. */
  outputSize: number;
  /** Hidden width of every block. */
  width: number;
  /** Number of blocks, 1 to 2000. */
  depth: number;
  /** Default "relu". */
  activation?: ActivationName;
  /** Residual (true, default) or plain (false): the same network with or without the skip. */
  skip?: boolean;
  /** The branch F: "double" is dense, act, dense (default); "single" is one dense layer. */
  branch?: BranchName;
  /**
   * "post" (default): y = act(x + F(x)), the block of He et al. 2015.
   * "pre": y = x + F(act(x)), the clean identity path of He et al. 2016 (without normalisation here).
   */
  block?: BlockName;
  /** Default "he". */
  init?: InitName;
  /** λ in y = λx + F(x). Default 1. */
  skipScale?: number;
  /** Seed of every weight. Default 0. */
  seed?: number;
}

export interface Network {
  readonly spec: Required<NetworkSpec>;
  readonly stem: Dense;
  readonly blocks: readonly Residual[];
  readonly head: Dense;
  /** stem, blocks, head: the layers in order. */
  readonly layers: readonly Layer[];
  readonly params: readonly Param[];
  /**
   * After backward: gradNorms[k] = ‖∂L/∂(input of layers[k])‖ over the batch, and the last entry is
   * ‖∂L/∂(network output)‖. So gradNorms[1 + l] is the gradient at h_l, the input of block l + 1.
   */
  readonly gradNorms: Float64Array;
  forward(x: Float64Array, batch: number, training?: boolean): Float64Array;
  backward(dOutput: Float64Array, batch: number): Float64Array;
}

/** Fills in defaults and checks every field, with a message naming the bad value and the range. */
export function networkSpec(spec: NetworkSpec): Required<NetworkSpec> {
  if (spec === null || typeof spec !== "object") throw new TypeError(`invalid network spec: ${String(spec)}`);
  const {activation = "relu", skip = true, branch = "double", block = "post", init = "he", skipScale = 1, seed = 0} = spec;
  return {
    inputSize: checkInteger("input size", spec.inputSize, 1, 1 << 20),
    outputSize: checkInteger("output size", spec.outputSize, 1, 1 << 16),
    width: checkInteger("width", spec.width, 1, MAX_WIDTH),
    depth: checkInteger("depth", spec.depth, 1, MAX_DEPTH),
    activation: checkOneOf("activation", activation, activationNames),
    skip: Boolean(skip),
    branch: checkOneOf("branch", branch, branchNames),
    block: checkOneOf("block", block, blockNames),
    init: checkOneOf("init", init, initNames),
    skipScale: checkNumber("skip scale", skipScale, -1e3, 1e3),
    seed: checkSeed(seed)
  };
}

export function createNetwork(input: NetworkSpec): Network {
  const spec = networkSpec(input);
  const {inputSize, outputSize, width, depth, activation, skip, branch, block, init, skipScale, seed} = spec;
  const layerOf = (inSize: number, outSize: number, ...key: number[]) => {
    const layer = dense(inSize, outSize);
    initialize(layer.W, init, inSize, outSize, randomSeeded(deriveSeed(seed, ...key)));
    return layer;
  };
  const act = () => activationLayer(activation, width);
  const stem = layerOf(inputSize, width, 0);
  const blocks: Residual[] = [];
  for (let l = 1; l <= depth; ++l) {
    const F: Layer[] = branch === "double" ? [layerOf(width, width, l, 0), act(), layerOf(width, width, l, 1)] : [layerOf(width, width, l, 0)];
    if (block === "pre") F.unshift(act());
    blocks.push(residual(sequential(F), {skip, scale: skipScale, post: block === "post" ? act() : null}));
  }
  const head = layerOf(width, outputSize, depth + 1);
  const layers: Layer[] = [stem, ...blocks, head];
  const gradNorms = new Float64Array(layers.length + 1);
  return {
    spec,
    stem,
    blocks,
    head,
    layers,
    params: layers.flatMap((layer) => layer.params),
    gradNorms,
    forward(x, batch, training = true) {
      checkBatch("input", x, batch, inputSize);
      for (const layer of layers) x = layer.forward(x, batch, training);
      return x;
    },
    backward(dy, batch) {
      checkBatch("output gradient", dy, batch, outputSize);
      gradNorms[layers.length] = norm(dy, batch * outputSize);
      for (let k = layers.length - 1; k >= 0; --k) {
        dy = layers[k].backward(dy, batch);
        gradNorms[k] = norm(dy, batch * layers[k].inSize);
      }
      return dy;
    }
  };
}
