// SublayerGradients: at initialisation, how large the gradient is at each sublayer of a pre-LN, a
// post-LN and a plain transformer stack (the pattern of Xiong et al. 2020, Fig. 3), either for each
// sublayer's weights or along the residual stream, with a caption made from the same numbers.
import type {TransformerGradients} from "../lib/index.js";
import {Frame} from "./Frame.js";
import {formatRatio} from "./GradientNorms.js";
import {checkStackData, drawable, stackKinds, stackPlot, stackSeries, type StackData, type StackKind} from "./stacks.js";

export const gradientQuantities = ["weights", "stream"] as const;
/** "weights": ‖∂L/∂W‖ of each sublayer's weight matrices; "stream": ‖∂L/∂x‖ at each stream position. */
export type GradientQuantity = (typeof gradientQuantities)[number];

export type StackRuns = Record<StackKind, Pick<TransformerGradients, "weights" | "stream">>;

export interface SublayerGradientsOptions {
  /** Which gradient to plot. Default "weights". */
  quantity?: GradientQuantity;
  /** Chart width in pixels; default 640. */
  width?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

/** The values a quantity plots, per stack. */
export function gradientSeries(runs: StackRuns, quantity: GradientQuantity): StackData {
  return {pre: runs.pre[quantity], post: runs.post[quantity], plain: runs.plain[quantity]};
}

/** A <figure> with the chart, its caption, and the numbers as CSV. */
export function SublayerGradients(runs: StackRuns, {quantity = "weights", width = 640, veil = false}: SublayerGradientsOptions = {}): HTMLElement {
  const data = gradientSeries(runs, quantity);
  const weights = quantity === "weights";
  const chart = stackPlot(data, {
    width,
    first: weights ? 1 : 0,
    xLabel: weights ? "sublayer (1 = next to the input) →" : "stream position (0 = after the embedding) →",
    xName: weights ? "sublayer" : "position",
    yName: weights ? "‖∂L/∂W‖" : "‖∂L/∂x‖",
    yLabel: weights ? "↑ ‖∂L/∂W‖ of the sublayer's weights (log)" : "↑ ‖∂L/∂x‖ along the stream (log)"
  });
  const table = stackKinds.flatMap((stack) =>
    Array.from(data[stack], (value, i) => (weights ? {stack: stackSeries[stack].label, sublayer: i + 1, weightGradient: value} : {stack: stackSeries[stack].label, position: i, streamGradient: value}))
  );
  return Frame(chart, {name: `sublayer-gradients-${quantity}`, caption: describeSublayerGradients(runs, quantity), data: table, veil});
}

/** "a, b and c". */
export function listWords(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** "grows 2.4-fold", "shrinks 3.2-fold", "stays within 15% (×1.1)": how `to` compares with `from`. */
export function describeChange(from: number, to: number): string {
  if (!drawable(from) || !drawable(to)) return `goes from ${from} to ${to}`;
  const r = to / from;
  if (r >= 1.15) return `grows ${formatRatio(r)}-fold`;
  if (r <= 1 / 1.15) return `shrinks ${formatRatio(1 / r)}-fold`;
  return `stays within 15% (×${formatRatio(r)})`;
}

/**
 * The caption: the value at the output end in each stack, then how it changes from one end of the
 * stack to the other (in the direction the gradient flows for the stream), then how to read the marks.
 */
export function describeSublayerGradients(runs: StackRuns, quantity: GradientQuantity): string {
  const data = gradientSeries(runs, quantity);
  checkStackData(data);
  const n = data.pre.length;
  const name = (stack: StackKind) => (stack === "plain" ? "with no stream" : `in ${stackSeries[stack].label}`);
  const lastOf = (stack: StackKind) => data[stack][data[stack].length - 1];
  const sentences =
    quantity === "weights"
      ? [
          `At initialisation, with ${n} sublayers (${n / 2} blocks), the weight gradient of the last sublayer (the norm over all its weight matrices) is ${listWords(stackKinds.map((s) => `${formatRatio(lastOf(s))} ${name(s)}`))}.`,
          `From the first sublayer to the last it ${listWords(stackKinds.map((s) => `${describeChange(data[s][0], lastOf(s))} ${name(s)}`))}.`
        ]
      : [
          `At initialisation, with ${n - 1} sublayers, the gradient reaching the stream's output end is ${listWords(stackKinds.map((s) => `${formatRatio(lastOf(s))} ${name(s)}`))}.`,
          `Flowing back to the input end (position 0) it ${listWords(stackKinds.map((s) => `${describeChange(lastOf(s), data[s][0])} ${name(s)}`))}.`
        ];
  const undrawn = stackKinds.filter((s) => Array.from(data[s]).some((v) => !drawable(v)));
  if (undrawn.length) sentences.push(`Some values ${listWords(undrawn.map(name))} are zero or not finite and are left out of the log-scale chart.`);
  sentences.push("Pre-LN: blue solid line with circles; post-LN: green dotted line with squares; no stream: vermillion dashed line with triangles.");
  return sentences.join(" ");
}
