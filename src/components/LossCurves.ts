// LossCurves: the training loss of several runs against the step, on a log scale, as they come
// from workers. Each run differs by colour, dash and marker and is labelled at its line's end; a run
// that diverged ends in a cross and is named in the status line and the caption, never drawn as NaN.
import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import {Frame} from "./Frame.js";
import {formatRatio} from "./GradientNorms.js";
import {logDomain, logTickFormat, offLogScale, onLogScale, spreadLabels} from "./log-axis.js";
import type {RunState} from "./runs.js";

/** How one run is drawn and named. */
export interface RunStyle {
  key: string;
  /** The run's name in the legend, the labels and the caption, e.g. "ReZero". */
  label: string;
  stroke: string;
  /** A darker variant of stroke for text (4.5:1 on white). */
  text: string;
  /** SVG dash array, or null for a solid line. */
  dash: string | null;
  /** A Plot symbol name. */
  symbol: string;
  /** The line and marker in words, for the caption, e.g. "solid line, triangles". */
  look: string;
}

export interface LossCurvesOptions {
  /** Names the figure and its downloads (unique on the page). */
  name: string;
  /** One style per run, in legend order. */
  styles: readonly RunStyle[];
  /** Width in pixels; default 640. */
  width?: number;
  /** A sentence that opens the caption (the setup), e.g. "Depth 100, width 8, 300 Adam steps.". */
  lead?: string;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

interface Point {
  run: string;
  step: number;
  loss: number;
}

/** The chart in a Frame, with a status line while runs are going or when one diverged or failed. */
export function LossCurves(runs: Readonly<Record<string, RunState>>, {name, styles, width = 640, lead = "", veil = false}: LossCurvesOptions): HTMLElement {
  // Every point goes in the table; the chart draws those a log scale can (a loss of 0 is off it).
  const all: Point[] = styles.flatMap(({key}) => (runs[key]?.points ?? []).map(({step, loss}) => ({run: key, step, loss})));
  const points = all.filter((p) => onLogScale(p.loss));
  const steps = Math.max(1, ...styles.map(({key}) => runs[key]?.steps ?? 0));
  const narrow = width < 500;
  const height = Math.round(Math.max(240, Math.min(400, width * 0.55)));
  // Padded by a fifth of a decade each way, so no curve starts on (or past) the frame's edge.
  const [lo, hi] = logDomain(points.map((p) => p.loss), {pad: 1.6, fallback: [0.1, 1]});
  const marks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12})];
  styles.forEach(({key, stroke, dash, symbol}, i) => {
    const mine = points.filter((p) => p.run === key);
    marks.push(Plot.line(mine, {x: "step", y: "loss", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}));
    // About six markers a line, staggered between runs so that coinciding lines stay apart.
    const every = Math.max(1, Math.round(mine.length / 6));
    const offset = Math.round((i * every) / styles.length);
    marks.push(Plot.dot(mine.filter((_, j) => j % every === offset % every), {x: "step", y: "loss", fill: stroke, symbol, r: 4}));
    const run = runs[key];
    if (run?.diverged) {
      const last = mine[mine.length - 1];
      const step = Number(/\d+/.exec(run.diverged)?.[0] ?? run.step);
      // Where it diverged: a cross at the last finite point, and a rule at the step in the run's colour.
      if (last) marks.push(Plot.dot([last], {x: "step", y: "loss", symbol: "times", r: 7, stroke, strokeWidth: 3}));
      marks.push(Plot.ruleX([step], {stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}));
    }
  });
  if (!narrow) marks.push(...endLabels(points, styles, {lo, hi, height: height - 74}));
  marks.push(Plot.tip(points, Plot.pointerX({x: "step", y: "loss", channels: {run: (p: Point) => styles.find((s) => s.key === p.run)?.label ?? p.run}, format: {y: (v: number) => formatRatio(v)}})));
  const longest = Math.max(...styles.map((s) => s.label.length));
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginRight: narrow ? 20 : Math.min(180, 16 + 7.5 * longest),
    marginBottom: 44,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [0, steps], label: "training step →", labelAnchor: "center", labelOffset: 38},
    y: {type: "log", label: "↑ training loss (log scale)", domain: [lo, hi], tickFormat: logTickFormat(lo, hi)},
    marks
  });
  // A legend names every run (its line, colour and marker) above the chart; wide charts also label line ends.
  const body = wrap(legendBlock(styles, runs), chart);
  return Frame(body, {name, caption: describeRuns(runs, styles, lead), data: all.map((p) => ({run: styles.find((s) => s.key === p.run)?.label ?? p.run, step: p.step, loss: p.loss})), status: runsStatus(runs, styles), veil});
}

/** Labels just right of each line's end, nudged apart where lines end close together. */
function endLabels(points: readonly Point[], styles: readonly RunStyle[], {lo, hi, height}: {lo: number; hi: number; height: number}): Plot.Markish[] {
  const ends = styles.flatMap((style) => {
    const end = points.filter((p) => p.run === style.key).at(-1);
    return end ? [{style, end}] : [];
  });
  const dy = spreadLabels(ends.map(({end}) => end.loss), {lo: Math.log10(lo), hi: Math.log10(hi), height});
  return ends.map(({style, end}, i) =>
    Plot.text([end], {x: "step", y: "loss", text: () => style.label, fill: style.text, dx: 8, dy: dy[i], textAnchor: "start", fontWeight: "bold", stroke: "white", strokeWidth: 4, paintOrder: "stroke"})
  );
}

