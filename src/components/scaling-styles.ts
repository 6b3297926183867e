// How /scaling draws its runs: Okabe–Ito colours (palette.ts), and for each run a dash and a marker
// too, so no two differ by colour alone. Text colours are darkened to 4.5:1 on white where needed.
import {okabeIto, series} from "./palette.js";
import type {RunStyle} from "./LossCurves.js";

const strokes = [okabeIto.vermillion, okabeIto.reddishPurple, okabeIto.blue, okabeIto.bluishGreen, okabeIto.orange, okabeIto.skyBlue, okabeIto.black];
const texts = ["#B34F00", "#A1527F", okabeIto.blue, "#007A55", "#8F6300", "#2B7BAE", okabeIto.black];
const dashes = [null, "8,3", "2,3", "10,3,2,3", "4,4", "1,2", "12,4"];
const symbols = ["triangle", "square", "circle", "diamond", "star", "cross", "wye"];
const looks = ["solid line, triangles", "long dashes, squares", "dotted line, circles", "dash-dot line, diamonds", "short dashes, stars", "fine dots, crosses", "long dashes, wyes"];

/** The i-th style of the page's palette. */
export function styleAt(i: number): Omit<RunStyle, "key" | "label"> {
  const k = i % strokes.length;
  return {stroke: strokes[k], text: texts[k], dash: dashes[k], symbol: symbols[k], look: looks[k]};
}

/** The style of the i-th λ (the same λ keeps its style across the page's figures when listed in the same order). */
export function lambdaStyles(_lambda: number, i: number): Omit<RunStyle, "key" | "label"> {
  return styleAt(i);
}

/** Styles for a list of runs, in order: {key, label} pairs get the palette's styles one by one. */
export function runStyles(runs: readonly {key: string; label: string}[]): RunStyle[] {
  return runs.map(({key, label}, i) => ({key, label, ...styleAt(i)}));
}

/** Plain and residual keep the colours, dashes and markers every chapter gives them. */
export function plainResidualStyle(kind: "plain" | "residual"): Omit<RunStyle, "key" | "label"> {
  const s = series[kind];
  return {stroke: s.stroke, text: s.text, dash: s.dash, symbol: s.symbol, look: s.dash ? "dashed line, triangles" : "solid line, circles"};
}
