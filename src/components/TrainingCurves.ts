// TrainingCurves: the training loss of the three transformer stacks on one task, as the workers
// report it, with a status line while running or when a run diverged, and a caption from the numbers.
import type {Snapshot} from "../lib/index.js";
import {Frame} from "./Frame.js";
import {formatRatio} from "./GradientNorms.js";
import {listWords} from "./SublayerGradients.js";
import {stackKinds, stackPlot, stackSeries, type StackKind} from "./stacks.js";

export interface TrainingCurvesOptions {
  /** The run's total steps (the x axis' extent). */
  steps: number;
  /** What the task is, for the caption: "reversing sequences of 8 numbers". */
  task: string;
  /** The loss of always predicting 0, for scale in the caption (1 for standard-normal targets). */
  baseline: number;
  /** Chart width in pixels; default 640. */
  width?: number;
}

/** A <figure> of loss per step for each stack (log y), or a note while no stack has reported yet. */
export function TrainingCurves(runs: Record<StackKind, readonly Snapshot[]>, {steps, task, baseline, width = 640}: TrainingCurvesOptions): HTMLElement {
  const finite = (stack: StackKind) => runs[stack].filter((s) => s.loss !== null);
  const data = {pre: finite("pre").map((s) => s.loss!), post: finite("post").map((s) => s.loss!), plain: finite("plain").map((s) => s.loss!)};
  const xs = {pre: finite("pre").map((s) => s.step), post: finite("post").map((s) => s.step), plain: finite("plain").map((s) => s.step)};
  const chart = stackPlot(data, {width, xs, xDomain: [0, steps], xLabel: "training step →", yLabel: "↑ training loss (mean squared error, log)", xName: "step", yName: "loss"});
  const table = stackKinds.flatMap((stack) => runs[stack].map((s) => ({stack: stackSeries[stack].label, step: s.step, loss: s.loss})));
  return Frame(chart, {name: "training-curves", caption: describeTraining(runs, {steps, task, baseline}), data: table, status: trainingStatus(runs, steps)});
}

/** "Training: step 120 of 300", or which runs diverged, or null when all are done. */
export function trainingStatus(runs: Record<StackKind, readonly Snapshot[]>, steps: number): string | null {
  const diverged = stackKinds.filter((s) => runs[s].at(-1)?.diverged);
  const notes = diverged.map((s) => `${stackSeries[s].label}: ${runs[s].at(-1)!.message}`);
  const running = stackKinds.filter((s) => !runs[s].at(-1)?.done);
  if (running.length) notes.unshift(`Training: step ${Math.min(...running.map((s) => runs[s].at(-1)?.step ?? 0))} of ${steps}`);
  return notes.length ? notes.join("; ") : null;
}

/** The caption: each stack's latest loss against the baseline of predicting 0. */
export function describeTraining(runs: Record<StackKind, readonly Snapshot[]>, {steps, task, baseline}: Omit<TrainingCurvesOptions, "width">): string {
  const name = (stack: StackKind) => (stack === "plain" ? "with no stream" : `in ${stackSeries[stack].label}`);
  const latest = stackKinds.map((stack) => {
    const last = runs[stack].at(-1);
    if (!last) return `no report yet ${name(stack)}`;
    if (last.diverged) return `a diverged run ${name(stack)} (at step ${last.diverged.step})`;
    return `${formatRatio(last.loss!)} ${name(stack)} at step ${last.step}`;
  });
  return [
    `Training on ${task} for up to ${steps} steps, the training loss is ${listWords(latest)}.`,
    `Predicting 0 for every token would score about ${formatRatio(baseline)}.`,
    "Pre-LN: blue solid line with circles; post-LN: green dotted line with squares; no stream: vermillion dashed line with triangles."
  ].join(" ");
}

/** A short note in place of the figure (before a run starts). */
export function TrainingNote(text: string): HTMLElement {
  const p = document.createElement("p");
  p.className = "px-note";
  p.textContent = text;
  return p;
}
