// LossLandscape: the loss on a 2-D slice through a trained plain and a trained residual network
// (Li et al. 2018), side by side on one colour scale: each grid point a cell coloured by log₁₀ of the
// loss (viridis), with contour lines every decade so the shape does not rest on colour alone, and a
// cross at the trained weights. Rows appear as the worker computes them; a slice's contours once it is complete.
//
// The figure is redrawn with every new row, so what does not change between redraws is made once: a
// complete slice's contour lines (cached per slice, see sliceContours), and the colour legend (a
// canvas ramp Plot renders to an image, cloned from the last one while the domain and width hold).
import * as Plot from "@observablehq/plot";
import {contours} from "d3";
import {planeShape, type LossPlaneRow, type PlaneShape} from "../lib/index.js";
import {formatRatio} from "./GradientNorms.js";
import {Frame} from "./Frame.js";
import type {LandscapeState} from "./landscape.js";
import {series} from "./palette.js";

export interface LandscapeData {
  plain: LandscapeState;
  residual: LandscapeState;
}

export interface LossLandscapeOptions {
  /** Width in pixels; default 640. Below 600 the two panels stack. */
  width?: number;
  /** The slice's half-width in filter-normalised units (the plane spans [−range, range]²). Default 1. */
  range?: number;
  /** Blocks in each network, for the caption. */
  depth?: number;
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

type Kind = keyof LandscapeData;
const kinds: readonly Kind[] = ["plain", "residual"];

interface Cell {
  network: Kind;
  a: number;
  b: number;
  loss: number | null;
  /** log₁₀ loss, clipped to the colour domain; null where the loss is not a finite positive number. */
  level: number | null;
}

/** The shared colour domain, in log₁₀ loss: from the lowest loss on either slice to at most 6 decades above it. */
export function levelDomain(data: LandscapeData): [number, number] {
  const logs = kinds.flatMap((k) => data[k].rows.flatMap((row) => row.losses.filter((l): l is number => l !== null && l > 0).map(Math.log10)));
  if (logs.length === 0) return [-1, 1];
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.min(lo + 6, Math.ceil(Math.max(...logs)));
  return [lo, Math.max(hi, lo + 1)];
}

/** A contour line of one slice: a MultiPolygon in plane coordinates (a, b), with its network for the facet. */
export interface SliceContour {
  type: "MultiPolygon";
  coordinates: [number, number][][][];
  /** The threshold, in log₁₀ loss. */
  value: number;
  network: Kind;
}

// A complete slice's contours, by the slice's last row (rows are never changed once received, and a
// new run makes new rows) and the thresholds they were drawn at. A cache of values computed from
// immutable inputs, not state: a forgotten entry is recomputed the same.
const contourCache = new WeakMap<LossPlaneRow, {key: string; lines: SliceContour[]}>();

/**
 * The contour lines of a complete slice at `thresholds` (log₁₀ loss), as Plot.contour draws them from
 * the same grid with interpolate "none": d3-contour on the resolution × resolution grid of levels
 * (smoothed; a point whose loss is not a finite positive number left out), its grid coordinates
 * rescaled to [−range − step/2, range + step/2] on both axes.
 */
export function sliceContours(state: LandscapeState, network: Kind, {thresholds, domain, range = 1}: {thresholds: readonly number[]; domain: [number, number]; range?: number}): SliceContour[] {
  const n = state.resolution;
  if (state.rows.length !== n) return [];
  const last = state.rows[n - 1];
  const key = `${network} ${range} ${domain} ${thresholds}`;
  const cached = contourCache.get(last);
  if (cached?.key === key) return cached.lines;
  const [lo, hi] = domain;
  // Row j of the grid is the slice's row j (b rising), column i its point i (a rising), as Plot lays them out.
  const grid: (number | undefined)[] = new Array(n * n);
  state.rows.forEach((row, j) =>
    row.losses.forEach((loss, i) => {
      if (loss !== null && loss > 0) grid[j * n + i] = Math.min(hi, Math.max(lo, Math.log10(loss)));
    })
  );
  const step = (2 * range) / (n - 1);
  const origin = -range - step / 2;
  const scale = (2 * range + step) / n; // plane units per grid cell
  const contour = contours().size([n, n]).smooth(true).contour;
  const lines = thresholds.map((t) => {
    const {coordinates} = contour(grid as number[], t);
    for (const polygon of coordinates) for (const ring of polygon) for (const point of ring) (point[0] = origin + point[0] * scale), (point[1] = origin + point[1] * scale);
    return {type: "MultiPolygon" as const, coordinates: coordinates as [number, number][][][], value: t, network};
  });
  contourCache.set(last, {key, lines});
  return lines;
}

// The last legend drawn, by its domain and width: a clone of it serves the next redraw.
let lastLegend: {key: string; legend: Element} | null = null;

/** Plot's colour legend for `color` at `width`, drawn once per domain and width and cloned after. */
function colorLegend(color: Plot.ScaleOptions, width: number, domain: [number, number]): Element {
  const key = `${domain} ${width}`;
  if (lastLegend?.key !== key) lastLegend = {key, legend: Plot.legend({color, marginLeft: 14, marginRight: 14, width}) as Element};
  return lastLegend.legend.cloneNode(true) as Element;
}

function cells(state: LandscapeState, network: Kind, [lo, hi]: [number, number]): Cell[] {
  return state.rows.flatMap((row) =>
    row.a.map((a, i) => {
      const loss = row.losses[i];
      const level = loss !== null && loss > 0 ? Math.min(hi, Math.max(lo, Math.log10(loss))) : null;
      return {network, a, b: row.b, loss, level};
    })
  );
}

/** The figure: two panels (side by side, or stacked below 600 px), their status and a caption made from the grids. */
export function LossLandscape(data: LandscapeData, {width = 640, range = 1, depth, veil = false}: LossLandscapeOptions = {}): HTMLElement {
  const resolution = data.plain.resolution;
  const step = (2 * range) / (resolution - 1);
  const extent: [number, number] = [-range - step / 2, range + step / 2];
  const domain = levelDomain(data);
  const all = kinds.flatMap((k) => cells(data[k], k, domain));
  const stacked = width < 600;
  // Each panel names its network and depth: an exported chart says what it shows without its caption.
  // (Stacked, the names sit in the right margin: two lines.)
  const panelName = (k: Kind) => (depth === undefined ? series[k].label : `${series[k].label}${stacked ? "\n" : ", "}${depth} ${depth === 1 ? "block" : "blocks"}`);
  const facet = stacked ? {fy: "network"} : {fx: "network"};
  // Each panel square: stacked panels leave room on the right for their names ("residual").
  const panel = stacked ? Math.min(width - 125, 360) : Math.min((width - 90) / 2, 420);
  const thresholds = Array.from({length: domain[1] - domain[0] - 1}, (_, i) => domain[0] + i + 1); // every decade inside the domain
  const color = {type: "linear", scheme: "viridis", domain, label: "log₁₀ loss (dark purple = low, yellow = high)", ticks: domain[1] - domain[0] + 1, tickFormat: (v: number) => (Number.isInteger(v) ? String(v).replace("-", "−") : "")} as const;
  const legend = colorLegend(color, Math.min(320, width - 20), domain);
  const lines = kinds.flatMap((k) => sliceContours(data[k], k, {thresholds, domain, range}));
  const drawn = all.length > 0; // no row yet: no image, contours or tips to build
  const chart = Plot.plot({
    width: stacked ? panel + 125 : 2 * panel + 90,
    height: stacked ? 2 * panel + 90 : panel + 70,
    marginLeft: 50,
    marginRight: stacked ? 75 : 20,
    marginTop: 30,
    marginBottom: 40,
    style: {fontSize: "12px"},
    x: {domain: extent, label: "a (along δ) →", labelAnchor: "center", ticks: 5},
    y: {domain: extent, label: "↑ b (along η)", ticks: 5},
    fx: {domain: kinds, label: null, tickFormat: panelName},
    fy: {domain: kinds, label: null, tickFormat: panelName},
    color,
    marks: [
      Plot.frame({...facet, stroke: "#999"}),
      // One image per panel, a pixel per grid point (a rect each would be 882 elements to redraw per row).
      drawn ? Plot.raster(all, {x: "a", y: "b", fill: (d: Cell) => d.level ?? undefined, x1: extent[0], x2: extent[1], y1: extent[0], y2: extent[1], width: resolution, height: resolution, imageRendering: "pixelated", ...facet}) : null,
      // Cells whose loss is not a number: hatched grey, named in the caption.
      Plot.rect(all.filter((d) => d.level === null), {x1: (d: Cell) => d.a - step / 2, x2: (d: Cell) => d.a + step / 2, y1: (d: Cell) => d.b - step / 2, y2: (d: Cell) => d.b + step / 2, fill: "#bbb", ...facet}),
      // Contours of complete slices only: lines through half a grid mean little. Computed once per
      // slice (sliceContours) and drawn in plane coordinates, through the x and y scales.
      // (Joins and caps as Plot.contour draws them: the geo mark's defaults are round.)
      Plot.geo(lines, {stroke: "white", strokeWidth: 2.5, strokeOpacity: 0.7, fill: "none", strokeMiterlimit: 1, strokeLinejoin: "miter", strokeLinecap: "butt", ...facet}),
      Plot.geo(lines, {stroke: "black", strokeWidth: 1, fill: "none", strokeMiterlimit: 1, strokeLinejoin: "miter", strokeLinecap: "butt", ...facet}),
      // The trained weights, θ* at (0, 0): a cross with a halo.
      Plot.dot(kinds.filter((k) => data[k].rows.length > 0).map((network) => ({network, a: 0, b: 0})), {x: "a", y: "b", symbol: "times", r: 6, stroke: "white", strokeWidth: 5, ...facet}),
      Plot.dot(kinds.filter((k) => data[k].rows.length > 0).map((network) => ({network, a: 0, b: 0})), {x: "a", y: "b", symbol: "times", r: 6, stroke: "black", strokeWidth: 2, ...facet}),
      // A panel with no slice yet says where its run stands, so the chart shows the run it waits for.
      Plot.text(kinds.filter((k) => data[k].rows.length === 0).map((network) => ({network, text: panelWaiting(data[network])})), {x: () => 0, y: () => 0, text: "text", fontSize: 13, lineWidth: 12, ...facet}),
      drawn ? Plot.tip(all, Plot.pointer({x: "a", y: "b", ...facet, channels: {loss: (d: Cell) => d.loss, network: "network"}, format: {x: ".2f", y: ".2f", loss: (v: number | null) => (v === null ? "not a number" : formatRatio(v))}})) : null
    ]
  });
  const rows = all.map(({network, a, b, loss}) => ({network, a, b, loss}));
  const body = document.createElement("div");
  body.append(chart, legend); // the chart first: it is the SVG that the download buttons export
  return Frame(body, {name: "loss-landscape", caption: describeLandscape(data, {depth}), data: rows, status: landscapeStatus(data), veil});
}

/** What an empty panel says while its network trains or its slice starts ("training: step 150 of 600"). */
export function panelWaiting(state: LandscapeState): string {
  if (state.error) return "failed";
  if (state.diverged) return `training ${state.diverged}: no slice`;
  if (state.step < state.steps) return `training: step ${state.step} of ${state.steps}${state.loss === null ? "" : `, loss ${formatRatio(state.loss)}`}`;
  return "computing the slice…";
}

/** Where the runs stand, for the figure's status line; null once both slices are complete. */
export function landscapeStatus(data: LandscapeData): string | null {
  const parts = kinds.map((k) => {
    const s = data[k];
    const name = series[k].label;
    if (s.error) return `${name}: failed (${s.error})`;
    if (s.diverged) return `${name}: training ${s.diverged}, so there is no slice to draw`;
    if (s.rows.length === s.resolution) return null;
    if (s.step < s.steps) return `${name}: training, step ${s.step} of ${s.steps}`;
    return `${name}: slice row ${s.rows.length} of ${s.resolution}`;
  });
  const live = parts.filter((p): p is string => p !== null);
  return live.length ? live.join(" · ") : null;
}

function describeOne(kind: Kind, state: LandscapeState, shape: PlaneShape): string {
  const name = series[kind].label;
  if (state.diverged) return `The ${name} network's training ${state.diverged}; it has no slice.`;
  if (state.rows.length === 0) return `The ${name} network is ${state.step < state.steps ? `training (step ${state.step} of ${state.steps})` : "starting its slice"}.`;
  const partial = state.rows.length < state.resolution ? ` (${state.rows.length} of ${state.resolution} rows so far)` : "";
  const trained = state.loss === null ? "" : ` trained to a minibatch loss of ${formatRatio(state.loss)};`;
  const range = shape.min !== null && shape.max !== null ? ` the loss on the slice runs from ${formatRatio(shape.min)} to ${formatRatio(shape.max)}` : " no finite loss yet";
  const centre = shape.centre !== null ? `, ${formatRatio(shape.centre)} at the trained weights` : "";
  const curvature = shape.interior > 0 ? `; ${shape.localMinima} local ${shape.localMinima === 1 ? "minimum" : "minima"} and ${Math.round(100 * shape.concaveFraction)}% of inner points curving downward in some direction` : "";
  return `${name[0].toUpperCase()}${name.slice(1)}${partial}:${trained}${range}${centre}${curvature}.`;
}

/** The caption: per network, its training loss, the slice's range of losses, local minima and downward curvature. */
export function describeLandscape(data: LandscapeData, {depth}: {depth?: number} = {}): string {
  const lead = depth === undefined ? "" : `Both networks have ${depth} blocks. `;
  const notNumbers = kinds
    .map((k) => [k, data[k].rows.reduce((n, row) => n + row.losses.filter((l) => l === null).length, 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} points of the ${k} slice have a loss that is not a finite number (grey).`);
  return [
    lead + kinds.map((k) => describeOne(k, data[k], planeShape(data[k].rows.map((r) => r.losses)))).join(" "),
    ...notNumbers,
    "Colour is log₁₀ of the loss on the viridis scale (dark purple low, yellow high); black lines are contours one decade apart; the cross marks the trained weights."
  ].join(" ");
}
