// ShortcutCurves: test accuracy against training step for the same ResNet under options A, B and C,
// drawn live as the workers' snapshots arrive. A run that diverges stops where it diverged and the
// figure says so in its status line; a run whose worker failed says why.
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import type {OptionRuns} from "./shortcut-runs.js";
import {formatList, formatPercent, optionNames, optionStyle, type OptionName} from "./shortcut-style.js";

export interface ShortcutCurvesOptions {
  /** Width in pixels; default 640. */
  width?: number;
  /** Steps each run will take (the x axis runs to it). */
  steps: number;
  /** Test examples, named in the caption (one example's worth of accuracy). */
  testSize?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

interface Point {
  option: OptionName;
  step: number;
  accuracy: number;
}

/** The points a run can draw: each snapshot's test accuracy, in percent. A diverged snapshot has none. */
function points(runs: OptionRuns): Point[] {
  return optionNames.flatMap((option) =>
    runs[option].snapshots.filter((s) => s.testAccuracy !== null).map((s) => ({option, step: s.step, accuracy: 100 * (s.testAccuracy as number)}))
  );
}

/** "Option C diverged at step 40." per diverged run, and "Option B failed: …" per failed worker; null if none. */
export function shortcutRunsStatus(runs: OptionRuns): string | null {
  const notes = optionNames.flatMap((option) => {
    const run = runs[option];
    const last = run.snapshots[run.snapshots.length - 1];
    if (run.error) return [`Option ${option} failed: ${run.error}.`];
    if (last?.diverged) return [`Option ${option} ${last.message ?? `diverged at step ${last.diverged.step}`}: its loss or weights stopped being finite numbers. Try a smaller learning rate.`];
    return [];
  });
  return notes.length > 0 ? notes.join(" ") : null;
}

/** A <figure> with one accuracy curve per option, direct labels at their ends, and a caption from the same numbers. */
export function ShortcutCurves(runs: OptionRuns, {width = 640, steps, testSize, veil = false}: ShortcutCurvesOptions): HTMLElement {
  const data = points(runs);
  const narrow = width < 480;
  const ends = optionNames.flatMap((option) => {
    const own = data.filter((d) => d.option === option);
    return own.length > 0 ? [own[own.length - 1]] : [];
  });
  const height = Math.round(Math.max(240, Math.min(380, width * 0.55)));
  // Direct labels right of each curve's end, pushed at least 15 px apart when the ends nearly coincide
  // (the y axis spans 100 points over the plot's height less its margins).
  const labelY = spread(ends.map((d) => d.accuracy), (15 * 100) / (height - 60), 100);
  const marks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12}), Plot.ruleY([0])];
  for (const option of optionNames) {
    const {stroke, dash, symbol} = optionStyle[option];
    const own = data.filter((d) => d.option === option);
    marks.push(
      Plot.line(own, {x: "step", y: "accuracy", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(own, {x: "step", y: "accuracy", fill: stroke, symbol, r: 3.5})
    );
  }
  ends.forEach((d, i) => {
    marks.push(
      Plot.text([{step: d.step, y: labelY[i]}], {
        x: "step",
        y: "y",
        text: () => `${d.option} ${d.accuracy.toFixed(1)}%`,
        fill: optionStyle[d.option].text,
        dx: 6,
        textAnchor: "start",
        fontWeight: "bold",
        stroke: "white",
        strokeWidth: 4,
        paintOrder: "stroke"
      })
    );
  });
  marks.push(Plot.tip(data, Plot.pointer({x: "step", y: "accuracy", title: (d: Point) => `option ${d.option}\nstep ${d.step}\ntest accuracy ${d.accuracy.toFixed(1)}%`})));
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 44,
    marginRight: narrow ? 70 : 84,
    marginBottom: 40,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [0, steps], label: "training step →", labelAnchor: "center", ticks: narrow ? 4 : 8},
    y: {domain: [0, 100], label: "↑ test accuracy (%)"},
    marks
  });
  const table = data.map(({option, step, accuracy}) => ({option, step, testAccuracyPercent: accuracy}));
  return Frame(chart, {name: "shortcut-accuracy", caption: describeShortcutCurves(runs, {steps, testSize}), data: table, status: shortcutRunsStatus(runs), veil});
}

