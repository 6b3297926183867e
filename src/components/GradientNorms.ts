// GradientNorms: the gradient norm at every block boundary of a plain and a residual network, on a
// log scale, with a caption generated from the same numbers (the figure's text alternative).
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import {series} from "./palette.js";

/** Gradient norms at the block boundaries: entry l is ‖∂L/∂h_l‖, index 0 the first block's input, the last the last block's output. */
export interface GradientNormsData {
  plain: ArrayLike<number>;
  residual: ArrayLike<number>;
}

export interface GradientNormsOptions {
  /** Width of the chart in pixels; default 640. Pass Framework's `width` via resize(). */
  width?: number;
  /** Height of the chart in pixels; default a function of width, 240 to 420. */
  height?: number;
  /** Veil the chart until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

type Kind = keyof typeof series;
const kinds: readonly Kind[] = ["plain", "residual"];

/**
 * A <figure> holding a Plot chart (gradient norm per block boundary, log y) and a <figcaption> that says in
 * words what the chart shows. Zero or non-finite norms cannot sit on a log scale: they are left out
 * of the lines (which break there) and named in the caption.
 */
export function GradientNorms(data: GradientNormsData, {width = 640, height, veil = false}: GradientNormsOptions = {}): HTMLElement {
  checkData(data);
  const h = height ?? Math.round(Math.max(240, Math.min(420, width * 0.55)));
  const rows = Object.fromEntries(kinds.map((kind) => [kind, toRows(data[kind], kind)])) as Record<Kind, Row[]>;
  const depth = Math.max(data.plain.length, data.residual.length) - 1;
  const markEvery = Math.max(1, Math.round(depth / 10));

  const marks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12})];
  for (const kind of kinds) {
    const {stroke, dash, symbol} = series[kind];
    const offset = kind === "plain" ? 0 : Math.floor(markEvery / 2);
    marks.push(
      Plot.line(rows[kind], {x: "layer", y: "y", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      // Sparse markers, staggered between the two series, so the lines differ in shape too.
      Plot.dot(
        rows[kind].filter((d) => d.y !== undefined && (d.layer - offset) % markEvery === 0),
        {x: "layer", y: "y", fill: stroke, symbol, r: 4}
      )
    );
  }
  // Direct labels, one text mark each: dy is a constant in Plot, not a channel.
  for (const {layer, y, label, fill, dy} of directLabels(rows)) {
    marks.push(
      Plot.text([{layer, y}], {
        x: "layer",
        y: "y",
        text: () => label,
        fill,
        dy,
        dx: 6,
        textAnchor: "start",
        lineAnchor: "middle",
        fontWeight: "bold",
        fontSize: 13,
        stroke: "white",
        strokeWidth: 4,
        paintOrder: "stroke"
      })
    );
  }
  marks.push(
    Plot.tip(
      [...rows.plain, ...rows.residual].filter((d) => d.y !== undefined),
      Plot.pointerX({x: "layer", y: "y", stroke: "stroke", channels: {network: "kind"}, format: {stroke: false}})
    )
  );

  const chart = Plot.plot({
    width,
    height: h,
    marginLeft: 56,
    marginRight: 72, // room for the direct labels right of the lines' ends
    style: {fontSize: "12px", overflow: "visible"},
    marginBottom: 44,
    // Centred under the ticks, the label never collides with the last tick label on a phone.
    x: {label: "block boundary l (0 = first block's input) →", labelAnchor: "center", labelOffset: 38, domain: [0, Math.max(1, depth)], nice: false},
    y: {type: "log", label: "↑ gradient norm ‖∂L/∂hₗ‖ (log scale)", tickFormat: formatTick},
    marks
  });
  const table = kinds.flatMap((kind) => Array.from(data[kind], (norm, layer) => ({network: kind, layer, gradientNorm: norm})));
  return Frame(chart, {name: "gradient-norms", caption: describeGradientNorms(data), data: table, veil});
}

interface Row {
  layer: number;
  /** The norm where a log scale can show it (finite and > 0); else undefined, which breaks the line. */
  y: number | undefined;
  kind: Kind;
  stroke: string;
}

function toRows(norms: ArrayLike<number>, kind: Kind): Row[] {
  return Array.from(norms, (norm, layer) => ({layer, y: drawable(norm) ? norm : undefined, kind, stroke: series[kind].stroke}));
}

function drawable(norm: number): boolean {
  return Number.isFinite(norm) && norm > 0;
}

/**
 * Labels just right of each series' last drawable point; the higher series' label is nudged up, the
 * lower one's down, so the two stay apart even when the lines end at the same value.
 */
function directLabels(rows: Record<Kind, Row[]>): {layer: number; y: number; label: string; fill: string; dy: number}[] {
  const ends = kinds.flatMap((kind) => {
    const drawn = rows[kind].filter((d) => d.y !== undefined);
    const last = drawn[drawn.length - 1];
    return last ? [{kind, layer: last.layer, y: last.y as number}] : [];
  });
  const top = ends.length === 2 && ends[1].y > ends[0].y ? ends[1].kind : ends[0]?.kind;
  return ends.map(({kind, layer, y}) => ({
    layer,
    y,
    label: series[kind].label,
    fill: series[kind].text,
    dy: kind === top ? -7 : 7
  }));
}

function checkData(data: GradientNormsData): void {
  for (const kind of kinds) {
    const norms = data?.[kind];
    if (norms == null || typeof norms.length !== "number") throw new Error(`invalid ${kind}: ${norms} (expected an array of gradient norms)`);
    if (norms.length < 2) throw new Error(`invalid ${kind}: ${norms.length} entries (expected at least 2, one per layer)`);
  }
}

/** "1e-3" style ticks for powers of ten far from 1; plain numbers near 1. */
function formatTick(value: number): string {
  const exponent = Math.log10(value);
  if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return "";
  return Math.abs(exponent) <= 2 ? String(value) : `1e${Math.round(exponent)}`;
}

/** A ratio in words-friendly form: 2 significant digits, exponent notation when far from 1. */
export function formatRatio(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  return exponent <= -3 || exponent >= 4 ? value.toExponential(1).replace(".0e", "e").replace("e+", "e") : String(Number(value.toPrecision(2)));
}

/** Contiguous runs of layer indices, "0–23, 40". */
function formatRuns(indices: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    runs.push(i === j ? `${indices[i]}` : `${indices[i]}–${indices[j]}`);
    i = j + 1;
  }
  return runs.length > 4 ? `${runs.slice(0, 4).join(", ")} and others` : runs.join(", ");
}

