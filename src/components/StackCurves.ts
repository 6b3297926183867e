// StackCurves: a plain and a residual stack learning a near-identity map, over training steps: their
// loss (log scale, with the identity map's and the zero map's losses as reference lines) or the norm
// of their weights. The caption says where each stack stands, from the same numbers.
import * as Plot from "@observablehq/plot";
import type {ReferenceLosses, Snapshot} from "../lib/index.js";
import {Frame} from "./Frame.js";
import {halo} from "./figure.js";
import {commonStep, curveRows, formatLoss, logTicks, lossAt, runProblems, type CurveRun} from "./curves.js";
import {logDomain, offLogScale, onLogScale} from "./log-axis.js";
import {series} from "./palette.js";

export interface StackCurvesData {
  /** The plain and the residual stack's runs. */
  runs: readonly CurveRun[];
  /** The steps each run is set to take: the x axis runs to here. */
  steps: number;
  /** The identity map's and the zero map's loss on the data (drawn on the loss chart). */
  references: ReferenceLosses;
  errors?: readonly (Error | null)[];
}

export type StackMetric = "loss" | "weightNorm";

export interface StackCurvesOptions {
  /** What to draw: the training loss (default) or ‖w‖, the norm of all weights. */
  metric?: StackMetric;
  /** Width in pixels; default 640. */
  width?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
  /** Names the figure and its downloads. Default "stack-" + metric. */
  name?: string;
  /** Shown in the chart before the first snapshot (the run may wait for the figure to be in view). Default "training… the first snapshots are on their way". */
  waiting?: string;
}

type Kind = "plain" | "residual";
const kindOf = (run: CurveRun): Kind => (run.skip ? "residual" : "plain");
const valueOf = (metric: StackMetric) => (s: Snapshot) => (metric === "loss" ? s.loss : s.weightNorm);

