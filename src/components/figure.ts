// What the chart components of /derivative and /products share: their options, the frame of a chart
// comparing plain with residual, and the white halo that keeps a direct label readable on a line.
import {series} from "./palette.js";

/** The options every chart component takes. */
export interface FigureOptions {
  /** Width in pixels; default 640. Pass Framework's `width` via resize(). */
  width?: number;
  /** Height in pixels; default a function of width. */
  height?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

/** Plot text options: a white outline drawn under the glyphs. */
export const halo = {stroke: "white", strokeWidth: 4, paintOrder: "stroke"} as const;

/** Plot options of a plain-versus-residual chart: margins, type size, and "kind" coloured by the palette. */
export const plotDefaults = {
  marginLeft: 48,
  marginRight: 16,
  marginBottom: 40,
  style: {fontSize: "12px", overflow: "visible"},
  color: {domain: ["plain", "residual"], range: [series.plain.stroke, series.residual.stroke]}
};
