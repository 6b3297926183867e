// ShortcutParams: the parameter count of one ResNet under options A, B and C, each bar split into the
// shortcuts' share (coloured, labelled) and the rest of the network (grey).
import * as Plot from "@observablehq/plot";
import {Frame} from "./Frame.js";
import type {Census} from "./ShortcutShapes.js";
import {formatCount, formatPercent, optionNames, optionStyle, type OptionName} from "./shortcut-style.js";

export interface ShortcutParamsOptions {
  /** Width in pixels; default 640. */
  width?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

interface Row {
  option: OptionName;
  total: number;
  shortcuts: number;
  rest: number;
  projections: number;
}

function rows(census: Census): Row[] {
  return optionNames.map((option) => {
    const {paramCount, shortcutParams, projections} = census[option];
    return {option, total: paramCount, shortcuts: shortcutParams, rest: paramCount - shortcutParams, projections};
  });
}

/** A <figure> with one bar per option and a caption made from the same counts. */
export function ShortcutParams(census: Census, {width = 640, veil = false}: ShortcutParamsOptions = {}): HTMLElement {
  const data = rows(census);
  const max = Math.max(...data.map((d) => d.total));
  const narrow = width < 480;
  // Stacked by hand: the rest from 0, the shortcuts on top of it, so the shortcuts' sliver sits at the bar's end.
  const segments = data.flatMap((d) => [
    {option: d.option, part: "rest of the network", x1: 0, x2: d.rest, fill: "#c8c8c8"},
    {option: d.option, part: "shortcuts", x1: d.rest, x2: d.total, fill: optionStyle[d.option].stroke}
  ]);
  const chart = Plot.plot({
    width,
    height: 150,
    marginLeft: 28,
    marginRight: narrow ? 12 : 24,
    marginBottom: 40,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [0, max], label: "parameters →", grid: true, ticks: narrow ? 3 : 6, tickFormat: (v: number) => formatCount(v)},
    y: {domain: [...optionNames], label: null, tickSize: 0},
    marks: [
      Plot.barX(segments, {y: "option", x1: "x1", x2: "x2", fill: "fill", inset: 4}),
      // The label inside the bar, from its start: total, then the shortcuts' count and share.
      Plot.text(data, {
        y: "option",
        x: 0,
        dx: 8,
        textAnchor: "start",
        text: (d: Row) => barLabel(d, narrow),
        fill: "#111",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke"
      }),
      Plot.ruleX([0])
    ]
  });
  return Frame(chart, {name: "shortcut-params", caption: describeShortcutParams(census), data, veil});
}

/** "5,142: 208 in 2 shortcut projections (4.0%)", shorter on a phone; A's says it has none. */
function barLabel(d: Row, narrow: boolean): string {
  if (d.projections === 0) return `${formatCount(d.total)}: ${narrow ? "none in shortcuts" : "no parameters in shortcuts"}`;
  if (narrow) return `${formatCount(d.total)}: ${formatPercent(d.shortcuts / d.total)} in shortcuts`;
  return `${formatCount(d.total)}: ${formatCount(d.shortcuts)} in ${d.projections} shortcut ${d.projections === 1 ? "projection" : "projections"} (${formatPercent(d.shortcuts / d.total)})`;
}

/** The caption: each option's total and its shortcuts' count and share, and how much more B and C hold than A. */
export function describeShortcutParams(census: Census): string {
  const [a, b, c] = rows(census);
  const share = (d: Row) => `${formatCount(d.shortcuts)} of them in ${d.projections} ${d.projections === 1 ? "projection" : "projections"}, ${formatPercent(d.shortcuts / d.total)}`;
  const more = (d: Row) => formatPercent((d.total - a.total) / a.total);
  return [
    `Option A has ${formatCount(a.total)} parameters, none of them in its shortcuts.`,
    `B has ${formatCount(b.total)} (${share(b)}), ${more(b)} more than A;`,
    `C has ${formatCount(c.total)} (${share(c)}), ${more(c)} more than A.`,
    "Grey: the rest of the network; coloured end of each bar: its shortcuts."
  ].join(" ");
}