function wrap(legend: HTMLElement, chart: Element): HTMLElement {
  const div = document.createElement("div");
  div.append(legend, chart);
  return div;
}

/** A legend: each run's line (colour and dash), marker and name; a diverged run says so. */
function legendBlock(styles: readonly RunStyle[], runs: Readonly<Record<string, RunState>>): HTMLElement {
  const list = document.createElement("ul");
  list.className = "px-run-legend";
  list.style.cssText = "list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding: 0; margin: 0 0 0.25rem; font: 13px var(--sans-serif, system-ui, sans-serif);";
  for (const {key, label, stroke, text, dash, symbol} of styles) {
    const item = document.createElement("li");
    const swatch = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    swatch.setAttribute("width", "34");
    swatch.setAttribute("height", "12");
    swatch.setAttribute("aria-hidden", "true");
    // Built as elements, not parsed from markup: the legend is redrawn with every training snapshot.
    swatch.append(
      svgElement("line", {x1: "1", y1: "6", x2: "33", y2: "6", stroke, "stroke-width": "2.5", ...(dash ? {"stroke-dasharray": dash} : {})}),
      svgElement("path", {transform: "translate(17,6)", d: symbolPath(symbol), fill: stroke})
    );
    const name = document.createElement("span");
    name.textContent = runs[key]?.diverged ? `${label} (diverged)` : label;
    name.style.cssText = `color: ${text}; font-weight: 600;`;
    item.append(swatch, " ", name);
    list.append(item);
  }
  return list;
}

function svgElement(name: string, attributes: Record<string, string>): SVGElement {
  const element = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

const symbolTypes: Record<string, d3.SymbolType> = {
  circle: d3.symbolCircle, cross: d3.symbolCross, diamond: d3.symbolDiamond, square: d3.symbolSquare,
  star: d3.symbolStar, triangle: d3.symbolTriangle, wye: d3.symbolWye, times: d3.symbolTimes
};

/** The SVG path of a Plot symbol name, about the size of the chart's markers, for the legend. */
function symbolPath(symbol: string): string {
  const type = symbolTypes[symbol];
  return type ? symbolPaths.get(type) ?? symbolPaths.set(type, d3.symbol(type, 50)() ?? "").get(type)! : "";
}

const symbolPaths = new Map<d3.SymbolType, string>(); // a cache of constant strings, one per symbol type

/** Progress, divergence and failures, one clause per run that has any; null when all finished cleanly. */
export function runsStatus(runs: Readonly<Record<string, RunState>>, styles: readonly RunStyle[]): string | null {
  const parts = styles.flatMap(({key, label}) => {
    const run = runs[key];
    if (!run) return [];
    if (run.error) return [`${label}: failed (${run.error})`];
    if (run.diverged) return [`${label}: ${run.diverged}`];
    if (!run.done) return [`${label}: step ${run.step} of ${run.steps}`];
    return [];
  });
  return parts.length ? parts.join(" · ") : null;
}

/**
 * The caption: the setup, then each run's last loss from lowest to highest, then the runs that
 * diverged or failed, then how to read the chart.
 */
export function describeRuns(runs: Readonly<Record<string, RunState>>, styles: readonly RunStyle[], lead = ""): string {
  const finished = styles.filter(({key}) => runs[key] && !runs[key].diverged && !runs[key].error && runs[key].points.length > 0);
  finished.sort((a, b) => last(runs[a.key]) - last(runs[b.key]));
  const allDone = styles.every(({key}) => runs[key]?.done);
  const losses = finished.map(({key, label}) => `${label}: ${formatRatio(last(runs[key]))}${runs[key].done ? "" : ` (step ${runs[key].step} of ${runs[key].steps})`}`);
  const sentences = [lead.trim()];
  if (losses.length) sentences.push(`${allDone ? "Final" : "Latest"} training loss, lowest first: ${losses.join("; ")}.`);
  for (const {key, label} of styles) {
    const run = runs[key];
    if (run?.diverged) sentences.push(`${label} ${run.diverged}: its loss or weights stopped being finite numbers there, so its curve stops (at a cross, if it had any finite point) and a vertical line in its colour marks the step.`);
    if (run?.error) sentences.push(`${label} could not run: ${run.error}.`);
  }
  if (!losses.length && !styles.some(({key}) => runs[key]?.diverged || runs[key]?.error)) sentences.push("The runs are starting.");
  sentences.push(offLogScale(styles.flatMap(({key}) => (runs[key]?.points ?? []).map((p) => p.loss)), "training loss"));
  sentences.push(`Lines: ${styles.map(({label, look}) => `${label}, ${look}`).join("; ")}; each also has its own colour.`);
  return sentences.filter((s) => s !== "").join(" ");
}

function last(run: RunState): number {
  return run.points[run.points.length - 1].loss;
}
