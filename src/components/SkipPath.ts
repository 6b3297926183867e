// SkipPath: the singular values of the skip-only path through L blocks. Under A and B that path is a
// product of identities, so every singular value stays 1; under C it is a product of L projections,
// and the values fan out, some growing and some shrinking geometrically with L (log scale).
import * as Plot from "@observablehq/plot";
import {formatRatio} from "./GradientNorms.js";
import {Frame} from "./Frame.js";
import {optionStyle} from "./shortcut-style.js";

export interface SkipPathOptions {
  /** Width in pixels; default 640. */
  width?: number;
  /** The initialisation the projections were drawn with, named in the caption. */
  init?: string;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

/**
 * The smallest ratio σ/σ_max shown. A product of many matrices computed in float64 carries rounding
 * errors of about 1e-16 of its largest entries, so singular values much below 1e-10 of the largest
 * are not resolved: they are left out and the caption says so.
 */
export const RESOLVED = 1e-10;

interface Point {
  blocks: number;
  index: number;
  value: number;
}

/**
 * A <figure>: for each path length L (x), every singular value of W_s^(L) ··· W_s^(1) (y, log scale) as
 * a dot, the largest and smallest joined by lines, and the identity path as a flat rule at 1.
 * @param spectra entry l − 1 holds the singular values after l blocks (skipPathSpectra's result)
 */
export function SkipPath(spectra: readonly Float64Array[], {width = 640, init = "he", veil = false}: SkipPathOptions = {}): HTMLElement {
  checkSpectra(spectra);
  const L = spectra.length, k = spectra[0].length;
  // Values below float64's resolution (and zeros, which a log scale cannot show) are left out.
  const data: Point[] = spectra.flatMap((s, l) => Array.from(s, (value, i) => ({blocks: l + 1, index: i + 1, value}))).filter((d) => resolved(d.value, spectra[d.blocks - 1]));
  const largest = spectra.map((s, l) => ({blocks: l + 1, value: s[0]}));
  const smallest = spectra.map((s, l) => ({blocks: l + 1, value: s[s.length - 1]})).filter((d) => resolved(d.value, spectra[d.blocks - 1]));
  const {stroke, text} = optionStyle.C;
  const identity = optionStyle.A;
  const narrow = width < 480;
  const chart = Plot.plot({
    width,
    height: Math.round(Math.max(260, Math.min(400, width * 0.55))),
    marginLeft: 52,
    marginRight: narrow ? 52 : 96,
    marginBottom: 40,
    style: {fontSize: narrow ? "11px" : "12px", overflow: "visible"},
    x: {domain: [0.5, L + 0.5], label: "blocks L on the skip path →", labelAnchor: "center", ticks: Math.min(L, narrow ? 5 : 10), tickFormat: "d"},
    y: {type: "log", label: "↑ singular values of the skip path (log scale)", tickFormat: formatTick},
    marks: [
      Plot.gridY({strokeOpacity: 0.12}),
      Plot.dot(data, {x: "blocks", y: "value", fill: stroke, fillOpacity: 0.45, r: 2}),
      Plot.line(largest, {x: "blocks", y: "value", stroke, strokeWidth: 2, strokeDasharray: optionStyle.C.dash}),
      Plot.line(smallest, {x: "blocks", y: "value", stroke, strokeWidth: 2, strokeDasharray: optionStyle.C.dash}),
      Plot.ruleY([1], {stroke: identity.stroke, strokeWidth: 2.5}),
      Plot.text([{blocks: L, value: 1}], {x: "blocks", y: "value", text: () => (narrow ? "A, B" : "A, B: identity"), dx: 6, textAnchor: "start", fill: identity.text, fontWeight: "bold", stroke: "white", strokeWidth: 4, paintOrder: "stroke"}),
      Plot.text([largest[L - 1]], {x: "blocks", y: "value", text: () => (narrow ? "C max" : "C: largest"), dx: 6, textAnchor: "start", fill: text, fontWeight: "bold", stroke: "white", strokeWidth: 4, paintOrder: "stroke"}),
      ...(smallest.length === L
        ? [Plot.text([smallest[L - 1]], {x: "blocks", y: "value", text: () => (narrow ? "C min" : "C: smallest"), dx: 6, textAnchor: "start", fill: text, fontWeight: "bold", stroke: "white", strokeWidth: 4, paintOrder: "stroke"})]
        : []),
      Plot.tip(data, Plot.pointer({x: "blocks", y: "value", title: (d: Point) => `after ${d.blocks} ${d.blocks === 1 ? "block" : "blocks"}\nσ${d.index} = ${formatRatio(d.value)}`}))
    ]
  });
  return Frame(chart, {name: "skip-path", caption: describeSkipPath(spectra, {init, channels: k}), data, veil});
}

function resolved(value: number, spectrum: Float64Array): boolean {
  return Number.isFinite(value) && value > RESOLVED * spectrum[0];
}

function checkSpectra(spectra: readonly Float64Array[]): void {
  if (!Array.isArray(spectra) || spectra.length === 0 || spectra[0].length === 0) throw new Error(`invalid spectra: ${String(spectra)} (expected skipPathSpectra's result)`);
}

/** "1e-3" style ticks for powers of ten far from 1, plain numbers near 1, nothing between decades. */
function formatTick(value: number): string {
  const exponent = Math.log10(value);
  if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return "";
  return Math.abs(exponent) <= 2 ? String(value) : `1e${Math.round(exponent)}`;
}

/**
 * The caption: the range of one projection's singular values, then of the path through L blocks (up to
 * what float64 resolves), against the identity's 1.
 */
export function describeSkipPath(spectra: readonly Float64Array[], {init = "he", channels}: {init?: string; channels?: number} = {}): string {
  checkSpectra(spectra);
  const L = spectra.length;
  const k = channels ?? spectra[0].length;
  const describe = (s: Float64Array) => {
    const lo = s[s.length - 1], hi = s[0];
    return resolved(lo, s) ? `from ${formatRatio(lo)} to ${formatRatio(hi)} (a ratio of ${formatRatio(hi / lo)})` : `up to ${formatRatio(hi)}, the smallest below ${formatRatio(RESOLVED * hi)}`;
  };
  const sentences = [`On ${k} channels with ${init} initialisation, one projection's singular values run ${describe(spectra[0])}.`];
  if (L > 1) sentences.push(`Through ${L} blocks of option C, the skip-only path W_s^(${L}) ··· W_s^(1) has singular values ${describe(spectra[L - 1])}.`);
  const first = spectra.findIndex((s) => !resolved(s[s.length - 1], s));
  if (first >= 0) {
    sentences.push(
      `From ${first + 1} ${first === 0 ? "block" : "blocks"} on, the smallest fall below a ten-billionth of the largest, where float64 arithmetic no longer resolves them; they are left out: that path all but erases those directions.`
    );
  }
  sentences.push("Through A's or B's identity skips, every singular value of that path stays exactly 1 (the flat green line).");
  return sentences.join(" ");
}