export function StackCurves(data: StackCurvesData, {metric = "loss", width = 640, veil = false, name = `stack-${metric}`, waiting = "training… the first snapshots are on their way"}: StackCurvesOptions = {}): HTMLElement {
  const height = Math.round(Math.max(240, Math.min(360, width * 0.45)));
  const log = metric === "loss";
  // Every finite value goes in the table; the chart draws those its scale can (a zero loss is off a log scale).
  const all = data.runs.flatMap((run) => curveRows(run, valueOf(metric), {network: run.name, kind: kindOf(run)}));
  const rows = log ? all.filter((r) => onLogScale(r.value)) : all;
  const refs = log ? [{value: data.references.identity, text: "identity map"}, {value: data.references.zero, text: "zero map"}].filter((r) => onLogScale(r.value)) : [];
  const values = [...rows.map((r) => r.value), ...refs.map((r) => r.value)];
  const domain: [number, number] = log ? logDomain(values, {pad: 1.5, fallback: [1e-3, 10]}) : [0, Math.max(1, ...values) * 1.08];

  const marks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12})];
  if (log) {
    const stepsPerPixel = data.steps / Math.max(1, width - 124); // the plot's width, less its margins
    const labels = refs.map((r) => {
      const text = `${r.text} (${formatLoss(r.value)})`;
      return {text, value: r.value, step: clearestStep(rows, r.value, data.steps, text.length * 6.5 * stepsPerPixel)};
    });
    marks.push(
      Plot.ruleY(refs, {y: "value", stroke: "#555", strokeDasharray: "2,3"}),
      // Labelled where the curves pass farthest from the line (they start at the left edge and end in their own labels on the right).
      Plot.text(labels, {x: "step", y: "value", text: "text", dy: -7, textAnchor: "start", fill: "#444", fontSize: 12, ...halo})
    );
  }
  for (const run of data.runs) {
    const kind = kindOf(run);
    const {stroke, dash, symbol, text, label} = series[kind];
    const own = rows.filter((r) => r.network === run.name);
    const last = own[own.length - 1];
    marks.push(
      Plot.line(own, {x: "step", y: "value", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(own.filter((_, i) => i % Math.max(1, Math.round(own.length / 8)) === 0), {x: "step", y: "value", symbol, fill: stroke, r: 3.5})
    );
    if (last) {
      marks.push(Plot.text([last], {x: "step", y: "value", text: () => label, dx: 6, dy: kind === "plain" ? -8 : 8, textAnchor: "start", fill: text, fontWeight: "bold", fontSize: 13, ...halo}));
    }
  }
  if (rows.length === 0) marks.push(Plot.text([waiting], {frameAnchor: "middle", fontSize: 13}));
  marks.push(Plot.tip(rows, Plot.pointerX({x: "step", y: "value", channels: {network: "network"}})));

  const chart = Plot.plot({
    width,
    height,
    marginLeft: 52,
    marginRight: 72,
    marginBottom: 40,
    style: {fontSize: "12px", overflow: "visible"},
    x: {label: "step →", labelAnchor: "center", labelOffset: 34, domain: [0, data.steps], nice: false},
    y: log
      ? {type: "log", label: "↑ training loss, mean squared error (log scale)", domain, ticks: logTicks(domain), tickFormat: formatLoss}
      : {label: "↑ weight norm ‖w‖", domain},
    marks
  });
  const table = all.map(({network, step, value}) => ({network, step, [metric]: value}));
  const caption = metric === "loss" ? describeStackLoss(data) : describeStackWeights(data);
  return Frame(chart, {name, caption, data: table, status: runProblems(data.runs, data.errors), veil});
}

/**
 * Where to start a reference line's label: of a few steps, the one where the curves pass farthest (in
 * decades) from the line over the label's own length (`span`, in steps).
 */
function clearestStep(rows: readonly {step: number; value: number}[], value: number, steps: number, span: number): number {
  const gap = (from: number) => {
    const near = rows.filter((r) => r.step >= from - span / 10 && r.step <= from + span);
    return Math.min(Infinity, ...near.map((r) => Math.abs(Math.log10(r.value / value))));
  };
  // In order of preference: a later candidate must be clearer by a twentieth of a decade to win.
  const candidates = [1 / 3, 0.5, 0.15, 0.7, 0.02].map((f) => ({step: Math.round(f * steps), gap: gap(Math.round(f * steps))}));
  return candidates.reduce((best, c) => (c.gap > best.gap + 0.05 ? c : best)).step;
}

function when(data: StackCurvesData, step: number): string {
  const done = data.runs.every((run) => run.snapshots[run.snapshots.length - 1]?.done);
  return done && step === data.steps ? `After ${step} steps` : `At step ${step} of ${data.steps}`;
}

const MARKS = "Residual stack: solid blue line with circles; plain stack: dashed vermillion line with triangles.";

/** The loss caption: each stack's loss, and where it sits between the identity map's and the zero map's. */
export function describeStackLoss(data: StackCurvesData): string {
  const step = commonStep(data.runs);
  const {identity, zero} = data.references;
  const offScale = [identity, zero].filter((v) => !onLogScale(v));
  const refs = `On this data the identity map scores ${formatLoss(identity)} and the zero map ${formatLoss(zero)} (${offScale.length ? `dotted lines; a loss of ${offScale.map(formatLoss).join(" or ")} is off the log scale and not drawn` : "dotted lines"}).`;
  const off = offLogScale(data.runs.flatMap((run) => run.snapshots.flatMap((s) => (s.loss !== null && Number.isFinite(s.loss) ? [s.loss] : []))), "training loss");
  if (step === 0) return `Training both stacks for ${data.steps} steps; the curves appear as the first snapshots arrive. ${refs} ${MARKS}`;
  const find = (kind: Kind) => data.runs.find((run) => kindOf(run) === kind);
  const parts = (["residual", "plain"] as const).flatMap((kind) => {
    const run = find(kind);
    if (!run) return [];
    const loss = lossAt(run.snapshots, step);
    return [loss === null ? `the ${kind} stack diverged` : `the ${kind} stack's training loss is ${formatLoss(loss)}, ${placement(loss, identity, zero)}`];
  });
  return [`${when(data, step)}, ${parts.join("; ")}.`, refs, off, MARKS].filter(Boolean).join(" ");
}

/** Where a loss sits relative to the two reference maps, in words. */
export function placement(loss: number, identity: number, zero: number): string {
  // With a = 0 the wanted map is the identity, which scores exactly 0: no ratio to it exists.
  if (!(identity > 0)) return loss <= identity ? "exactly the identity map's" : `${formatLoss((100 * loss) / zero)}% of the zero map's; the identity map's is ${formatLoss(identity)}`;
  if (loss * 1.5 < identity) return `${formatLoss(identity / loss)} times below the identity map's: it has learnt part of the wiggle on top of the identity`;
  if (loss < 1.5 * identity) return "about the identity map's";
  const nearer = Math.abs(Math.log(loss / identity)) < Math.abs(Math.log(loss / zero)) ? "identity" : "zero";
  return nearer === "identity"
    ? `${formatLoss(loss / identity)} times the identity map's, nearer the identity than the zero map`
    : `${formatLoss((100 * loss) / zero)}% of the zero map's, nearer the zero map than the identity`;
}

/** The weight-norm caption: each stack's ‖w‖ now and at its first snapshot. */
export function describeStackWeights(data: StackCurvesData): string {
  const step = commonStep(data.runs);
  if (step === 0) return `Training both stacks for ${data.steps} steps; the curves appear as the first snapshots arrive. ${MARKS}`;
  const parts = data.runs.map((run) => {
    const first = run.snapshots.find((s) => s.weightNorm !== null);
    const now = [...run.snapshots].reverse().find((s) => s.step <= step && s.weightNorm !== null);
    if (!first || !now) return `the ${kindOf(run)} stack diverged`;
    return `the ${kindOf(run)} stack's ${formatLoss(now.weightNorm)} (${formatLoss(first.weightNorm)} at step ${first.step})`;
  });
  return `${when(data, step)}, the norm of all weights ‖w‖ (biases left out) is ${parts.join(" and ")}. ${MARKS}`;
}
