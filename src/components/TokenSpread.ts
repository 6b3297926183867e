// TokenSpread: how different the tokens of a sequence still are after each sublayer of a pre-LN, a
// post-LN and a plain transformer stack at initialisation. Without the residual stream, attention
// averages the tokens into one vector (the rank collapse of Dong et al. 2021); the caption says when.
import type {TransformerGradients} from "../lib/index.js";
import {Frame} from "./Frame.js";
import {formatRatio} from "./GradientNorms.js";
import {listWords} from "./SublayerGradients.js";
import {checkStackData, stackKinds, stackPlot, stackSeries, type StackKind} from "./stacks.js";

export type SpreadRuns = Record<StackKind, Pick<TransformerGradients, "spread">>;

/** Below this spread the tokens are the same vector up to rounding, for every reading purpose. */
export const COLLAPSED = 1e-6;

export interface TokenSpreadOptions {
  /** Chart width in pixels; default 640. */
  width?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

/** A <figure> with the chart of the tokens' spread per stream position, its caption and CSV. */
export function TokenSpread(runs: SpreadRuns, {width = 640, veil = false}: TokenSpreadOptions = {}): HTMLElement {
  const data = {pre: runs.pre.spread, post: runs.post.spread, plain: runs.plain.spread};
  const chart = stackPlot(data, {width, xLabel: "stream position (0 = after the embedding) →", yLabel: "↑ tokens' spread about their mean (log)", xName: "position", yName: "spread"});
  const table = stackKinds.flatMap((stack) => Array.from(data[stack], (spread, position) => ({stack: stackSeries[stack].label, position, spread})));
  return Frame(chart, {name: "token-spread", caption: describeTokenSpread(runs), data: table, veil});
}

/** The first stream position at which the spread is below COLLAPSED, or -1. */
export function collapsedAt(spread: ArrayLike<number>): number {
  return Array.from(spread).findIndex((v) => v < COLLAPSED);
}

/** The caption: the spread at the top of each stack, and where (if anywhere) each collapsed. */
export function describeTokenSpread(runs: SpreadRuns): string {
  const data = {pre: runs.pre.spread, post: runs.post.spread, plain: runs.plain.spread};
  checkStackData(data);
  const n = data.pre.length - 1;
  const name = (stack: StackKind) => (stack === "plain" ? "with no stream" : `in ${stackSeries[stack].label}`);
  const sentences = [
    `The embedded tokens start with spread ${formatRatio(data.pre[0])} (1 would mean they average to zero, 0 that they are all the same vector).`,
    `After the last of ${n} sublayers the spread is ${listWords(stackKinds.map((s) => `${formatRatio(data[s][n])} ${name(s)}`))}.`
  ];
  const collapsed = stackKinds.filter((s) => collapsedAt(data[s]) >= 0);
  for (const s of collapsed) {
    sentences.push(`${s === "plain" ? "With no stream" : `In ${stackSeries[s].label}`} it falls below ${COLLAPSED.toExponential(0)} after sublayer ${collapsedAt(data[s])}: every token of a sequence has become the same vector, to rounding.`);
  }
  if (collapsed.length === 0) sentences.push(`No stack falls below ${COLLAPSED.toExponential(0)}.`);
  sentences.push("Pre-LN: blue solid line with circles; post-LN: green dotted line with squares; no stream: vermillion dashed line with triangles.");
  return sentences.join(" ");
}
