// ShortcutSpectrum: the singular values of one block's skip under each option, sorted largest first,
// against the identity's (every one exactly 1). A's zero-pad sits on that line; a projection does not.
import * as Plot from "@observablehq/plot";
import type {ShortcutSpectra} from "../lib/index.js";
import {formatRatio} from "./GradientNorms.js";
import {Frame} from "./Frame.js";
import {optionStyle, type OptionName} from "./shortcut-style.js";

export interface ShortcutSpectrumOptions {
  /** Width in pixels; default 640. */
  width?: number;
  /** The initialisation and seed the projections were drawn with, named in the caption. */
  init?: string;
  seed?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

type Series = keyof ShortcutSpectra;

/** Which option each skip belongs to (its colour, dash and marker) and what to call it. */
const seriesInfo: Record<Series, {option: OptionName; label: (k: number) => string}> = {
  zeroPad: {option: "A", label: (k) => `A: zero-pad, ${k}→${2 * k}`},
  wide: {option: "B", label: (k) => `B, C: 1×1, ${k}→${2 * k}`},
  square: {option: "C", label: (k) => `C: 1×1, ${k}→${k}`}
};
const seriesNames = Object.keys(seriesInfo) as Series[];

interface Point {
  series: Series;
  index: number;
  value: number;
}

/** A <figure> with the three spectra as marked lines, the identity as a rule at 1, and a caption. */
export function ShortcutSpectrum(spectra: ShortcutSpectra, {width = 640, init = "he", seed = 0, veil = false}: ShortcutSpectrumOptions = {}): HTMLElement {
  const k = spectra.square.length;
  const data: Point[] = seriesNames.flatMap((series) => Array.from(spectra[series], (value, i) => ({series, index: i + 1, value})));
  const narrow = width < 480;
  const marks: Plot.Markish[] = [
    Plot.gridY({strokeOpacity: 0.12}),
    Plot.ruleY([0]),
    Plot.ruleY([1], {stroke: "#444", strokeDasharray: "1,3"})
  ];
  for (const series of seriesNames) {
    const {stroke, dash, symbol} = optionStyle[seriesInfo[series].option];
    const own = data.filter((d) => d.series === series);
    marks.push(
      Plot.line(own, {x: "index", y: "value", stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})}),
      Plot.dot(own, {x: "index", y: "value", fill: stroke, symbol, r: k > 32 ? 2.5 : 3.5})
    );
  }
  // Labels stacked in the top-right corner, which sorted (falling) spectra leave empty: each in its
  // series' colour beside its marker, so colour is never the only cue.
  seriesNames.forEach((series, row) => {
    const {stroke, symbol, text} = optionStyle[seriesInfo[series].option];
    const at = {frameAnchor: "top-right" as const, dy: 6 + 18 * row};
    marks.push(
      Plot.dot([0], {...at, dx: -6, fill: stroke, symbol, r: 4}),
      Plot.text([seriesInfo[series].label(k)], {...at, dx: -16, text: (d: string) => d, textAnchor: "end", fill: text, fontWeight: "bold", stroke: "white", strokeWidth: 4, paintOrder: "stroke"})
    );
  });
  marks.push(Plot.text([{index: 0.5, value: 1}], {x: "index", y: "value", text: () => "identity: all 1", dx: 4, dy: -9, textAnchor: "start", fill: "#333", stroke: "white", strokeWidth: 4, paintOrder: "stroke"}));
  marks.push(Plot.tip(data, Plot.pointer({x: "index", y: "value", title: (d: Point) => `${seriesInfo[d.series].label(k)}\nσ${d.index} = ${d.value.toFixed(3)}`})));
  const chart = Plot.plot({
    width,
    height: Math.round(Math.max(240, Math.min(360, width * 0.5))),
    marginLeft: 44,
    marginRight: 16,
    marginBottom: 40,
    style: {fontSize: narrow ? "11px" : "12px", overflow: "visible"},
    x: {domain: [0.5, k + 0.5], label: "singular value number i (largest first) →", labelAnchor: "center", ticks: Math.min(k, narrow ? 4 : 8), tickFormat: "d"},
    y: {label: "↑ singular value σᵢ of the skip", domain: [0, Math.max(1.2, ...data.map((d) => d.value)) * 1.08]},
    marks
  });
  return Frame(chart, {name: "shortcut-spectrum", caption: describeShortcutSpectrum(spectra, {init, seed}), data, veil});
}

/** The caption: the range of each skip's singular values and its ratio, largest to smallest, in words. */
export function describeShortcutSpectrum(spectra: ShortcutSpectra, {init = "he", seed = 0}: {init?: string; seed?: number} = {}): string {
  const k = spectra.square.length;
  const range = (s: Float64Array) => `from ${formatRatio(s[s.length - 1])} to ${formatRatio(s[0])}`;
  const ratio = (s: Float64Array) => (s[s.length - 1] > 0 ? `a ratio of ${formatRatio(s[0] / s[s.length - 1])}` : "one of them 0");
  const allOne = spectra.zeroPad.every((v) => v === 1);
  return [
    `With k = ${k} input channels (${init} initialisation, seed ${seed}):`,
    allOne ? `A's zero-pad skip has all ${k} singular values exactly 1, like the identity;` : `A's zero-pad skip has singular values ${range(spectra.zeroPad)};`,
    `the ${2 * k} × ${k} projection that B and C put where the shape changes spreads them ${range(spectra.wide)} (${ratio(spectra.wide)});`,
    `the ${k} × ${k} projection that C puts where the shape holds spreads them ${range(spectra.square)} (${ratio(spectra.square)}), so the direction of its smallest one passes at ${formatRatio(100 * spectra.square[k - 1])}% strength.`,
    "The dotted line at 1 is the identity skip. A: green solid line with circles; B and C: orange dashed line with squares; C alone: pink dotted line with diamonds."
  ].join(" ");
}
