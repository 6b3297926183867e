// DegradationCurves: the training loss of plain and residual networks of several depths, over steps,
// in two panels (plain, residual) like He et al. (2015) Fig. 6, updating as snapshots arrive. The
// caption compares the deepest network with a shallower one of its kind, from the same numbers.
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import {halo} from "./figure.js";
import {commonStep, curveRows, formatLoss, formatPair, logTicks, lossAt, runProblems, type CurveRun} from "./curves.js";
import {logDomain, offLogScale, onLogScale} from "./log-axis.js";
import {series} from "./palette.js";

export interface DegradationRunData extends CurveRun {
  /** Depth in weighted layers. */
  layers: number;
}

export interface DegradationCurvesData {
  runs: readonly DegradationRunData[];
  /** The steps every run is set to take: the x axis runs to here. */
  steps: number;
  /** errors[i]: what stopped runs[i], if anything (e.g. from trainAll). */
  errors?: readonly (Error | null)[];
}

export interface DegradationCurvesOptions {
  /** Width in pixels; default 640. Below 560 the panels stack. */
  width?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
  /** Names the figure and its downloads. Default "degradation". */
  name?: string;
  /** Says in the caption that the run was precomputed at build time. Default false. */
  precomputed?: boolean;
}

type Kind = "plain" | "residual";
const kinds: readonly Kind[] = ["plain", "residual"];
const kindOf = (run: CurveRun): Kind => (run.skip ? "residual" : "plain");
const LABEL_GAP = 13; // pixels between stacked direct labels

