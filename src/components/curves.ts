// Helpers shared by the training-curve figures: which numbers of a run to draw and quote. Pure
// functions of snapshots, so captions can be unit-tested without a DOM.
import {finalLoss, type Snapshot} from "../lib/index.js";

/** A run as the figures take it: a name ("plain-20"), its kind, and its snapshots so far. */
export interface CurveRun {
  name: string;
  skip: boolean;
  snapshots: readonly Snapshot[];
}

/** The step every run has reached (0 if any has no snapshot yet): where runs can be compared fairly. */
export function commonStep(runs: readonly CurveRun[]): number {
  if (runs.length === 0) return 0;
  return Math.min(...runs.map((run) => run.snapshots[run.snapshots.length - 1]?.step ?? 0));
}

/** A run's training loss at `step`: finalLoss of its snapshots up to that step (null if none, or diverged by then). */
export function lossAt(snapshots: readonly Snapshot[], step: number): number | null {
  return finalLoss(snapshots.filter((s) => s.step <= step));
}

/** "residual-56 diverged at step 37; plain-8 stopped: <error>", or null when every run is healthy. */
export function runProblems(runs: readonly CurveRun[], errors: readonly (Error | null)[] = []): string | null {
  const notes = runs.flatMap((run, i) => {
    const last = run.snapshots[run.snapshots.length - 1];
    if (errors[i]) return [`${run.name} stopped: ${errors[i]!.message}`];
    return last?.diverged ? [`${run.name} ${last.message ?? `diverged at step ${last.diverged.step}`}`] : [];
  });
  return notes.length ? `${notes.join("; ")}.` : null;
}

/** A loss in words: two significant digits ("0.0051", "2.3"), exponents only outside 1e-4 to 1e5; "diverged" for null. */
export function formatLoss(loss: number | null): string {
  if (loss === null) return "diverged";
  if (loss !== 0 && (Math.abs(loss) < 1e-4 || Math.abs(loss) >= 1e5)) return loss.toExponential(1).replace(".0e", "e").replace("e+", "e");
  return String(Number(loss.toPrecision(2)));
}

/** Two losses in words, with as many significant digits (2 to 4) as it takes to tell them apart. */
export function formatPair(a: number, b: number): [string, string] {
  for (let digits = 2; digits < 4; ++digits) {
    const [x, y] = [a, b].map((v) => String(Number(v.toPrecision(digits))));
    if (x !== y) return [x, y];
  }
  return [String(Number(a.toPrecision(4))), String(Number(b.toPrecision(4)))];
}

/** Rows for a line chart: one per snapshot with a finite value (a diverged run's last snapshot has none). */
export function curveRows<T extends object>(run: CurveRun, value: (s: Snapshot) => number | null, extra: T): (T & {step: number; value: number})[] {
  return run.snapshots.flatMap((s) => {
    const v = value(s);
    return v === null || !Number.isFinite(v) ? [] : [{...extra, step: s.step, value: v}];
  });
}

/**
 * Ticks for a log axis: 1, 2 and 5 times the powers of ten inside [lo, hi] when it spans up to two
 * decades, 1 and 2 times up to five decades, powers of ten beyond. (Plot labels a log axis through
 * d3's log tickFormat, which leaves a tick unlabelled when its mantissa is large for the number of decades.)
 * A domain a log scale cannot hold (an end zero, negative or not finite, or reversed) has no ticks.
 */
export function logTicks([lo, hi]: readonly [number, number]): number[] {
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return [];
  const decades = Math.log10(hi / lo);
  const mantissas = decades <= 2 ? [1, 2, 5] : decades <= 5 ? [1, 2] : [1];
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); ++k) {
    for (const m of mantissas) {
      const v = Number((m * 10 ** k).toPrecision(1));
      if (v >= lo && v <= hi) ticks.push(v);
    }
  }
  return ticks;
}
