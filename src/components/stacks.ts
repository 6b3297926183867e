// The three transformer stacks that the /everywhere figures compare: their specs and training jobs,
// one look each (colour AND dash AND marker AND a direct label, so that colour is never the only
// cue), and the line chart they share.
import * as Plot from "@observablehq/plot";
import type {Dataset, TransformerSpec} from "../lib/index.js";
import {okabeIto} from "./palette.js";
import type {TrainJob} from "./trainer-worker.js";

export const stackKinds = ["pre", "post", "plain"] as const;
/** pre-LN x + F(LN(x)), post-LN LN(x + F(x)), and the plain stack F(LN(x)) with no residual stream. */
export type StackKind = (typeof stackKinds)[number];

/** The transformer spec of each stack: one spec, two switches (where LN sits, and the skip). */
export function stackSpec(spec: TransformerSpec, stack: StackKind): TransformerSpec {
  return stack === "plain" ? {...spec, norm: "pre", skip: false} : {...spec, norm: stack, skip: true};
}

/**
 * One training job per stack, in stackKinds order (a list for trainAll): the same spec, data and
 * training options, only the stack differs.
 */
export function stackJobs(spec: TransformerSpec, data: Dataset, train: TrainJob["train"]): TrainJob[] {
  return stackKinds.map((stack) => ({model: {kind: "transformer", spec: stackSpec(spec, stack)}, data, train}));
}

/** Names a list in stackKinds order by stack: e.g. trainAll's histories of stackJobs' runs. */
export function byStack<T>(values: readonly T[]): Record<StackKind, T> {
  if (values?.length !== stackKinds.length) throw new Error(`invalid values: ${values == null ? values : `${values.length} entries`} (expected one per stack: ${stackKinds.length})`);
  return {pre: values[0], post: values[1], plain: values[2]};
}

/** Per stack: its label, stroke colour, a darker text colour (4.5:1 on white), dash and marker. */
export const stackSeries = {
  pre: {label: "pre-LN", stroke: okabeIto.blue, text: okabeIto.blue, dash: null, symbol: "circle"},
  post: {label: "post-LN", stroke: okabeIto.bluishGreen, text: "#00704f", dash: "1.5,3", symbol: "square"},
  plain: {label: "no stream", stroke: okabeIto.vermillion, text: "#b34f00", dash: "6,4", symbol: "triangle"}
} as const;

/** One number per position along the stack, for each of the three stacks. */
export type StackData = Record<StackKind, ArrayLike<number>>;

export interface StackRow {
  stack: StackKind;
  /** The position along the stack (sublayer number or stream position). */
  x: number;
  /** The value, or undefined where a log scale cannot draw it (zero, negative, not finite). */
  y: number | undefined;
}

/** Rows for the chart: entry i of each stack sits at x = xs[stack][i] if given, else at first + i. */
export function stackRows(data: StackData, first = 0, xs: StackData | null = null): StackRow[] {
  checkStackData(data);
  return stackKinds.flatMap((stack) => Array.from(data[stack], (v, i) => ({stack, x: xs ? xs[stack][i] : first + i, y: drawable(v) ? v : undefined})));
}

export function drawable(v: number): boolean {
  return Number.isFinite(v) && v > 0;
}

/** Checks that each stack has an array of values (it may be empty: a run that has not reported yet). */
export function checkStackData(data: StackData): void {
  for (const stack of stackKinds) {
    const values = data?.[stack];
    if (values == null || typeof values.length !== "number") {
      throw new Error(`invalid ${stack}: ${values == null ? values : `${values.length} entries`} (expected an array of numbers, one per position)`);
    }
  }
}

/**
 * Places labels at pixel positions as near their wanted ones as possible but at least `gap` apart:
 * sorted, each pushed below the one above, then the whole run shifted back up so its middle stays.
 * Returns the placed positions in the input order.
 */
export function spreadLabels(wanted: readonly number[], gap: number): number[] {
  const order = wanted.map((y, i) => ({y, i})).sort((a, b) => a.y - b.y);
  const placed = order.map(({y}) => y);
  for (let k = 1; k < placed.length; ++k) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  const shift = (placed.reduce((a, b) => a + b, 0) - order.reduce((a, {y}) => a + y, 0)) / Math.max(1, placed.length);
  const out = new Array<number>(wanted.length);
  order.forEach(({i}, k) => (out[i] = placed[k] - shift));
  return out;
}

