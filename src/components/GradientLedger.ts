// GradientLedger: the running product of per-block gradient factors, plain against residual, on a
// log scale that reaches past float64 (the ledger carries log10), with the sigmoid slopes' share as a
// reference line; below it, each block's own factor. Hovering a block shows its term in the product.
import * as Plot from "@observablehq/plot";
import type {Ledger, LedgerRow} from "../lib/index.js";
import {halo, plotDefaults, type FigureOptions} from "./figure.js";
import {Frame} from "./Frame.js";
import {formatFactor, formatNumber} from "./format.js";
import {series} from "./palette.js";

export interface GradientLedgerData {
  plain: Ledger;
  residual: Ledger;
}

type Kind = "plain" | "residual";
const kinds: readonly Kind[] = ["plain", "residual"];

interface Point {
  layer: number;
  kind: Kind;
  network: string;
  factor: number;
  log10Product: number;
  product: string;
}

/** 10^e from its exponent, three significant digits, so 10^-1015.44 prints as "3.59e-1016" instead of 0. */
export function formatPower(log10: number): string {
  if (!Number.isFinite(log10)) return String(log10 > 0 ? Infinity : log10 < 0 ? 0 : NaN);
  if (Math.abs(log10) < 3) return formatNumber(10 ** log10);
  let exponent = Math.floor(log10);
  let mantissa = Number((10 ** (log10 - exponent)).toPrecision(3));
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa}e${exponent}`;
}

/** Axis ticks for a log10-valued axis: powers of ten as "1e-50", values near 1 as plain numbers. */
function powerTick(log10: number): string {
  if (Number.isInteger(log10) && Math.abs(log10) > 2) return `1e${log10}`;
  return formatNumber(10 ** log10);
}

function points(ledger: Ledger, kind: Kind): Point[] {
  return ledger.rows
    .filter((r) => Number.isFinite(r.log10Product))
    .map((r: LedgerRow) => ({layer: r.layer, kind, network: kind, factor: r.factor, log10Product: r.log10Product, product: formatPower(r.log10Product)}));
}

/** Rows of the slope reference: log10 of maxSlope^(activations from block l to the top). */
function slopeLine(ledger: Ledger): {layer: number; log10: number}[] {
  const per = ledger.log10SlopeBoundPerBlock;
  if (per === null || per >= 0) return [];
  return ledger.rows.map((r) => ({layer: r.layer, log10: (ledger.depth - r.layer + 1) * per}));
}

/** A <figure> with the running product (top) and the per-block factors (bottom). */
export function GradientLedger(data: GradientLedgerData, {width = 640, veil = false}: Omit<FigureOptions, "height"> = {}): HTMLElement {
  checkData(data);
  const depth = data.plain.depth;
  const rows = kinds.flatMap((kind) => points(data[kind], kind));
  const slope = slopeLine(data.plain);
  const markEvery = Math.max(1, Math.round(depth / 10));
  const xScale = {domain: [1, Math.max(2, depth)], label: "block l (1 = input side) →", labelAnchor: "center" as const, labelOffset: 34};

  const productMarks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12}), Plot.ruleY([0], {stroke: "#888"})];
  if (slope.length > 0) {
    const sigmoids = Math.round(data.plain.log10SlopeBoundPerBlock! / Math.log10(0.25));
    productMarks.push(
      Plot.line(slope, {x: "layer", y: "log10", stroke: "black", strokeDasharray: "1,3", strokeWidth: 1.5}),
      // Labelled past the middle, under the line, where neither network's line runs.
      Plot.text([slope[Math.floor(0.45 * (slope.length - 1))]], {
        x: "layer",
        y: "log10",
        text: () => (width < 500 ? "slopes alone" : `sigmoid slopes alone: ¼ each, ${sigmoids} per block`),
        textAnchor: "start",
        dx: 4,
        dy: 14,
        fontSize: 12,
        fill: "black",
        ...halo
      })
    );
  }
  const factorMarks: Plot.Markish[] = [Plot.gridY({strokeOpacity: 0.12}), Plot.ruleY([1], {stroke: "#888"})];
  for (const kind of kinds) {
    const {stroke, dash, symbol, text} = series[kind];
    const mine = rows.filter((d) => d.kind === kind);
    if (mine.length === 0) continue;
    const offset = kind === "plain" ? 0 : Math.floor(markEvery / 2);
    const line = {stroke, strokeWidth: 2, ...(dash ? {strokeDasharray: dash} : {})};
    const sparse = mine.filter((d) => (d.layer - 1 - offset) % markEvery === 0);
    productMarks.push(
      Plot.line(mine, {x: "layer", y: "log10Product", ...line}),
      Plot.dot(sparse, {x: "layer", y: "log10Product", fill: stroke, symbol, r: 4}),
      Plot.text([mine[0]], {x: "layer", y: "log10Product", text: () => series[kind].label, textAnchor: "start", dx: 8, dy: kind === "plain" ? 12 : -10, fill: text, fontWeight: "bold", fontSize: 13, ...halo})
    );
    factorMarks.push(
      Plot.line(mine, {x: "layer", y: "factor", ...line, strokeWidth: 1.5}),
      Plot.dot(sparse, {x: "layer", y: "factor", fill: stroke, symbol, r: 3})
    );
  }
  const tip = (y: "log10Product" | "factor") =>
    Plot.tip(
      rows,
      Plot.pointerX({
        x: "layer",
        y,
        stroke: "kind",
        channels: {network: "network", "block l": "layer", "factor of block l": "factor", "running product, blocks l to L": "product"},
        format: {stroke: false, x: false, y: false, network: true, "block l": true, "factor of block l": formatFactor, "running product, blocks l to L": true}
      })
    );
  productMarks.push(tip("log10Product"));
  factorMarks.push(tip("factor"));

  const common = {...plotDefaults, width, marginLeft: 56};
  const product = Plot.plot({
    ...common,
    height: Math.round(Math.max(260, Math.min(400, width * 0.5))),
    x: xScale,
    y: {label: width < 500 ? "↑ running product (log scale)" : "↑ running product ‖∂L/∂hₗ₋₁‖ / ‖∂L/∂h at the output‖ (log scale)", tickFormat: powerTick, nice: true},
    marks: productMarks
  });
  const factorsHeight = Math.round(Math.max(160, Math.min(220, width * 0.28)));
  const drawFactors = () =>
    Plot.plot({
      ...common,
      height: factorsHeight,
      x: xScale,
      y: {type: "log", label: "↑ factor of block l (log scale)", tickFormat: (v: number) => formatNumber(v), ticks: 3},
      marks: factorMarks
    });
  // Each chart costs tens of ms of Plot at 1,000 blocks; both in one task would block the page past
  // a frame's budget (issue 7). The factors chart is drawn in the next task, into a box of its size
  // already in the figure (so nothing below it moves), labelled by the caption like the first.
  const factors = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  factors.setAttribute("width", String(width));
  factors.setAttribute("height", String(factorsHeight));
  factors.setAttribute("viewBox", `0 0 ${width} ${factorsHeight}`);
  factors.classList.add("px-ledger-factors");
  setTimeout(() => factors.append(drawFactors()), 0);
  const chart = document.createElement("div");
  chart.className = "px-ledger";
  chart.append(product, factors);
  const table = kinds.flatMap((kind) => data[kind].rows.map((r) => ({network: kind, layer: r.layer, factor: r.factor, log10Product: r.log10Product})));
  return Frame(chart, {name: "gradient-ledger", caption: describeGradientLedger(data), data: table, status: statusOf(data), veil});
}

function checkData(data: GradientLedgerData): void {
  for (const kind of kinds) {
    const ledger = data?.[kind];
    if (!ledger || !Array.isArray(ledger.rows) || ledger.rows.length === 0) throw new Error(`invalid ${kind}: ${ledger} (expected a ledger from gradientLedger)`);
  }
  if (data.plain.depth !== data.residual.depth) throw new Error(`invalid ledgers: depths ${data.plain.depth} and ${data.residual.depth} (expected the same network twice)`);
}

/** What broke, if anything, in words; null when both ledgers are whole. */
export function statusOf(data: GradientLedgerData): string | null {
  const notes = kinds.flatMap((kind) => {
    const broken = data[kind].broken;
    if (!broken) return [];
    if (broken.pass === "forward") return [`The ${kind} network's forward pass overflowed at block ${broken.layer}: its activations passed float64's largest number (about 1.8e308), so it has no ledger.`];
    if (broken.reason === "zero") return [`The ${kind} network's backward signal became exactly zero at block ${broken.layer} (every unit it passes through was switched off); blocks below it get no gradient at all.`];
    return [`The ${kind} network's backward signal stopped being a finite number at block ${broken.layer}.`];
  });
  return notes.length ? notes.join(" ") : null;
}

