// BlockFactor: the 1-D block F(x) = act(w x + b) and the factor each kind of block multiplies a
// gradient by: F'(x) without the skip, 1 + F'(x) with it, against x, with the most F' can reach
// (|w| times the activation's largest slope) drawn as a reference line.
import * as Plot from "@observablehq/plot";
import type {DerivativeRow} from "../lib/index.js";
import {halo, plotDefaults, type FigureOptions} from "./figure.js";
import {Frame} from "./Frame.js";
import {formatFactor, formatNumber} from "./format.js";
import {series} from "./palette.js";

export interface BlockFactorData {
  /** The curve, from derivativeCurve(xs, {activation, w, b}). */
  rows: readonly DerivativeRow[];
  /** The most |F'(x)| can be: |w| · maxSlope(activation). */
  bound: number;
  /** For the caption and the bound's label, e.g. "sigmoid". */
  activation: string;
  w: number;
  b: number;
}

type Kind = "plain" | "residual";
const labels: Record<Kind, string> = {plain: "F′(x), plain", residual: "1 + F′(x), residual"};

/** A <figure> with the two factors against x, the bound, and a caption made from the numbers. */
export function BlockFactor(data: BlockFactorData, {width = 640, height, veil = false}: FigureOptions = {}): HTMLElement {
  checkData(data);
  const h = height ?? Math.round(Math.max(260, Math.min(380, width * 0.5)));
  const long = (["plain", "residual"] as const).flatMap((kind) => data.rows.map((r) => ({x: r.x, y: r[kind], kind, label: labels[kind]})));
  const signedBound = data.w < 0 ? -data.bound : data.bound;
  const [x0, x1] = [data.rows[0].x, data.rows[data.rows.length - 1].x];
  const marks: Plot.Markish[] = [
    Plot.gridY({strokeOpacity: 0.12}),
    Plot.ruleY([0], {stroke: "#888"}),
    Plot.ruleY([1], {stroke: "#888", strokeDasharray: "2,3"}),
    // The bound: |F'| ≤ |w| · max act', a formula of the knobs, not a fitted line.
    Plot.ruleY([signedBound], {stroke: "black", strokeDasharray: "1,3", strokeWidth: 1.5}),
    Plot.text([signedBound], {
      x: x0,
      y: (d) => d,
      text: () => `most F′ can be: |w| · max ${data.activation}′ = ${formatNumber(signedBound)}`,
      textAnchor: "start",
      dy: -8, // above the line: below a negative bound sits the x axis
      fontSize: 12,
      fill: "black",
      stroke: "white",
      strokeWidth: 4,
      paintOrder: "stroke"
    })
  ];
  for (const kind of ["plain", "residual"] as const) {
    const {stroke, dash, symbol, text} = series[kind];
    const rows = long.filter((d) => d.kind === kind);
    const every = Math.max(1, Math.round(rows.length / Math.max(6, Math.min(12, width / 60))));
    marks.push(
      Plot.line(rows, {x: "x", y: "y", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(rows.filter((_, i) => (i + (kind === "plain" ? 0 : Math.floor(every / 2))) % every === 0), {x: "x", y: "y", fill: stroke, symbol, r: 3.5}),
      // Direct labels at the right end, above the residual line and below the plain one (the bound's label is on the left).
      Plot.text([rows[rows.length - 1]], {
        x: "x",
        y: "y",
        text: () => labels[kind],
        textAnchor: "end",
        dy: -12,
        fill: text,
        fontWeight: "bold",
        fontSize: 13,
        ...halo
      })
    );
  }
  marks.push(Plot.tip(long, Plot.pointerX({x: "x", y: "y", stroke: "kind", channels: {factor: "label"}, format: {stroke: false, x: (x: number) => x.toFixed(2), y: (y: number) => y.toPrecision(3)}})));
  const chart = Plot.plot({
    width,
    height: h,
    ...plotDefaults,
    x: {label: "input x →", labelAnchor: "center", labelOffset: 34, domain: [x0, x1]},
    y: {label: "↑ factor on the gradient", nice: true},
    marks
  });
  return Frame(chart, {name: "block-factor", caption: describeBlockFactor(data), data: data.rows.map((r) => ({...r})), veil});
}

function checkData(data: BlockFactorData): void {
  if (!data || !Array.isArray(data.rows) || data.rows.length < 2) throw new Error(`invalid rows: ${data?.rows?.length ?? data?.rows} (expected at least 2 points)`);
  if (!Number.isFinite(data.bound) || data.bound < 0) throw new Error(`invalid bound: ${data.bound} (expected a number of 0 or more)`);
}

function extent(rows: readonly DerivativeRow[], kind: Kind): {min: DerivativeRow; max: DerivativeRow} {
  let min = rows[0], max = rows[0];
  for (const r of rows) {
    if (r[kind] < min[kind]) min = r;
    if (r[kind] > max[kind]) max = r;
  }
  return {min, max};
}

function withinBound(rows: readonly DerivativeRow[], bound: number): boolean {
  return rows.every((r) => Math.abs(r.plain) <= bound * (1 + 1e-12));
}

const at = (x: number) => `x = ${Number(x.toFixed(2))}`;

/** The caption: each factor's range and where it peaks, and what the skip did to the range. */
export function describeBlockFactor(data: BlockFactorData): string {
  checkData(data);
  const {rows, activation, w, b, bound} = data;
  const plain = extent(rows, "plain"), res = extent(rows, "residual");
  const x0 = rows[0].x, x1 = rows[rows.length - 1].x;
  const sentences = [
    `For F(x) = ${activation}(${formatNumber(w)}·x + ${formatNumber(b)}) on x from ${formatNumber(x0)} to ${formatNumber(x1)}, the plain factor F′(x) runs from ${formatNumber(plain.min.plain)} (at ${at(plain.min.x)}) to ${formatNumber(plain.max.plain)} (at ${at(plain.max.x)}); ${withinBound(rows, bound) ? "its size never exceeds" : "its size exceeds"} ${formatNumber(bound)}, the bound |w| · max ${activation}′.`,
    `The residual factor 1 + F′(x) runs from ${formatFactor(res.min.residual)} to ${formatFactor(res.max.residual)}.`
  ];
  const nonPositive = rows.filter((r) => r.residual <= 0);
  if (nonPositive.length > 0) {
    sentences.push(`It reaches 0 or below at ${nonPositive.length} of the ${rows.length} points (from ${at(nonPositive[0].x)} to ${at(nonPositive[nonPositive.length - 1].x)}): there F′(x) ≤ −1 cancels the skip's 1.`);
  } else if (res.min.residual >= 1) {
    sentences.push("It never falls below 1: the skip's 1 is always there.");
  } else {
    sentences.push(`It dips below 1 where F′ is negative, but stays positive.`);
  }
  sentences.push("Plain: vermillion dashed line with triangles; residual: blue solid line with circles; the dotted black line is the bound.");
  return sentences.join(" ");
}
