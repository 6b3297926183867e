// CorrelationDepth: the lag-1 autocorrelation of the input gradient against depth, plain and residual
// (mean over seeds, band from the lowest to the highest): how fast each network's gradient shatters.
import * as Plot from "@observablehq/plot";
import {type CorrelationRow} from "../lib/index.js";
import {Frame} from "./Frame.js";
import {halo, type FigureOptions} from "./figure.js";
import {series} from "./palette.js";

export interface CorrelationDepthData {
  rows: readonly CorrelationRow[];
  /** Seeds per depth when finished. */
  seeds: number;
  /** Depths that will be measured, for the axis (fixed while the rows come in). */
  depths: readonly number[];
}


type Kind = "plain" | "residual";
const kinds: readonly Kind[] = ["plain", "residual"];

export function CorrelationDepth(data: CorrelationDepthData, {width = 640, veil = false}: FigureOptions = {}): HTMLElement {
  const {rows, depths} = data;
  const marks: Plot.Markish[] = [Plot.ruleY([0], {stroke: "#999"})];
  for (const kind of kinds) {
    const {stroke, dash, symbol, text, label} = series[kind];
    const own = rows.filter((r) => r.skip === (kind === "residual"));
    marks.push(
      Plot.areaY(own, {x: "depth", y1: "min", y2: "max", fill: stroke, fillOpacity: 0.12}),
      Plot.line(own, {x: "depth", y: "correlation", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(own, {x: "depth", y: "correlation", fill: stroke, symbol, r: 3.5})
    );
    const end = own[own.length - 1];
    if (end) marks.push(Plot.text([end], {x: "depth", y: "correlation", text: () => label, dx: 8, textAnchor: "start", fill: text, fontWeight: "bold", ...halo}));
  }
  marks.push(Plot.tip(rows, Plot.pointer({x: "depth", y: "correlation", title: (r: CorrelationRow) => `${r.skip ? "residual" : "plain"}, depth ${r.depth}: ${r.correlation.toFixed(2)} (${r.values.length} networks, ${r.min.toFixed(2)} to ${r.max.toFixed(2)})`})));
  const chart = Plot.plot({
    width,
    height: Math.round(Math.max(240, Math.min(360, width * 0.5))),
    marginLeft: 48,
    marginRight: 76,
    marginBottom: 44,
    style: {fontSize: "12px", overflow: "visible"},
    x: {type: "log", domain: [Math.min(...depths), Math.max(...depths)], label: "depth L (blocks, log scale) →", labelAnchor: "center", labelOffset: 38, tickFormat: "d", ticks: width < 560 ? depths.filter((d) => Number.isInteger(Math.log2(d) / 2)) : depths},
    y: {domain: [-0.3, 1], label: "↑ lag-1 autocorrelation of dy/dx", grid: true},
    marks
  });
  const done = rows.length === 2 * depths.length && rows.every((r) => r.values.length === data.seeds);
  const measured = rows.reduce((s, r) => s + r.values.length, 0);
  const status = done ? null : `Measuring: ${measured} of ${2 * depths.length * data.seeds} networks so far.`;
  const table = rows.map((r) => ({network: r.skip ? "residual" : "plain", depth: r.depth, autocorrelation: r.correlation, lowest: r.min, highest: r.max, networks: r.values.length}));
  return Frame(chart, {name: "correlation-depth", caption: describeCorrelationDepth(data), data: table, status, veil});
}

/** The first measured depth at which a network's mean falls below `level`, or null. */
export function depthBelow(rows: readonly CorrelationRow[], skip: boolean, level: number): number | null {
  const own = rows.filter((r) => r.skip === skip).sort((a, b) => a.depth - b.depth);
  return own.find((r) => r.correlation < level)?.depth ?? null;
}

/** Two decimals, without the "-0.00" that toFixed gives small negatives. */
export function fixed(value: number): string {
  const s = value.toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

export function describeCorrelationDepth(data: CorrelationDepthData): string {
  const {rows} = data;
  if (rows.length === 0) return "The curve appears as the networks are measured.";
  const sentence = (kind: Kind) => {
    const own = rows.filter((r) => r.skip === (kind === "residual")).sort((a, b) => a.depth - b.depth);
    if (own.length === 0) return "";
    const first = own[0], last = own[own.length - 1];
    const below = depthBelow(rows, kind === "residual", 0.2);
    return `The ${kind} network's lag-1 autocorrelation goes from ${fixed(first.correlation)} at depth ${first.depth} to ${fixed(last.correlation)} at depth ${last.depth}` +
      (below === null ? ", never below 0.2." : `; it first falls below 0.2 at depth ${below}.`);
  };
  return [sentence("plain"), sentence("residual"), `Each point is the mean over up to ${data.seeds} networks (seeds); the band spans the lowest to the highest. Plain: vermillion dashed with triangles; residual: blue solid with circles.`]
    .filter(Boolean)
    .join(" ");
}
