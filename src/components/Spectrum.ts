// Spectrum: the singular values of a block's branch Jacobian J_F (what a plain block multiplies a
// gradient by) against those of I + J_F (the residual block), sorted, with the identity's singular
// value 1 drawn as a reference: how far the skip keeps every direction from being shrunk or stretched.
import * as Plot from "@observablehq/plot";
import {halo, plotDefaults, type FigureOptions} from "./figure.js";
import {Frame} from "./Frame.js";
import {formatNumber} from "./format.js";
import {series} from "./palette.js";

export interface SpectrumData {
  /** Singular values of J_F, largest first. */
  branch: ArrayLike<number>;
  /** Singular values of I + J_F, largest first. */
  block: ArrayLike<number>;
}

type Kind = "plain" | "residual";
const names: Record<Kind, string> = {plain: "J_F (plain)", residual: "I + J_F (residual)"};
const labels: Record<Kind, string> = {plain: "J_F", residual: "I + J_F"};

/** A <figure> with both sorted spectra on a linear scale and a caption made from them. */
export function Spectrum(data: SpectrumData, {width = 640, height, veil = false}: FigureOptions = {}): HTMLElement {
  checkData(data);
  const h = height ?? Math.round(Math.max(260, Math.min(380, width * 0.5)));
  const n = data.branch.length;
  const rows = [
    ...Array.from(data.branch, (sigma, i) => ({rank: i + 1, sigma, kind: "plain" as Kind, matrix: names.plain})),
    ...Array.from(data.block, (sigma, i) => ({rank: i + 1, sigma, kind: "residual" as Kind, matrix: names.residual}))
  ];
  const every = Math.max(1, Math.round(n / Math.max(8, Math.min(24, width / 30))));
  const marks: Plot.Markish[] = [
    Plot.gridY({strokeOpacity: 0.12}),
    Plot.ruleY([0], {stroke: "#888"}),
    Plot.ruleY([1], {stroke: "black", strokeDasharray: "1,3", strokeWidth: 1.5}),
    // Labels sit where the lines leave room: the identity's at the left, under its line (I + J_F starts above 1 there).
    Plot.text([1], {x: 1, y: (d) => d, text: () => (width < 500 ? "1: the identity" : "1: every singular value of the identity"), textAnchor: "start", dx: 4, dy: 12, fontSize: 12, fill: "black", ...halo})
  ];
  for (const kind of ["plain", "residual"] as const) {
    const {stroke, dash, symbol, text} = series[kind];
    const mine = rows.filter((d) => d.kind === kind);
    marks.push(
      Plot.line(mine, {x: "rank", y: "sigma", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(mine.filter((d) => (d.rank - 1) % every === 0), {x: "rank", y: "sigma", fill: stroke, symbol, r: 3.5}),
      Plot.text([mine[Math.floor((kind === "plain" ? 0.5 : 0.75) * (n - 1))]], {x: "rank", y: "sigma", text: () => labels[kind], textAnchor: "middle", dy: kind === "residual" ? 16 : -14, fill: text, fontWeight: "bold", fontSize: 13, ...halo})
    );
  }
  marks.push(Plot.tip(rows, Plot.pointerX({x: "rank", y: "sigma", stroke: "kind", channels: {matrix: "matrix"}, format: {stroke: false, y: (y: number) => y.toPrecision(3)}})));
  const chart = Plot.plot({
    width,
    height: h,
    ...plotDefaults,
    x: {label: "singular value, largest first (rank) →", labelAnchor: "center", labelOffset: 34, domain: [1, Math.max(2, n)]},
    y: {label: "↑ singular value σ", domain: [0, Math.max(1.1, data.branch[0], data.block[0]) * 1.05]},
    marks
  });
  return Frame(chart, {name: "spectrum", caption: describeSpectrum(data), data: rows.map(({rank, sigma, matrix}) => ({matrix, rank, sigma})), veil});
}

function checkData(data: SpectrumData): void {
  for (const key of ["branch", "block"] as const) {
    const values = data?.[key];
    if (values == null || typeof values.length !== "number" || values.length < 1) throw new Error(`invalid ${key}: ${values} (expected singular values, largest first)`);
  }
  if (data.branch.length !== data.block.length) throw new Error(`invalid spectra: ${data.branch.length} and ${data.block.length} values (expected one per dimension in each)`);
}

/** Singular values at or below this fraction of the largest are zero to rounding. */
const ZERO = 1e-12;

/** The caption: each spectrum's range, how many of J_F's are zero, how many of I + J_F's fall below 1. */
export function describeSpectrum(data: SpectrumData): string {
  checkData(data);
  const n = data.branch.length;
  const b = Array.from(data.branch), r = Array.from(data.block);
  const norm = b[0];
  const zeros = b.filter((s) => s <= ZERO * Math.max(norm, 1)).length;
  const below = r.filter((s) => s < 1).length;
  const farthest = Math.max(...r.map((s) => Math.abs(s - 1)));
  const sentences = [
    `At width ${n}, the singular values of J_F run from ${formatNumber(b[n - 1])} to ${formatNumber(norm)}${zeros > 0 ? `, and ${zeros} of the ${n} are zero to rounding (those directions are lost in a plain block)` : ""}.`,
    `Those of I + J_F run from ${formatNumber(r[n - 1])} to ${formatNumber(r[0])}: ${below} of ${n} are below 1, and the farthest from 1 is ${formatNumber(farthest)} away, ${farthest <= norm * (1 + 1e-9) + 1e-12 ? "within" : "beyond"} ‖J_F‖ = ${formatNumber(norm)}.`,
    "J_F: vermillion dashed line with triangles; I + J_F: blue solid line with circles; the dotted black line is 1."
  ];
  return sentences.join(" ");
}