/** Moves values apart so that neighbours differ by at least `gap`, keeping their order and none above `max`. */
export function spread(values: number[], gap: number, max = Infinity): number[] {
  const order = values.map((v, i) => i).sort((i, j) => values[i] - values[j]);
  const out = values.slice();
  // Push up from the lowest, then, if the top went past max, push down from the top.
  for (let k = 1; k < order.length; ++k) out[order[k]] = Math.max(out[order[k]], out[order[k - 1]] + gap);
  const last = order.length - 1;
  if (last >= 0 && out[order[last]] > max) {
    out[order[last]] = max;
    for (let k = last; k > 0; --k) out[order[k - 1]] = Math.min(out[order[k - 1]], out[order[k]] - gap);
  }
  return out;
}

/**
 * The caption: each option's latest test accuracy (and at which step, while training), the leader and
 * the spread in percentage points, runs that diverged or failed, and what one test example is worth.
 */
export function describeShortcutCurves(runs: OptionRuns, {steps, testSize}: {steps: number; testSize?: number}): string {
  const latest = optionNames.map((option) => {
    const run = runs[option];
    const measured = run.snapshots.filter((s) => s.testAccuracy !== null);
    const last = measured[measured.length - 1];
    const end = run.snapshots[run.snapshots.length - 1];
    return {option, step: last?.step ?? 0, accuracy: last ? (last.testAccuracy as number) : null, diverged: end?.diverged?.step ?? null, error: run.error};
  });
  const drawn = latest.filter((d) => d.accuracy !== null) as (typeof latest[number] & {accuracy: number})[];
  const finished = optionNames.every((o) => runs[o].done);
  const sentences: string[] = [];
  if (drawn.length === 0 && !finished) {
    sentences.push(`Training the same network under options A, B and C in three workers (${steps} steps each): waiting for the first test accuracies.`);
  } else if (drawn.length > 0) {
    const allDone = finished && drawn.every((d) => d.step === steps);
    const items = drawn.map((d) => `${d.option} ${formatPercent(d.accuracy)}${allDone ? "" : ` at step ${d.step}`}`);
    sentences.push(`${allDone ? `After ${steps} steps each, test accuracy is` : `Latest test accuracy (of ${steps} steps):`} ${formatList(items)}.`);
  }
  if (drawn.length > 1) {
    const best = Math.max(...drawn.map((d) => d.accuracy));
    const worst = Math.min(...drawn.map((d) => d.accuracy));
    const leaders = drawn.filter((d) => d.accuracy === best).map((d) => d.option);
    const worth = testSize ? ` (one test digit is ${formatPercent(1 / testSize, 2)})` : "";
    if (best === worst) sentences.push(`They are level${worth}.`);
    else sentences.push(`${leaders.length > 1 ? `${formatList(leaders)} tie for the lead` : `${leaders[0]} leads`}; the spread is ${(100 * (best - worst)).toFixed(1)} percentage points${worth}.`);
  }
  const waiting = latest.filter((d) => d.accuracy === null && !d.error && d.diverged === null).map((d) => d.option);
  if (drawn.length > 0 && waiting.length > 0) sentences.push(`No test accuracy yet for ${formatList(waiting)}.`);
  for (const d of latest) {
    if (d.error) sentences.push(`Option ${d.option} failed: ${d.error}.`);
    else if (d.diverged !== null) sentences.push(`Option ${d.option} diverged at step ${d.diverged}, so its curve stops there.`);
  }
  sentences.push("A: green solid line with circles; B: orange dashed line with squares; C: pink dotted line with diamonds.");
  return sentences.join(" ");
}