export function DegradationCurves(data: DegradationCurvesData, {width = 640, veil = false, name = "degradation", precomputed = false}: DegradationCurvesOptions = {}): HTMLElement {
  const stacked = width < 560;
  const panelHeight = stacked ? 230 : Math.round(Math.max(260, Math.min(400, width * 0.45)));
  const height = stacked ? 2 * panelHeight + 66 : panelHeight;
  const depths = [...new Set(data.runs.map((run) => run.layers))].sort((a, b) => a - b);
  const shade = (layers: number) => (depths.length < 2 ? 1 : 0.35 + (0.65 * depths.indexOf(layers)) / (depths.length - 1));
  const facet = stacked ? "fy" : "fx";
  // The table keeps every finite loss; the chart draws those a log scale can (a loss of 0 is off it).
  const all = data.runs.flatMap((run) => curveRows(run, (s) => s.loss, {network: run.name, kind: kindOf(run), layers: run.layers}));
  const rows = all.filter((r) => onLogScale(r.value));
  const domain = logDomain(rows.map((r) => r.value), {pad: 1.15, fallback: [0.1, 3]});
  const innerHeight = panelHeight - 50;

  const marks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12})]; // no facet channel: drawn in every panel
  // One line, one dot and one text mark per kind, not per network: Plot's cost is mostly per mark and
  // panel, and this chart is redrawn a few times a second while the networks train. The depth's shade
  // is a channel (opacity read as given, see the plot's opacity scale below); z keeps the lines apart.
  const lengths = new Map<string, number>(); // points per network
  for (const r of rows) lengths.set(r.network, (lengths.get(r.network) ?? 0) + 1);
  for (const kind of kinds) {
    const {stroke, dash, symbol} = series[kind];
    const own = rows.filter((r) => r.kind === kind);
    if (own.length === 0) continue;
    const opacity = (r: (typeof rows)[number]) => shade(r.layers);
    // Sparse markers so the kinds differ in shape too, not only in colour: about six along each line.
    const seen = new Map<string, number>(); // points of each network kept or passed so far
    const sparse = own.filter((r) => {
      const i = seen.get(r.network) ?? 0;
      seen.set(r.network, i + 1);
      return i % Math.max(1, Math.round(lengths.get(r.network)! / 6)) === 0;
    });
    marks.push(
      Plot.line(own, {x: "step", y: "value", z: "network", [facet]: "kind", stroke, strokeOpacity: opacity, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(sparse, {x: "step", y: "value", [facet]: "kind", symbol, fill: stroke, fillOpacity: opacity, r: 3.5})
    );
  }
  // Direct labels: each line's depth at its end, nudged apart so close lines stay readable.
  for (const kind of kinds) {
    const labels = endLabels(data.runs.filter((run) => kindOf(run) === kind), rows, domain, innerHeight);
    if (labels.length === 0) continue;
    marks.push(
      Plot.text(labels, {
        x: "step",
        y: "y",
        [facet]: () => kind,
        text: "text",
        dx: 6,
        textAnchor: "start",
        fill: series[kind].text,
        fontWeight: "bold",
        fontSize: 12,
        ...halo
      })
    );
  }
  if (stacked) {
    // Stacked panels are named just above their frame, on the right (the y title is on the left): a title
    // inside the bottom of a panel read as the next panel's.
    marks.push(Plot.text(kinds, {fy: (k: Kind) => k, frameAnchor: "top-right", lineAnchor: "bottom", dy: -5, text: (k: Kind) => `${k} networks`, fontWeight: "bold", fill: (k: Kind) => series[k].text}));
  }
  if (rows.length === 0) {
    marks.push(Plot.text(kinds, {[facet]: (k: Kind) => k, frameAnchor: "middle", text: () => "training… the first snapshots are on their way", fontSize: 13}));
  }
  marks.push(Plot.tip(rows, Plot.pointer({x: "step", y: "value", [facet]: "kind", channels: {network: "network"}, format: {fx: false, fy: false}})));

  const chart = Plot.plot({
    width,
    height,
    marginLeft: 52,
    marginRight: 40,
    marginBottom: 40,
    ...(stacked ? {marginTop: 26} : {}),
    style: {fontSize: "12px", overflow: "visible"},
    [facet]: stacked ? {domain: kinds, axis: null} : {domain: kinds, label: null, tickFormat: (k: Kind) => `${k} networks`},
    x: {label: "step →", labelAnchor: "center", labelOffset: 34, domain: [0, data.steps], nice: false},
    y: {type: "log", label: "↑ training loss (log scale)", domain, ticks: logTicks(domain), tickFormat: formatLoss},
    opacity: {type: "identity"}, // a depth's shade, from 0.35 (shallowest) to 1 (deepest), as given
    marks
  });
  const table = all.map(({network, kind, layers, step, value}) => ({network, kind, layers, step, loss: value}));
  return Frame(chart, {name, caption: describeDegradation(data, {stacked, precomputed}), data: table, status: runProblems(data.runs, data.errors), veil});
}

/** Each run's last point, its label y nudged (in log space) so labels sit at least LABEL_GAP pixels apart. */
function endLabels(runs: readonly DegradationRunData[], rows: {network: string; step: number; value: number}[], [lo, hi]: [number, number], innerHeight: number): {step: number; y: number; text: string}[] {
  const ends = runs.flatMap((run) => {
    const own = rows.filter((r) => r.network === run.name);
    const last = own[own.length - 1];
    return last ? [{step: last.step, log: Math.log(last.value), text: String(run.layers)}] : [];
  });
  const gap = (LABEL_GAP / innerHeight) * (Math.log(hi) - Math.log(lo)); // one label's height in log units
  ends.sort((a, b) => b.log - a.log);
  for (let i = 1; i < ends.length; ++i) ends[i].log = Math.min(ends[i].log, ends[i - 1].log - gap);
  // Pushed below the frame, the lowest labels would sit on the x axis' ticks: lift the column back inside.
  const below = ends.length ? Math.log(lo) + gap / 2 - ends[ends.length - 1].log : 0;
  if (below > 0) for (const end of ends) end.log += below;
  return ends.map(({step, log, text}) => ({step, y: Math.exp(log), text}));
}

/** The deepest depth and the one to compare it with: 20 layers if run and shallower, else the shallowest. */
function comparedDepths(depths: readonly number[]): [number, number] | null {
  if (depths.length < 2) return null;
  const deepest = depths[depths.length - 1];
  return [deepest, depths.includes(20) && deepest > 20 ? 20 : depths[0]];
}

/**
 * The caption: every network's training loss at the step all have reached, then the deepest network
 * of each kind against a shallower one, then how to read the marks.
 */
export function describeDegradation(data: DegradationCurvesData, {stacked = false, precomputed = false} = {}): string {
  const lead = precomputed ? "Precomputed at build time. " : "";
  const marks = `Plain networks: dashed vermillion lines with triangles (${stacked ? "top" : "left"} panel); residual networks: solid blue lines with circles (${stacked ? "bottom" : "right"} panel). Darker lines are deeper; each line ends in its depth in layers.`;
  const step = commonStep(data.runs);
  if (step === 0) {
    return `${lead}Training ${data.runs.length} networks for ${data.steps} steps each; the curves appear as the first snapshots arrive. ${marks}`;
  }
  const done = data.runs.every((run) => run.snapshots[run.snapshots.length - 1]?.done);
  const when = done && step === data.steps ? `After ${step} steps` : `At step ${step} of ${data.steps} (the step every network has reached so far)`;
  const loss = (kind: Kind, layers: number) => {
    const run = data.runs.find((r) => kindOf(r) === kind && r.layers === layers);
    return run ? lossAt(run.snapshots, step) : null;
  };
  const depthsOf = (kind: Kind) => [...new Set(data.runs.filter((r) => kindOf(r) === kind).map((r) => r.layers))].sort((a, b) => a - b);
  const list = (kind: Kind) => depthsOf(kind).map((L) => `${L} layers ${formatLoss(loss(kind, L))}`).join(", ");
  const sentences = [`${lead}${when}, the training loss (averaged over the last tenth of the steps) is, for the plain networks: ${list("plain")}; for the residual networks: ${list("residual")}.`];
  for (const kind of kinds) {
    const pair = comparedDepths(depthsOf(kind));
    if (!pair) continue;
    const [deep, shallow] = pair;
    const a = loss(kind, deep), b = loss(kind, shallow);
    if (a === null || b === null) continue;
    const [fa, fb] = formatPair(a, b);
    const versus = `(${fa} against ${fb})`;
    sentences.push(
      a > b
        ? `The ${deep}-layer ${kind} network trains worse than the ${shallow}-layer one ${versus}${kind === "plain" ? ": deeper, yet worse on its own training data." : "."}`
        : `The ${deep}-layer ${kind} network trains at least as well as the ${shallow}-layer one ${versus}.`
    );
  }
  const off = offLogScale(data.runs.flatMap((run) => run.snapshots.flatMap((s) => (s.loss !== null && Number.isFinite(s.loss) ? [s.loss] : []))), "training loss");
  sentences.push(...(off ? [off] : []), marks);
  return sentences.join(" ");
}
