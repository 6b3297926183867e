// LesionCurve: Veit et al.'s (2016) Fig. 5a for our networks: test accuracy against the number of
// blocks deleted at random (mean over trials, with the range from the worst to the best trial), for the
// residual and the plain network, and the reader's own deletion as large labelled markers.
import * as Plot from "@observablehq/plot";
import {type LesionPoint} from "../lib/index.js";
import {Frame} from "./Frame.js";
import type {PairProgress} from "./lesion-training.js";
import {halo, type FigureOptions} from "./figure.js";
import {series} from "./palette.js";

export interface LesionCurveData {
  /** Blocks in each network. */
  n: number;
  /** lesionCurve's points so far, per network (possibly empty while measuring). */
  residual: readonly LesionPoint[];
  plain: readonly LesionPoint[];
  /** Random sets per count. */
  trials: number;
  /** 1 / classes: the accuracy of guessing. */
  chance: number;
  /** The reader's deletion and each network's accuracy with it, or null before training ends. */
  picked: {deleted: readonly number[]; residual: number; plain: number} | null;
  /** E.g. "Training: step 120 of 400", or null when there is nothing to report. */
  status?: string | null;
  /**
   * The pair's training so far (the lesion-pair task's last value): what the CSV holds until the
   * first lesion points exist, a row per network. Default null.
   */
  training?: Pick<PairProgress, "step" | "steps" | "residual" | "plain"> | null;
}


type Kind = "plain" | "residual";
const kinds: readonly Kind[] = ["plain", "residual"];

export function LesionCurve(data: LesionCurveData, {width = 640, veil = false}: FigureOptions = {}): HTMLElement {
  const {n, chance, picked} = data;
  const rows = kinds.flatMap((kind) => data[kind].filter((p) => p.accuracy !== null).map((p) => ({kind, deleted: p.deleted, accuracy: 100 * p.accuracy!, min: 100 * p.min!, max: 100 * p.max!})));
  const marks: Plot.Markish[] = [Plot.ruleY([100 * chance], {stroke: "#777", strokeDasharray: "2,3"}), Plot.text([{x: n, y: 100 * chance}], {x: "x", y: "y", text: () => "chance", dy: 9, textAnchor: "end", fill: "#555"})];
  for (const kind of kinds) {
    const {stroke, dash, symbol} = series[kind];
    const own = rows.filter((r) => r.kind === kind);
    marks.push(
      Plot.areaY(own, {x: "deleted", y1: "min", y2: "max", fill: stroke, fillOpacity: 0.12}),
      Plot.line(own, {x: "deleted", y: "accuracy", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(own, {x: "deleted", y: "accuracy", fill: stroke, symbol, r: 3.5})
    );
    const end = own[own.length - 1];
    if (end) {
      marks.push(
        Plot.text([end], {x: "deleted", y: "accuracy", text: () => series[kind].label, fill: series[kind].text, dx: 8, textAnchor: "start", fontWeight: "bold", ...halo})
      );
    }
  }
  if (picked) {
    const yours = kinds.map((kind) => ({kind, deleted: picked.deleted.length, accuracy: 100 * picked[kind]}));
    for (const point of yours) {
      const {stroke, symbol, text} = series[point.kind];
      marks.push(
        Plot.dot([point], {x: "deleted", y: "accuracy", symbol, r: 8, stroke, strokeWidth: 2.5, fill: "white"}),
        Plot.text([point], {x: "deleted", y: "accuracy", text: () => `yours: ${point.accuracy.toFixed(0)}%`, dx: 12, textAnchor: "start", dy: point.kind === "residual" ? -12 : 12, fill: text, fontWeight: "bold", ...halo})
      );
    }
  }
  marks.push(Plot.tip(rows, Plot.pointer({x: "deleted", y: "accuracy", title: (d) => `${d.kind}, ${d.deleted} deleted: ${d.accuracy.toFixed(1)}% (trials from ${d.min.toFixed(0)}% to ${d.max.toFixed(0)}%)`})));
  const chart = Plot.plot({
    width,
    height: Math.round(Math.max(240, Math.min(380, width * 0.5))),
    marginLeft: 48,
    marginRight: 76,
    marginBottom: 44,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [0, n], label: "blocks deleted →", labelAnchor: "center", labelOffset: 38, ticks: Math.min(n, 10), tickFormat: "d"},
    y: {domain: [0, 108], ticks: [0, 20, 40, 60, 80, 100], label: "↑ test accuracy (%)", grid: true},
    marks
  });
  const table = rows.length > 0 || !data.training ? rows.map(({kind, deleted, accuracy, min, max}) => ({network: kind, deleted, accuracy: accuracy / 100, worst: min / 100, best: max / 100})) : trainingTable(data.training);
  return Frame(chart, {name: "lesion-curve", caption: describeLesionCurve(data), data: table, status: data.status ?? null, veil});
}

const pct = (v: number) => `${(100 * v).toFixed(0)}%`;

/** Before any block is deleted: each network's training step, loss and test accuracy so far. */
export function trainingTable({step, steps, residual, plain}: NonNullable<LesionCurveData["training"]>): Record<string, string | number | null>[] {
  return (["residual", "plain"] as const).map((network) => {
    const last = (network === "residual" ? residual : plain).last;
    return {network, step, steps, "training loss": last?.loss ?? null, "test accuracy": last?.testAccuracy ?? null};
  });
}

/** The caption: intact accuracy, the cost of one deletion and of half the blocks, per network, and the reader's set. */
export function describeLesionCurve(data: LesionCurveData): string {
  const {n, trials, chance, picked} = data;
  const sentences: string[] = [];
  const at = (points: readonly LesionPoint[], k: number) => points.find((p) => p.deleted === k)?.accuracy ?? null;
  for (const kind of kinds) {
    const points = data[kind];
    const intact = at(points, 0), one = at(points, 1), half = at(points, Math.floor(n / 2));
    if (intact === null) continue;
    let s = `The ${kind} network scores ${pct(intact)} intact`;
    if (one !== null) s += `, ${pct(one)} on average with one block deleted`;
    if (half !== null && Math.floor(n / 2) > 1) s += ` and ${pct(half)} with ${Math.floor(n / 2)} of its ${n} deleted`;
    sentences.push(`${s}.`);
  }
  if (sentences.length) sentences.push(`Each point averages ${trials} random sets of blocks (the band spans the worst to the best set); guessing scores ${pct(chance)}.`);
  else sentences.push("The curves appear once both networks are trained.");
  if (picked) {
    const which = picked.deleted.length === 0 ? "With no block deleted" : `With block${picked.deleted.length === 1 ? "" : "s"} ${picked.deleted.map((l) => l + 1).join(", ")} deleted (your choice)`;
    sentences.push(`${which}: residual ${pct(picked.residual)}, plain ${pct(picked.plain)}.`);
  }
  sentences.push("Plain: vermillion dashed line with triangles; residual: blue solid line with circles; your deletion: large open markers.");
  return sentences.join(" ");
}
