// SeedSpread: the final test accuracy of every (option, seed) run, one dot per seed and a tick at each
// option's mean, so the gap between options can be read against the spread between seeds.
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import type {OptionRun, SeedKey} from "./shortcut-runs.js";
import {formatList, optionNames, optionStyle, type OptionName} from "./shortcut-style.js";

export interface SeedSpreadOptions {
  /** Width in pixels; default 640. */
  width?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

interface Result {
  option: OptionName;
  seed: number;
  /** Final test accuracy in percent, or null when the run diverged or failed. */
  accuracy: number | null;
  /** "diverged at step 40", the worker's error, or null. */
  note: string | null;
}

/** The finished runs, in key order. */
export function seedResults(runs: Record<SeedKey, OptionRun>): Result[] {
  return (Object.keys(runs) as SeedKey[]).flatMap((key) => {
    const run = runs[key];
    if (!run.done) return [];
    const [option, seed] = key.split(":") as [OptionName, string];
    const last = run.snapshots[run.snapshots.length - 1];
    const accuracy = last?.testAccuracy ?? null;
    return [{option, seed: Number(seed), accuracy: accuracy === null ? null : 100 * accuracy, note: run.error ?? last?.message ?? (last ? null : "no snapshot")}];
  });
}

interface Summary {
  option: OptionName;
  count: number;
  mean: number;
  min: number;
  max: number;
}

function summarise(results: Result[]): Summary[] {
  return optionNames.flatMap((option) => {
    const values = results.filter((r) => r.option === option && r.accuracy !== null).map((r) => r.accuracy as number);
    if (values.length === 0) return [];
    return [{option, count: values.length, mean: values.reduce((s, v) => s + v, 0) / values.length, min: Math.min(...values), max: Math.max(...values)}];
  });
}

/** A <figure>: a row per option, a dot per seed at its final accuracy, a tick at the mean. */
export function SeedSpread(runs: Record<SeedKey, OptionRun>, {width = 640, veil = false}: SeedSpreadOptions = {}): HTMLElement {
  const results = seedResults(runs);
  const drawn = results.filter((r) => r.accuracy !== null) as (Result & {accuracy: number})[];
  const summary = summarise(results);
  const lo = drawn.length ? Math.min(...drawn.map((d) => d.accuracy)) : 90;
  const hi = drawn.length ? Math.max(...drawn.map((d) => d.accuracy)) : 100;
  const pad = Math.max(0.5, (hi - lo) * 0.15);
  const marks: Plot.Markish[] = [Plot.gridX({strokeOpacity: 0.15})];
  for (const option of optionNames) {
    const {stroke, symbol, text} = optionStyle[option];
    const own = drawn.filter((d) => d.option === option);
    const mean = summary.find((s) => s.option === option);
    marks.push(Plot.dot(own, {x: "accuracy", y: "option", fill: stroke, fillOpacity: 0.8, symbol, r: 5}));
    if (mean) {
      marks.push(
        Plot.tickX([mean], {x: "mean", y: "option", stroke: text, strokeWidth: 3}),
        Plot.text([mean], {x: "mean", y: "option", text: (d: Summary) => `mean ${d.mean.toFixed(1)}%`, dy: -16, fill: text, fontWeight: "bold", stroke: "white", strokeWidth: 4, paintOrder: "stroke"})
      );
    }
  }
  marks.push(Plot.tip(drawn, Plot.pointer({x: "accuracy", y: "option", title: (d: Result) => `option ${d.option}, seed ${d.seed}\ntest accuracy ${(d.accuracy as number).toFixed(1)}%`})));
  const chart = Plot.plot({
    width,
    height: 190,
    marginLeft: 28,
    marginRight: 16,
    marginTop: 24,
    marginBottom: 40,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [lo - pad, Math.min(100, hi + pad)], label: "final test accuracy (%) →", labelAnchor: "center", ticks: width < 480 ? 4 : 8},
    y: {domain: [...optionNames], label: null, tickSize: 0, inset: 6},
    marks
  });
  const notes = results.filter((r) => r.accuracy === null).map((r) => `Option ${r.option}, seed ${r.seed}: ${r.note}.`);
  return Frame(chart, {name: "seed-spread", caption: describeSeedSpread(runs), data: results, status: notes.length ? notes.join(" ") : null, veil});
}

/**
 * The caption: how many runs have finished, each option's mean and range over its seeds, and the gap
 * between the best and worst mean against the widest spread within one option.
 */
export function describeSeedSpread(runs: Record<SeedKey, OptionRun>): string {
  const total = Object.keys(runs).length;
  const results = seedResults(runs);
  const summary = summarise(results);
  const sentences = [results.length === total ? `All ${total} runs have finished.` : `${results.length} of ${total} runs have finished; the rest are training, three at a time.`];
  if (summary.length > 0) {
    const describe = (s: Summary) =>
      s.count === 1 ? `${s.option} ${s.mean.toFixed(1)}% (1 seed)` : `${s.option} ${s.mean.toFixed(1)}% on average over ${s.count} seeds (from ${s.min.toFixed(1)} to ${s.max.toFixed(1)})`;
    sentences.push(`Final test accuracy: ${formatList(summary.map(describe))}.`);
  }
  if (summary.length > 1) {
    const means = summary.map((s) => s.mean);
    const gap = Math.max(...means) - Math.min(...means);
    const widest = summary.reduce((a, b) => (b.max - b.min > a.max - a.min ? b : a));
    const best = summary.filter((s) => s.mean === Math.max(...means)).map((s) => s.option);
    sentences.push(
      `${formatList(best)} ${best.length > 1 ? "have" : "has"} the best mean; the means differ by ${gap.toFixed(1)} percentage points, and the seeds of ${widest.option} alone spread over ${(widest.max - widest.min).toFixed(1)}.`
    );
  }
  const failed = results.filter((r) => r.accuracy === null).length;
  if (failed > 0) sentences.push(`${failed} ${failed === 1 ? "run" : "runs"} diverged or failed and ${failed === 1 ? "is" : "are"} left out.`);
  sentences.push("Dots: one seed each (A green circles, B orange squares, C pink diamonds); bars: the mean.");
  return sentences.join(" ");
}
