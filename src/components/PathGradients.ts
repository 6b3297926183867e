// PathGradients: Veit et al.'s (2016) Fig. 6 for our networks. Top: the gradient that one path through
// k branches carries to the input (log scale). Bottom: that gradient times the number of such paths,
// C(n, k), as a share of the total (blue bars), beside the share of paths of each length (grey line):
// where the gradient really comes from, against where the paths are.
import * as Plot from "@observablehq/plot";
import {centralPathLengths, narrowestRange, pathShare, type PathGradientRow} from "../lib/index.js";
import {Frame} from "./Frame.js";
import {halo, type FigureOptions} from "./figure.js";
import {formatRatio} from "./GradientNorms.js";
import {formatPercent} from "./PathLengths.js";
import {series} from "./palette.js";

export interface PathGradientsData {
  /** Blocks in the network. */
  n: number;
  /** pathGradientByLength's rows, one per length 0 … n. */
  rows: readonly PathGradientRow[];
  /** Samples measured so far, and planned. */
  samples: number;
  of: number;
  /** What was measured, for the caption: e.g. "a 54-block residual network (width 16, He init) at initialisation". */
  network: string;
}


/** The mass of the total gradient the "effective" range must hold. */
export const EFFECTIVE_MASS = 0.9;

export function PathGradients(data: PathGradientsData, {width = 640, veil = false}: FigureOptions = {}): HTMLElement {
  const {n, rows} = checkData(data);
  const effective = narrowestRange(rows.map((r) => r.total), EFFECTIVE_MASS);
  const stroke = series.residual.stroke;
  const height = Math.round(Math.max(180, Math.min(260, width * 0.36)));
  const x = {domain: [-0.5, n + 0.5], label: width < 560 ? "path length k →" : "path length k: branches the path goes through →", labelAnchor: "center" as const, labelOffset: 38};
  // Both panels share the frame and the x scale, so lengths line up one above the other.
  const frame = {width, height, marginLeft: 60, marginBottom: 44, style: {fontSize: "12px"}, x};
  const drawn = rows.filter((r) => r.gradient > 0 && Number.isFinite(r.gradient));
  const top = Plot.plot({
    ...frame,
    y: {type: "log", label: "↑ gradient along one path ‖∂L/∂h₀‖", ticks: powersOfTen(drawn.map((r) => r.gradient)), tickFormat: tick},
    marks: [
      Plot.gridY(powersOfTen(drawn.map((r) => r.gradient)), {strokeOpacity: 0.12}),
      Plot.line(drawn, {x: "length", y: "gradient", stroke, strokeWidth: 2}),
      Plot.dot(drawn, {x: "length", y: "gradient", fill: stroke, r: 2.5}),
      Plot.tip(drawn, Plot.pointerX({x: "length", y: "gradient", title: (d: PathGradientRow) => `k = ${d.length}: ${formatRatio(d.gradient)} per path`}))
    ]
  });
  const percent = rows.map((r) => ({length: r.length, gradient: 100 * r.share, paths: (100 * r.paths) / 2 ** n}));
  const bottom = Plot.plot({
    ...frame,
    y: {label: "↑ share (%)", grid: true},
    marks: [
      // The effective range: the narrowest run of lengths holding EFFECTIVE_MASS of the gradient.
      Plot.rectY([effective], {x1: (d) => d.from - 0.5, x2: (d) => d.to + 0.5, y1: 0, y2: Math.max(...percent.map((p) => Math.max(p.gradient, p.paths))), fill: stroke, fillOpacity: 0.07}),
      Plot.rectY(percent, {x1: (d) => d.length - 0.45, x2: (d) => d.length + 0.45, y: "gradient", fill: stroke, fillOpacity: 0.85}),
      Plot.line(percent, {x: "length", y: "paths", stroke: "#555", strokeWidth: 2, strokeDasharray: "5,3"}),
      Plot.ruleY([0]),
      Plot.text(labels(percent), {x: "x", y: "y", text: "text", fill: "fill", dy: -10, fontWeight: "bold", ...halo, textAnchor: "middle"}),
      Plot.tip(percent, Plot.pointerX({x: "length", y: "gradient", title: (d) => `k = ${d.length}: ${formatPercent(d.gradient / 100)} of the gradient, ${formatPercent(d.paths / 100)} of the paths`}))
    ]
  });
  const chart = document.createElement("div");
  chart.className = "px-stack";
  chart.append(top, bottom);
  const status = data.samples < data.of ? `Measuring: ${data.samples} of ${data.of} samples so far.` : null;
  const table = rows.map((r) => ({length: r.length, paths: r.paths, gradientPerPath: r.gradient, spread: r.spread, total: r.total, shareOfGradient: r.share, shareOfPaths: r.paths / 2 ** n}));
  return Frame(chart, {name: "path-gradients", caption: describePathGradients(data), data: table, status, veil});
}