function endToEnd(ledger: Ledger): number | null {
  const first = ledger.rows[0];
  return ledger.broken === null && Number.isFinite(first.log10Product) ? first.log10Product : null;
}

/**
 * The caption: the product at block 1 for each network with its geometric-mean factor per block, the
 * slope reference at block 1 (plain sigmoid networks), and how to read the marks.
 */
export function describeGradientLedger(data: GradientLedgerData): string {
  checkData(data);
  const depth = data.plain.depth;
  const clause = (kind: Kind) => {
    const e = endToEnd(data[kind]);
    if (e === null) return `in the ${kind} network there is no complete ledger (see the note above the chart)`;
    return `in the ${kind} network the gradient reaching block 1 is ${formatPower(e)} of the gradient at the top (a factor of ${formatFactor(10 ** (e / depth))} per block on average)`;
  };
  const sentences = [`At depth ${depth}, ${clause("plain")}; ${clause("residual")}.`];
  const per = data.plain.log10SlopeBoundPerBlock;
  if (per !== null && per < 0) {
    const line = depth * per;
    const plain = endToEnd(data.plain);
    const where = plain === null ? "" : plain > line ? `; the plain product sits ${formatNumber(plain - line)} decades above it, the weights' stretch` : `; the plain product sits ${formatNumber(line - plain)} decades below it`;
    sentences.push(`The dotted line is the sigmoid slopes' share alone, ${formatPower(line)} at block 1${where}.`);
  }
  sentences.push("Plain: vermillion dashed line with triangles; residual: blue solid line with circles. The lower panel shows each block's own factor (on screen, point at a block for its factor and running product).");
  return sentences.join(" ");
}