/** What happened to the gradient at the first block's input relative to the last block's output, as a phrase. */
function firstVersusLast(norms: ArrayLike<number>): {ratio?: number; phrase: string} {
  const first = norms[0];
  const last = norms[norms.length - 1];
  if (first === 0) return {phrase: "underflowed to 0"};
  if (!Number.isFinite(first)) return {phrase: `is not a finite number (${first})`};
  if (!drawable(last)) return {phrase: `cannot be compared with the one at the last block's output (which is ${last})`};
  const ratio = first / last;
  return {ratio, phrase: `is ${formatRatio(ratio)} of the one at the last block's output`};
}

/** Sentences about layers whose norm is zero or not finite, which the log scale cannot show. */
function undrawable(norms: ArrayLike<number>, kind: Kind): string[] {
  const zero: number[] = [];
  const nonFinite: number[] = [];
  Array.from(norms).forEach((norm, layer) => {
    if (norm === 0) zero.push(layer);
    else if (!Number.isFinite(norm)) nonFinite.push(layer);
    else if (norm < 0) nonFinite.push(layer); // a norm is never negative: treat as invalid
  });
  const sentences: string[] = [];
  const where = (layers: number[]) => `${layers.length === 1 ? "block boundary" : "block boundaries"} ${formatRuns(layers)}`;
  if (zero.length) sentences.push(`In the ${kind} network the gradient underflowed to 0 at ${where(zero)}, which a log scale cannot show.`);
  if (nonFinite.length) sentences.push(`In the ${kind} network the gradient is not a finite number at ${where(nonFinite)} (overflow), left out of the chart.`);
  return sentences;
}

/**
 * The caption: the gradient at the first block's input relative to the last block's output in each network, then any
 * layers the log scale cannot show, then how to read the chart.
 */
export function describeGradientNorms(data: GradientNormsData): string {
  checkData(data);
  const depth = data.plain.length - 1;
  const plain = firstVersusLast(data.plain);
  const residual = firstVersusLast(data.residual);
  const lead =
    plain.ratio !== undefined && residual.ratio !== undefined
      ? `At depth ${depth} the gradient at the first block's input is ${formatRatio(plain.ratio)} of the one at the last block's output in the plain network and ${formatRatio(residual.ratio)} in the residual one.`
      : `At depth ${depth} the gradient at the first block's input ${plain.phrase} in the plain network and ${residual.phrase} in the residual one.`;
  return [
    lead,
    ...undrawable(data.plain, "plain"),
    ...undrawable(data.residual, "residual"),
    "Plain: vermillion dashed line with triangles; residual: blue solid line with circles."
  ].join(" ");
}