/** Direct labels at each curve's peak: the gradient's share (blue) and the paths' share (grey). */
function labels(rows: {length: number; gradient: number; paths: number}[]) {
  const peak = (key: "gradient" | "paths") => rows.reduce((a, b) => (b[key] > a[key] ? b : a));
  const g = peak("gradient"), p = peak("paths");
  return [
    {x: g.length, y: g.gradient, text: "gradient", fill: series.residual.text},
    {x: p.length, y: p.paths, text: "paths", fill: "#444"}
  ];
}

/** The powers of ten spanned by the values (about six of them at most), for a log axis's ticks and grid. */
function powersOfTen(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const lo = Math.floor(Math.log10(Math.min(...values))), hi = Math.ceil(Math.log10(Math.max(...values)));
  const step = Math.max(1, Math.ceil((hi - lo) / 6));
  const out: number[] = [];
  for (let e = hi; e >= lo; e -= step) out.push(10 ** e);
  return out;
}

function tick(value: number): string {
  const e = Math.log10(value);
  return Math.abs(e - Math.round(e)) > 1e-9 ? "" : Math.abs(e) <= 2 ? String(value) : `1e${Math.round(e)}`;
}

/** The caption: the per-path gradient's fall with length, where the total peaks, and the effective range. */
export function describePathGradients(data: PathGradientsData): string {
  const {n, rows, samples, network} = checkData(data);
  const first = rows[0], last = rows[rows.length - 1];
  const effective = narrowestRange(rows.map((r) => r.total), EFFECTIVE_MASS);
  const peak = rows.reduce((a, b) => (b.total > a.total ? b : a));
  const central = centralPathLengths(n, 0.95);
  const perBranch = first.gradient > 0 && last.gradient > 0 ? (last.gradient / first.gradient) ** (1 / Math.max(1, last.length - first.length)) : NaN;
  return [
    `Measured on ${network}, averaged over ${samples} sample${samples === 1 ? "" : "s"} of every length.`,
    `Along a single path, the gradient reaching the input is ${formatRatio(first.gradient)} through k = ${first.length} branches and ${formatRatio(last.gradient)} through k = ${last.length}` +
      (Number.isFinite(perBranch) ? `, a factor of about ${formatRatio(perBranch)} per branch.` : "."),
    `Weighted by the number of paths of each length, the gradient peaks at k = ${peak.length}, and ${formatPercent(effective.share)} of it comes from paths of length ${effective.from} to ${effective.to}, which are ${formatPercent(pathShare(n, effective.from, effective.to))} of all paths; 95% of the paths have length ${central.from} to ${central.to}.`,
    `Top: gradient per path, blue line on a log scale. Bottom: blue bars, the share of the total gradient; grey dashed line, the share of paths; pale band, the narrowest run of lengths carrying at least ${formatPercent(EFFECTIVE_MASS)} of the gradient.`
  ].join(" ");
}

function checkData(data: PathGradientsData): PathGradientsData {
  if (!data || !Array.isArray(data.rows) || data.rows.length === 0) throw new Error(`invalid rows: ${data?.rows} (expected pathGradientByLength's rows)`);
  if (!Number.isInteger(data.n) || data.n < 1) throw new Error(`invalid n: ${data.n} (expected a whole number of blocks)`);
  return data;
}
