/**
 * The CIFAR ResNet of He et al. 2015 (sec. 4.2), from a plain spec:
 *   stem: 3×3 conv (→ c channels), [BN, act]
 *   stage 1..S: n blocks each; stage s has c·2^(s−1) channels, and its first block (s > 1) has stride 2,
 *   head: [BN, act], global average pool, dense → classes.
 * With three stages that is 6n + 2 weight layers on the longest path (ResNet-20 for n = 3). Blocks are
 *   "post" (He et al. 2015):  y = act(S(x) + BN(conv(act(BN(conv(x)))))),
 *   "pre"  (He et al. 2016):  y = S(x) + conv(act(BN(conv(act(BN(x)))))),
 * the pre-activation network ending in an extra BN and act before the pool (the bracketed norms are
 * left out with norm "none", the post stem's act is always there). The shortcut S is the identity
 * where the shape holds, and where it changes (the first block of stages 2, 3, …):
 *   "A" zero-pad (parameter-free), "B" a 1×1 projection, "C" projections on every block.
 * As in createNetwork, every weight layer draws from its own seeded stream, so the plain net
 * (skip: false) and the residual net of one spec share every branch weight. Fixup scales each
 * branch's He-initialised convolutions by L^(−1/2) (two per branch, L = stages · n).
 */
import {activationLayer} from "./activation-layer.js";
import {checkInteger, checkOneOf} from "./check.js";
import {conv2d} from "./conv.js";
import {dense} from "./dense.js";
import {type Layer} from "./layer.js";
import {countParams, initBranch, initWeights, residualSchemeSpec, sequentialNetwork, type ResidualSchemeSpec, type SequentialNetwork} from "./network.js";
import {batchNorm} from "./norm.js";
import {globalAvgPool} from "./pool.js";
import {residual, type Residual} from "./residual.js";
import {sequential} from "./sequential.js";
import {projectionShortcut, zeroPadShortcut} from "./shortcuts.js";

export const resNetShortcutNames = ["A", "B", "C"] as const;
export type ResNetShortcutName = (typeof resNetShortcutNames)[number];
export const resNetBlockNames = ["post", "pre"] as const;
export const resNetNormNames = ["batch", "none"] as const;

export const MAX_BLOCKS_PER_STAGE = 200;
export const MAX_STAGES = 4;
export const MAX_IMAGE_SIDE = 256;

/** An image tensor's shape: [channels, height, width]. */
export type Shape = readonly [channels: number, height: number, width: number];

export interface ResNetSpec extends ResidualSchemeSpec {
  /** One example's shape: channels, height and width in pixels (each side at least 2^(stages − 1)). */
  input: {channels: number; height: number; width: number};
  /** Classes out (logits per example), 1 to 1000. */
  classes: number;
  /** n, blocks per stage, 1 to 200. */
  blocksPerStage: number;
  /** c, channels of the stem and the first stage, 1 to 256. Default 16. */
  baseChannels?: number;
  /** Stages, 1 to 4; each after the first halves the image and doubles the channels. Default 3. */
  stages?: number;
  /**
   * Shortcut where a block changes shape: "A" zero-pad (default: the CIFAR choice of He et al. 2015,
   * sec. 4.2, which keeps plain and residual nets at exactly the same parameter count), "B" a 1×1
   * projection (followed by BN in post blocks with norm "batch"), "C" projections on every block.
   */
  shortcut?: ResNetShortcutName;
  /** "post" (default, He et al. 2015) or "pre" (pre-activation, He et al. 2016). */
  block?: (typeof resNetBlockNames)[number];
  /** "batch" (default) or "none". Convolutions carry biases only with "none". */
  norm?: (typeof resNetNormNames)[number];
}

export type ResolvedResNetSpec = Required<Omit<ResNetSpec, "input">> & {readonly input: {readonly channels: number; readonly height: number; readonly width: number}};

export interface ResNetBlockInfo {
  /** Stage number, 1-based. */
  readonly stage: number;
  readonly in: Shape;
  readonly out: Shape;
  /** Stride of the block's first convolution (and of its shortcut). */
  readonly stride: number;
  /** The shortcut in use: "identity", "zeroPad" (A), "projection" (B/C), or "none" in a plain net. */
  readonly shortcut: "identity" | "zeroPad" | "projection" | "none";
  /** Learned numbers in the block, shortcut (and α) included. */
  readonly params: number;
  /** Learned numbers in the shortcut alone. */
  readonly shortcutParams: number;
}

export interface ResNet extends SequentialNetwork {
  readonly spec: ResolvedResNetSpec;
  /** Weight layers on the longest path: stem + 2 per block + classifier (6n + 2 with three stages). */
  readonly depth: number;
  /** Shape after the stem (the input of the first block). */
  readonly stemShape: Shape;
  /** Per block, in order: shapes in and out, stride, shortcut kind and parameter counts. */
  readonly blockInfo: readonly ResNetBlockInfo[];
  /** Learned numbers in the stem and in the head. */
  readonly stemParams: number;
  readonly headParams: number;
}

