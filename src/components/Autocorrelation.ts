// Autocorrelation: the autocorrelation function of each network's gradient along the line (Balduzzi et
// al. 2017, Fig. 2), with white noise and brown noise (a random walk) as grey references.
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import {halo, type FigureOptions} from "./figure.js";
import {series} from "./palette.js";

export interface AutocorrelationData {
  /** acf[k] for k = 0 … maxLag, per series. */
  plain: ArrayLike<number>;
  residual: ArrayLike<number>;
  white: ArrayLike<number>;
  brown: ArrayLike<number>;
  depth: number;
  /** The spacing of neighbouring inputs, so a lag reads as a distance along x. */
  spacing: number;
}


const references = {
  white: {label: "white noise", stroke: "#777", dash: "1,3"},
  brown: {label: "brown noise", stroke: "#777", dash: "8,3"}
} as const;
type Name = "plain" | "residual" | "white" | "brown";
const names: readonly Name[] = ["brown", "white", "plain", "residual"];

export function Autocorrelation(data: AutocorrelationData, {width = 640, veil = false}: FigureOptions = {}): HTMLElement {
  const rows = names.flatMap((name) => Array.from(data[name], (r, lag) => ({name, lag, r})));
  const style = (name: Name) => (name === "plain" || name === "residual" ? {...series[name], text: series[name].text} : {...references[name], text: "#555", symbol: null});
  const marks: Plot.Markish[] = [Plot.ruleY([0], {stroke: "#999"})];
  const ends: {name: Name; lag: number; r: number}[] = [];
  for (const name of names) {
    const own = rows.filter((d) => d.name === name);
    const {stroke, dash} = style(name);
    marks.push(Plot.line(own, {x: "lag", y: "r", stroke, strokeWidth: name === "white" || name === "brown" ? 1.5 : 2.5, ...(dash ? {strokeDasharray: dash} : {})}));
    if (name === "plain" || name === "residual") {
      const every = Math.max(1, Math.round(own.length / 8));
      marks.push(Plot.dot(own.filter((d) => d.lag % every === (name === "plain" ? 0 : Math.floor(every / 2))), {x: "lag", y: "r", fill: stroke, symbol: series[name].symbol, r: 3.5}));
    }
    ends.push(own[own.length - 1]);
  }
  // Direct labels at the right end, nudged apart when two ends sit close together.
  ends.sort((a, b) => b.r - a.r);
  let previous = Infinity;
  for (const end of ends) {
    const y = Math.min(end.r, previous - 0.12);
    previous = y;
    marks.push(Plot.text([{lag: end.lag, r: y}], {x: "lag", y: "r", text: () => style(end.name).label, dx: 6, textAnchor: "start", fill: style(end.name).text, fontWeight: "bold", ...halo}));
  }
  marks.push(Plot.tip(rows, Plot.pointer({x: "lag", y: "r", title: (d) => `${style(d.name).label}, lag ${d.lag}: ${d.r.toFixed(2)}`})));
  const chart = Plot.plot({
    width,
    height: Math.round(Math.max(240, Math.min(360, width * 0.5))),
    marginLeft: 48,
    marginRight: 96,
    marginBottom: 44,
    style: {fontSize: "12px", overflow: "visible"},
    x: {label: `lag (inputs apart; one lag = ${data.spacing.toPrecision(2)} in x) →`, labelAnchor: "center", labelOffset: 38},
    y: {domain: [-0.5, 1], label: "↑ autocorrelation", grid: true},
    marks
  });
  const table = rows.map(({name, lag, r}) => ({series: name, lag, autocorrelation: r}));
  return Frame(chart, {name: "autocorrelation", caption: describeAutocorrelation(data), data: table, veil});
}

/** The lag at which a series' autocorrelation first drops below 1/2, or null if it never does. */
export function halfLag(acf: ArrayLike<number>): number | null {
  for (let k = 0; k < acf.length; ++k) if (acf[k] < 0.5) return k;
  return null;
}

export function describeAutocorrelation(data: AutocorrelationData): string {
  const maxLag = data.plain.length - 1;
  const say = (name: Name, label: string) => {
    const k = halfLag(data[name]);
    return k === null ? `${label} stays above 0.5 up to lag ${maxLag}` : `${label} falls below 0.5 at lag ${k}`;
  };
  return [
    `Autocorrelation of dy/dx against the lag, at depth ${data.depth}, lags 0 to ${maxLag}.`,
    `${say("plain", "The plain network's")}; ${say("residual", "the residual network's")}.`,
    `For reference, ${say("white", "white noise")} and ${say("brown", "brown noise")}.`,
    "Plain: vermillion dashed with triangles; residual: blue solid with circles; white noise: grey dotted; brown noise: grey long dashes."
  ].join(" ");
}
