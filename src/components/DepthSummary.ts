// DepthSummary: one number per network, by depth: the training loss at the end of a run, plain and
// residual, the picture He et al. (2015) summarise in Fig. 1 and Fig. 6 (deeper plain nets end higher).
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import {formatLoss, logTicks} from "./curves.js";
import {logDomain, offLogScale, onLogScale} from "./log-axis.js";
import {series} from "./palette.js";

export interface DepthPoint {
  skip: boolean;
  /** Depth in weighted layers. */
  layers: number;
  /** The run's final training loss; null if it diverged. */
  loss: number | null;
}

export interface DepthSummaryOptions {
  width?: number;
  /** Names the figure and its downloads. Default "depth-summary". */
  name?: string;
  /** Opening words of the caption, e.g. "Precomputed at build time, after 1,000 steps." Default "". */
  lead?: string;
}

type Kind = "plain" | "residual";
const kinds: readonly Kind[] = ["plain", "residual"];

export function DepthSummary(points: readonly DepthPoint[], {width = 640, name = "depth-summary", lead = ""}: DepthSummaryOptions = {}): HTMLElement {
  const rows = points.flatMap((p) => (!onLogScale(p.loss) ? [] : [{kind: (p.skip ? "residual" : "plain") as Kind, layers: p.layers, loss: p.loss}]));
  const depths = [...new Set(points.map((p) => p.layers))].sort((a, b) => a - b);
  const losses = rows.map((r) => r.loss);
  const domain = logDomain(losses, {pad: 1.3, fallback: [0.1, 3]});
  const marks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12})];
  for (const kind of kinds) {
    const {stroke, dash, symbol, text, label} = series[kind];
    const own = rows.filter((r) => r.kind === kind);
    marks.push(
      Plot.line(own, {x: "layers", y: "loss", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(own, {x: "layers", y: "loss", symbol, fill: stroke, r: 5}),
      Plot.text(own.slice(-1), {x: "layers", y: "loss", text: () => label, dx: 8, dy: kind === "plain" ? -8 : 8, textAnchor: "start", fill: text, fontWeight: "bold", fontSize: 13})
    );
  }
  marks.push(Plot.tip(rows, Plot.pointer({x: "layers", y: "loss", channels: {network: "kind"}})));
  const chart = Plot.plot({
    width,
    height: Math.round(Math.max(220, Math.min(320, width * 0.4))),
    marginLeft: 52,
    marginRight: 80,
    marginBottom: 40,
    style: {fontSize: "12px", overflow: "visible"},
    x: {label: "depth in layers →", labelAnchor: "center", labelOffset: 34, ticks: depths, domain: [0, Math.max(1, ...depths.filter(Number.isFinite)) * 1.05]},
    y: {type: "log", label: "↑ final training loss (log scale)", domain, ticks: logTicks(domain), tickFormat: formatLoss},
    marks
  });
  return Frame(chart, {name, caption: describeDepthSummary(points, lead), data: points.map((p) => ({network: p.skip ? "residual" : "plain", layers: p.layers, loss: p.loss}))});
}

/** How a list of numbers moves with depth, in words. */
export function trend(values: readonly number[]): string {
  const up = values.every((v, i) => i === 0 || v > values[i - 1]);
  const down = values.every((v, i) => i === 0 || v < values[i - 1]);
  return up ? "rises with every step in depth" : down ? "falls with every step in depth" : "does not move steadily with depth";
}

/** The caption: each kind's final losses by depth, and whether they rise or fall with depth. */
export function describeDepthSummary(points: readonly DepthPoint[], lead = ""): string {
  const sentences = lead ? [lead] : [];
  for (const kind of kinds) {
    const own = points.filter((p) => (p.skip ? "residual" : "plain") === kind).sort((a, b) => a.layers - b.layers);
    if (own.length === 0) continue;
    const list = own.map((p) => `${p.layers} layers ${formatLoss(p.loss)}`).join(", ");
    const finite = own.every((p) => p.loss !== null);
    sentences.push(`The ${kind} networks' final training loss${finite && own.length > 1 ? ` ${trend(own.map((p) => p.loss!))}` : ""}: ${list}.`);
  }
  const off = offLogScale(points.map((p) => p.loss), "final loss");
  if (off) sentences.push(off);
  sentences.push("Plain: dashed vermillion line with triangles; residual: solid blue line with circles.");
  return sentences.join(" ");
}