/** Fills in defaults and checks every field, with a message naming the bad value and the range. */
export function resNetSpec(spec: ResNetSpec): ResolvedResNetSpec {
  if (spec === null || typeof spec !== "object") throw new TypeError(`invalid ResNet spec: ${String(spec)}`);
  const {input, baseChannels = 16, stages = 3, shortcut = "A", block = "post", norm = "batch"} = spec;
  if (input === null || typeof input !== "object") throw new TypeError(`invalid input: ${String(input)} (expected {channels, height, width})`);
  checkInteger("stages", stages, 1, MAX_STAGES);
  const minSide = 2 ** (stages - 1); // each stride-2 stage needs at least 2 pixels to halve
  return {
    input: {
      channels: checkInteger("input channels", input.channels, 1, 64),
      height: checkInteger("input height", input.height, minSide, MAX_IMAGE_SIDE),
      width: checkInteger("input width", input.width, minSide, MAX_IMAGE_SIDE)
    },
    classes: checkInteger("classes", spec.classes, 1, 1000),
    blocksPerStage: checkInteger("blocks per stage", spec.blocksPerStage, 1, MAX_BLOCKS_PER_STAGE),
    baseChannels: checkInteger("base channels", baseChannels, 1, 256),
    stages,
    shortcut: checkOneOf("shortcut", shortcut, resNetShortcutNames),
    block: checkOneOf("block", block, resNetBlockNames),
    norm: checkOneOf("norm", norm, resNetNormNames),
    ...residualSchemeSpec(spec)
  };
}

/**
 * Builds the ResNet of a spec (see ResNetSpec for fields and defaults). Input examples are [C][H][W]
 * images flattened row by row; outputs are `classes` logits. Call forward with training = false to
 * evaluate with the batch norms' running statistics.
 */
export function createResNet(input: ResNetSpec): ResNet {
  const spec = resNetSpec(input);
  const {classes, blocksPerStage: n, baseChannels, stages, shortcut, skip, block, norm, activation, init, zeroInitLast, alpha, skipScale, seed} = spec;
  const L = stages * n;
  const act = ([c, h, w]: Shape) => activationLayer(activation, c * h * w);
  const bn = ([c, h, w]: Shape): Layer[] => (norm === "batch" ? [batchNorm(c, h * w)] : []);
  const conv = ([c, h, w]: Shape, outChannels: number, stride: number) =>
    conv2d({inChannels: c, outChannels, height: h, width: w, kernel: 3, stride, padding: 1, bias: norm === "none"});

  const inShape: Shape = [spec.input.channels, spec.input.height, spec.input.width];
  const stemConv = conv(inShape, baseChannels, 1);
  initWeights(stemConv, init, seed, [0]);
  const stemShape: Shape = [baseChannels, inShape[1], inShape[2]];
  const stem = sequential(block === "post" ? [stemConv, ...bn(stemShape), act(stemShape)] : [stemConv]);

  const blocks: Residual[] = [];
  const blockInfo: ResNetBlockInfo[] = [];
  let shape = stemShape;
  for (let s = 0; s < stages; ++s) {
    for (let j = 0; j < n; ++j) {
      const l = s * n + j + 1; // block number, keys its weights' streams
      const stride = s > 0 && j === 0 ? 2 : 1;
      const [c, h, w] = shape;
      const conv1 = conv(shape, baseChannels * 2 ** s, stride);
      const out: Shape = [conv1.outChannels, conv1.outHeight, conv1.outWidth];
      const conv2 = conv(out, out[0], 1);
      const F = block === "post" ? [conv1, ...bn(out), act(out), conv2, ...bn(out)] : [...bn(shape), act(shape), conv1, ...bn(out), act(out), conv2];
      initBranch(F, {init, seed, block: l, blocks: L, zeroLast: zeroInitLast});
      const changes = stride !== 1 || c !== out[0];
      const geometry = {inChannels: c, outChannels: out[0], height: h, width: w, stride};
      let S: Layer | null = null;
      if (shortcut === "C" || (changes && shortcut === "B")) {
        // Pre-activation keeps the shortcut path free of norms; post blocks normalise the projection like the branch.
        const projection = projectionShortcut({...geometry, norm: norm === "batch" && block === "post"});
        initWeights(projection.linear, init, seed, [l, 2]);
        S = projection;
      } else if (changes) {
        S = zeroPadShortcut(geometry);
      }
      const r = residual(sequential(F), {skip, shortcut: S, scale: skipScale, alpha, post: block === "post" ? act(out) : null});
      blocks.push(r);
      blockInfo.push({
        stage: s + 1,
        in: shape,
        out,
        stride,
        shortcut: r.shortcut ? (r.shortcut.kind as "zeroPad" | "projection") : skip ? "identity" : "none",
        params: countParams(r.params),
        shortcutParams: r.shortcut ? countParams(r.shortcut.params) : 0
      });
      shape = out;
    }
  }

  const classifier = dense(shape[0], classes);
  initWeights(classifier, init, seed, [L + 1]);
  if (init === "fixup") classifier.W.fill(0); // Fixup starts the classifier at zero too
  const pool = globalAvgPool(shape[0], shape[1], shape[2]);
  const head = sequential(block === "pre" ? [...bn(shape), act(shape), pool, classifier] : [pool, classifier]);
  const net = sequentialNetwork(stem, blocks, head);
  return {
    spec,
    ...net,
    depth: 2 * L + 2,
    stemShape,
    blockInfo,
    stemParams: countParams(stem.params),
    headParams: countParams(head.params)
  };
}
