// PathLengths: how many of the 2ⁿ paths of an unraveled residual network pass through each number of
// branches (Binomial(n, ½)), with the narrowest centred range that holds 95% of them shaded.
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import {halo, type FigureOptions} from "./figure.js";
import {formatRatio} from "./GradientNorms.js";
import {okabeIto, series} from "./palette.js";

export interface PathLengthsData {
  /** Blocks. */
  n: number;
  /** fractions[k] = C(n, k) / 2ⁿ (pathLengthFractions(n)). */
  fractions: ArrayLike<number>;
  /** The narrowest centred range of lengths holding at least `mass` of the paths (centralPathLengths(n, mass)). */
  central: {from: number; to: number; share: number};
  /** The mass that range was asked to hold, e.g. 0.95. */
  mass: number;
}


/** A bar per path length k (the share of all paths with that length), the central range in blue. */
export function PathLengths(data: PathLengthsData, {width = 640, veil = false}: FigureOptions = {}): HTMLElement {
  const {n, fractions, central} = checkData(data);
  const rows = Array.from(fractions, (fraction, k) => ({length: k, percent: 100 * fraction, inside: k >= central.from && k <= central.to}));
  // Bars under a thousandth of the tallest are under a third of a pixel: not drawn (at n = 1000 that
  // is 900 of 1001 bars, and a redraw as the knob moves stays short). The CSV keeps every length.
  const tallest = Math.max(...rows.map((r) => r.percent));
  const drawn = rows.filter((r) => r.percent >= tallest * 1e-3);
  const chart = Plot.plot({
    width,
    height: Math.round(Math.max(220, Math.min(340, width * 0.45))),
    marginLeft: 52,
    marginBottom: 44,
    style: {fontSize: "12px"},
    x: {label: width < 560 ? "path length k →" : "path length k: branches the path goes through →", labelAnchor: "center", labelOffset: 38, domain: [-0.5, n + 0.5]},
    // Headroom above the tallest bar for its label, which would otherwise run into the y title on a phone.
    y: {label: "↑ share of all paths (%)", grid: true, domain: [0, tallest * 1.3]},
    marks: [
      Plot.rectY(drawn, {
        x1: (d) => d.length - 0.45,
        x2: (d) => d.length + 0.45,
        y: "percent",
        fill: (d) => (d.inside ? series.residual.stroke : "#b8b8b8")
      }),
      Plot.ruleY([0]),
      Plot.text([{x: (central.from + central.to) / 2, y: tallest}], {
        x: "x",
        y: "y",
        text: () => `${formatPercent(central.share)} of paths: k = ${central.from} to ${central.to}`,
        dy: -12,
        fill: okabeIto.blue,
        fontWeight: "bold",
        ...halo
      }),
      // Every length, the undrawn ones too; the share is formatted only for the length pointed at.
      Plot.tip(rows, Plot.pointerX({x: "length", y: "percent", channels: {share: {value: "percent", label: "share of paths"}}, format: {x: true, y: false, share: (p: number) => formatPercent(p / 100)}}))
    ]
  });
  return Frame(chart, {name: "path-lengths", caption: describePathLengths(data), data: rows.map(({length, percent}) => ({length, paths: percent / 100})), veil});
}

/** A share as a percentage with enough digits to be honest: 95.2%, 0.45%, 1.3e-14%. */
export function formatPercent(share: number): string {
  const p = 100 * share;
  if (p === 0) return "0%";
  if (p >= 99.95 && p < 100) return `${Number(p.toFixed(3))}%`;
  if (p >= 10) return `${Number(p.toFixed(1))}%`;
  if (p >= 0.01) return `${Number(p.toPrecision(2))}%`;
  return `${formatRatio(p)}%`;
}

/** The caption: how many paths, the distribution, and the central range, in words. */
export function describePathLengths(data: PathLengthsData): string {
  const {n, fractions, central, mass} = checkData(data);
  const total = n <= 20 ? (2 ** n).toLocaleString("en-US") : `about ${formatRatio(2 ** n)}`;
  const each = fractions[0];
  return [
    `With n = ${n} blocks the unraveled network has 2^${n} = ${total} paths, and the number that pass through exactly k branches is C(${n}, k): the lengths follow Binomial(${n}, ½), with mean ${n / 2} and standard deviation ${Number(Math.sqrt(n / 4).toFixed(2))}.`,
    `The narrowest range around the middle that holds at least ${formatPercent(mass)} of the paths is k = ${central.from} to ${central.to}, which holds ${formatPercent(central.share)}.`,
    n > 0 ? `The shortest path (k = 0, every skip) and the longest (k = ${n}, every branch) are one path each, ${formatPercent(each)} of the total.` : "",
    "Bars inside the range are blue, the rest grey."
  ]
    .filter(Boolean)
    .join(" ");
}

function checkData(data: PathLengthsData): PathLengthsData {
  if (!data || !Number.isInteger(data.n) || data.n < 0) throw new Error(`invalid n: ${data?.n} (expected a whole number of blocks)`);
  if (data.fractions?.length !== data.n + 1) throw new Error(`invalid fractions: ${data.fractions?.length} entries (expected n + 1 = ${data.n + 1})`);
  return data;
}