export interface StackPlotOptions {
  width: number;
  height?: number;
  xLabel: string;
  yLabel: string;
  /** Short names of x and y for the tooltip, e.g. "sublayer" and "‖∂L/∂W‖". */
  xName: string;
  yName: string;
  /** Where entry 0 sits on the x axis. Default 0. */
  first?: number;
  /** The x of every entry, per stack, instead of first + i (e.g. training steps). Default null. */
  xs?: StackData | null;
  /** The x axis' extent. Default: from `first` to the last x. */
  xDomain?: [number, number];
}

/** A log-scale line chart of the three stacks, with sparse markers, direct labels and a tooltip. */
export function stackPlot(data: StackData, {width, height, xLabel, yLabel, xName, yName, first = 0, xs = null, xDomain}: StackPlotOptions): SVGSVGElement | HTMLElement {
  const rows = stackRows(data, first, xs);
  const h = height ?? Math.round(Math.max(240, Math.min(400, width * 0.55)));
  const values = rows.flatMap((r) => (r.y === undefined ? [] : [r.y]));
  const [lo, hi] = values.length ? [Math.min(...values), Math.max(...values)] : [0.1, 10];
  // A fixed domain (a little padded) lets the labels be placed in pixels before Plot draws.
  const domain: [number, number] = lo === hi ? [lo / 2, hi * 2] : [lo / 1.15, hi * 1.15];
  const margin = {top: 20, bottom: 44, left: 56, right: 84};
  const [x0, x1] = xDomain ?? [first, Math.max(first + 1, ...rows.map((r) => r.x))];
  const n = Math.max(1, ...stackKinds.map((stack) => data[stack].length));
  const markEvery = Math.max(1, Math.round(n / 12));
  const toPixel = (y: number) => margin.top + (1 - Math.log(y / domain[0]) / Math.log(domain[1] / domain[0])) * (h - margin.top - margin.bottom);

  const marks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12})];
  const ends: {stack: StackKind; x: number; y: number}[] = [];
  stackKinds.forEach((stack, s) => {
    const {stroke, dash, symbol} = stackSeries[stack];
    const mine = rows.filter((r) => r.stack === stack);
    const offset = Math.floor((s * markEvery) / stackKinds.length); // stagger the markers of the three stacks
    marks.push(
      Plot.line(mine, {x: "x", y: "y", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(
        mine.filter((r, i) => r.y !== undefined && (i - offset) % markEvery === 0),
        {x: "x", y: "y", fill: stroke, symbol, r: 3.5}
      )
    );
    const drawn = mine.filter((r) => r.y !== undefined);
    if (drawn.length) ends.push({stack, x: drawn[drawn.length - 1].x, y: drawn[drawn.length - 1].y!});
  });
  const placed = spreadLabels(ends.map((e) => toPixel(e.y)), 15);
  ends.forEach(({stack, x, y}, k) => {
    marks.push(
      Plot.text([{x, y}], {
        x: "x",
        y: "y",
        text: () => stackSeries[stack].label,
        fill: stackSeries[stack].text,
        dx: 6,
        dy: placed[k] - toPixel(y),
        textAnchor: "start",
        lineAnchor: "middle",
        fontWeight: "bold",
        fontSize: 12,
        stroke: "white",
        strokeWidth: 4,
        paintOrder: "stroke"
      })
    );
  });
  marks.push(
    Plot.tip(
      rows.filter((r) => r.y !== undefined),
      Plot.pointerX({x: "x", y: "y", title: (r: StackRow) => `${stackSeries[r.stack].label}\n${xName} ${r.x}\n${yName} ${Number(r.y!.toPrecision(3))}`})
    )
  );
  return Plot.plot({
    width,
    height: h,
    marginTop: margin.top,
    marginLeft: margin.left,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    style: {fontSize: "12px", overflow: "visible"},
    x: {label: xLabel, labelAnchor: "center", labelOffset: 38, domain: [x0, x1], nice: false, tickFormat: "d", ticks: Math.min(x1 - x0, Math.max(2, Math.floor(width / 60)))},
    // Across many decades only powers of ten are labelled; across fewer, every tick is.
    y: {type: "log", domain, label: yLabel, tickFormat: Math.log10(domain[1] / domain[0]) > 2 ? formatPowerTick : formatTick, ticks: Math.max(3, Math.floor(h / 45))},
    marks
  });
}

/** Ticks at powers of ten: "1e-6" far from 1, plain numbers near it; other ticks unlabelled. */
function formatPowerTick(value: number): string {
  const exponent = Math.log10(value);
  if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return "";
  return Math.abs(exponent) <= 2 ? String(value) : `1e${Math.round(exponent)}`;
}

/** Any tick, to two significant digits. */
function formatTick(value: number): string {
  return String(Number(value.toPrecision(2)));
}
