// LineGradients: Balduzzi et al.'s (2017) Fig. 1 for our networks: dy/dx against the input x, for the
// plain and the residual network of the same spec, each in its own panel with its own scale (the two
// can differ in size by orders of magnitude; the figure is about shape).
import * as Plot from "@observablehq/plot";
import {autocorrelation} from "../lib/index.js";
import {fixed} from "./CorrelationDepth.js";
import {Frame} from "./Frame.js";
import {halo, type FigureOptions} from "./figure.js";
import {formatRatio} from "./GradientNorms.js";
import {series} from "./palette.js";

export interface LineGradientsData {
  /** The inputs, shared by both networks. */
  x: ArrayLike<number>;
  plain: ArrayLike<number>;
  residual: ArrayLike<number>;
  depth: number;
  /** What else the caption should say about the networks, e.g. "width 16, batch-norm statistics". */
  network: string;
}


type Kind = "plain" | "residual";
const kinds: readonly Kind[] = ["plain", "residual"];

export function LineGradients(data: LineGradientsData, {width = 640, veil = false}: FigureOptions = {}): HTMLElement {
  checkData(data);
  const panel = (kind: Kind) => {
    const {stroke, dash, text} = series[kind];
    const rows = Array.from(data[kind], (g, i) => ({x: data.x[i], gradient: g}));
    return Plot.plot({
      width,
      height: Math.round(Math.max(150, Math.min(220, width * 0.3))),
      marginLeft: 64,
      marginBottom: 40,
      style: {fontSize: "12px"},
      x: {label: "input x →", labelAnchor: "center", labelOffset: 34},
      y: {label: `↑ dy/dx, ${kind}`, grid: true, nice: true, tickFormat: (v: number) => formatRatio(v)},
      marks: [
        Plot.ruleY([0], {stroke: "#999"}),
        Plot.line(rows, {x: "x", y: "gradient", stroke, strokeWidth: 1.5, ...(dash ? {strokeDasharray: dash} : {})}),
        Plot.text([`${series[kind].label}, depth ${data.depth}`], {text: (d: string) => d, frameAnchor: "top-left", dy: 4, dx: 6, textAnchor: "start", fill: text, fontWeight: "bold", ...halo}),
        // Formatted only for the point under the pointer (a title per point would be 256 strings a redraw).
        Plot.tip(rows, Plot.pointerX({x: "x", y: "gradient", format: {x: (v: number) => v.toFixed(3), y: (v: number) => formatRatio(v)}}))
      ]
    });
  };
  const chart = document.createElement("div");
  chart.className = "px-stack";
  chart.append(panel("plain"), panel("residual"));
  const table = Array.from(data.x, (x, i) => ({x, plain: data.plain[i], residual: data.residual[i]}));
  return Frame(chart, {name: "line-gradients", caption: describeLineGradients(data), data: table, veil});
}

/** How many times a series changes sign (zeros skipped): a rough count of how often the gradient turns. */
export function signChanges(values: ArrayLike<number>): number {
  let changes = 0, last = 0;
  for (let i = 0; i < values.length; ++i) {
    const s = Math.sign(values[i]);
    if (s === 0) continue;
    if (last !== 0 && s !== last) ++changes;
    last = s;
  }
  return changes;
}

/** The caption: each network's lag-1 autocorrelation and sign changes, and the references. */
export function describeLineGradients(data: LineGradientsData): string {
  checkData(data);
  const n = data.x.length;
  const about = (kind: Kind) => {
    const g = data[kind];
    return `the ${kind} network's gradient has lag-1 autocorrelation ${fixed(autocorrelation(g, 1))} and changes sign ${signChanges(g)} times`;
  };
  return [
    `dy/dx at ${n} evenly spaced inputs from ${data.x[0]} to ${data.x[n - 1]}, for networks of depth ${data.depth} (${data.network}).`,
    `At this depth ${about("plain")}; ${about("residual")}.`,
    "White noise would have an autocorrelation near 0, a random walk (brown noise) near 1.",
    "Top panel: plain, vermillion dashed line; bottom panel: residual, blue solid line; each panel has its own vertical scale."
  ].join(" ");
}

function checkData(data: LineGradientsData): void {
  for (const kind of kinds) {
    if (!data?.[kind] || data[kind].length !== data.x?.length || data.x.length < 2) {
      throw new Error(`invalid ${kind}: ${data?.[kind]?.length} gradients for ${data?.x?.length} inputs (expected one per input, at least 2)`);
    }
  }
}
