// How the /projection figures tell options A, B and C apart: colour (Okabe–Ito) AND dash AND marker
// AND a direct label, never colour alone; plus the number formats their captions share.
import {okabeIto} from "./palette.js";

export const optionNames = ["A", "B", "C"] as const;
export type OptionName = (typeof optionNames)[number];

/** Per option: stroke colour, a text colour darkened to 4.5:1 on white, dash, marker, and what it does. */
export const optionStyle = {
  A: {stroke: okabeIto.bluishGreen, text: "#007A59", dash: null, symbol: "circle", label: "A", what: "zero-pad"},
  B: {stroke: okabeIto.orange, text: "#946600", dash: "7,3", symbol: "square", label: "B", what: "projection where the shape changes"},
  C: {stroke: okabeIto.reddishPurple, text: "#A5487E", dash: "2,3", symbol: "diamond", label: "C", what: "projection everywhere"}
} as const;

/** A whole number with thousands separators: 14,326. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A fraction as a percentage with one decimal: 0.0404 → "4.0%". */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(100 * fraction).toFixed(digits)}%`;
}

/** "A, B and C" from a list. */
export function formatList(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A [C, H, W] shape as "4×8×8". */
export function formatShape(shape: readonly number[]): string {
  return shape.join("×");
}
