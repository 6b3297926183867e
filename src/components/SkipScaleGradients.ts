// SkipScaleGradients: the gradient norm at every block of residual networks whose skips are scaled,
// y = λx + αF(x), one line per λ on a log scale, each with the dotted line the pure skip path alone
// predicts, λ^(L−l) times the gradient at the top. A caption made from the same numbers says how far
// the measurement sits from λ^L.
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import {formatRatio} from "./GradientNorms.js";
import {logDomain, logTickFormat, offLogScale, spreadLabels} from "./log-axis.js";
import {lambdaStyles} from "./scaling-styles.js";

export interface SkipScaleSeries {
  /** λ, the scale on every skip. */
  lambda: number;
  /** ‖∂L/∂h_l‖ for l = 0 … L (0 = the first block's input, L = the last block's output). */
  norms: ArrayLike<number>;
}

export interface SkipScaleData {
  /** L, the number of blocks. */
  depth: number;
  /** α, the fixed weight on every branch. */
  alpha: number;
  series: readonly SkipScaleSeries[];
}

export interface SkipScaleGradientsOptions {
  /** Width in pixels; default 640. */
  width?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

export interface SkipScaleRow {
  lambda: number;
  layer: number;
  measured: number | undefined;
  /** The pure skip path's prediction: λ^(L−l) · ‖∂L/∂h_L‖. */
  skipPath: number | undefined;
}

const drawable = (v: number) => Number.isFinite(v) && v > 0;

/** The rows behind the chart: per λ and layer, the measured norm and the skip path's prediction. */
export function skipScaleRows(data: SkipScaleData): SkipScaleRow[] {
  return data.series.flatMap(({lambda, norms}) => {
    const top = norms[norms.length - 1];
    return Array.from(norms, (norm, layer) => {
      const predicted = Math.abs(lambda) ** (data.depth - layer) * top;
      return {lambda, layer, measured: drawable(norm) ? norm : undefined, skipPath: drawable(predicted) ? predicted : undefined};
    });
  });
}

/**
 * The points the dotted skip-path line is drawn through: λ^(L−l)·‖∂L/∂h_L‖ is a straight line on the
 * log scale (its log is linear in l), so its two ends draw the same line as every layer's point, at a
 * fraction of the cost of a redraw. Where some layer's prediction is not drawable (it under- or
 * overflowed), every row, so the line breaks there as before.
 */
export function skipPathLine(rows: readonly SkipScaleRow[]): readonly SkipScaleRow[] {
  if (rows.length <= 2 || rows.some((r) => r.skipPath === undefined)) return rows;
  return [rows[0], rows[rows.length - 1]];
}

export function SkipScaleGradients(data: SkipScaleData, {width = 640, veil = false}: SkipScaleGradientsOptions = {}): HTMLElement {
  const rows = skipScaleRows(data);
  const height = Math.round(Math.max(260, Math.min(420, width * 0.6)));
  const values = rows.flatMap((r) => [r.measured, r.skipPath]).filter((v): v is number => v !== undefined);
  const [lo, hi] = logDomain(values);
  const markEvery = Math.max(1, Math.round(data.depth / 8));
  const marks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12})];
  data.series.forEach(({lambda}, i) => {
    const {stroke, dash, symbol} = lambdaStyles(lambda, i);
    const mine = rows.filter((r) => r.lambda === lambda);
    marks.push(
      Plot.line(skipPathLine(mine), {x: "layer", y: "skipPath", stroke, strokeWidth: 1.5, strokeDasharray: "1,4", strokeLinecap: "round"}),
      Plot.line(mine, {x: "layer", y: "measured", stroke, strokeWidth: 2.5, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(mine.filter((r) => r.measured !== undefined && (r.layer + i) % markEvery === 0), {x: "layer", y: "measured", fill: stroke, symbol, r: 4})
    );
  });
  // Labels just inside the left edge, above each line's start, nudged apart where the starts are close.
  const starts = data.series.flatMap(({lambda}, i) => {
    const first = rows.find((r) => r.lambda === lambda && r.measured !== undefined);
    return first ? [{first, style: lambdaStyles(lambda, i)}] : [];
  });
  const dy = spreadLabels(starts.map(({first}) => first.measured!), {lo: Math.log10(lo), hi: Math.log10(hi), height: height - 78});
  starts.forEach(({first, style}, i) => {
    marks.push(Plot.text([first], {x: "layer", y: "measured", text: () => `λ = ${first.lambda}`, fill: style.text, dx: 6, dy: dy[i] - 9, textAnchor: "start", fontWeight: "bold", stroke: "white", strokeWidth: 4, paintOrder: "stroke"}));
  });
  marks.push(Plot.tip(rows.filter((r) => r.measured !== undefined), Plot.pointerX({x: "layer", y: "measured", channels: {λ: "lambda", "skip path": "skipPath"}, format: {y: (v: number) => formatRatio(v), "skip path": (v: number) => formatRatio(v)}})));
  const chart = Plot.plot({
    width,
    height,
    marginTop: 34, // room for the top line's label under the axis label
    marginLeft: 56,
    marginRight: 16,
    marginBottom: 44,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [0, Math.max(1, data.depth)], label: "block boundary l (0 = the input side) →", labelAnchor: "center", labelOffset: 38},
    y: {type: "log", label: "↑ gradient norm ‖∂L/∂hₗ‖ (log scale)", tickFormat: logTickFormat(lo, hi)},
    marks
  });
  return Frame(chart, {name: "skip-scale-gradients", caption: describeSkipScale(data), data: rows, veil});
}

/** The caption: per λ, the first block's gradient over the last's, next to λ^L. */
export function describeSkipScale({depth, alpha, series}: SkipScaleData): string {
  const clauses = series.map(({lambda, norms}, i) => {
    const first = norms[0], top = norms[norms.length - 1];
    const predicted = `${lambda}^${depth} = ${formatRatio(Math.abs(lambda) ** depth)}`;
    const {look} = lambdaStyles(lambda, i);
    if (!drawable(first) || !drawable(top)) return `for λ = ${lambda} (${look}) the gradient is not a finite positive number at one end (${formatRatio(first)} and ${formatRatio(top)}), against ${predicted} for the skip path`;
    return `${formatRatio(first / top)} for λ = ${lambda} (${look}; the skip path alone gives ${predicted})`;
  });
  return [
    `In ${depth} blocks y = λx + ${alpha}·F(x), on one batch of 32 random examples, the first block's gradient as a fraction of the last block's is ${clauses.join("; ")}.`,
    alpha === 0
      ? "With α = 0 the branches are switched off and only the skip path is left, so each measured line lies on its dotted prediction."
      : "The branches add paths of their own, so a measured line can leave its dotted prediction (the skip path's λ^(L−l), in the same colour).",
    offLogScale(series.flatMap(({norms}) => Array.from(norms)), "measured gradient norm"),
    "Each λ is labelled at its line's start."
  ].filter(Boolean).join(" ");
}
