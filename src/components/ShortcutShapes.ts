// ShortcutShapes: the tensor shape at every block of a ResNet and the shortcut each option puts there
// (identity, zero-pad, or a 1×1 projection with its parameter count), as a grid: one row per block,
// one column per option. The numbers come from shortcutCensus (createResNet's blockInfo).
import * as Plot from "@observablehq/plot";
import type {ShortcutCensusEntry} from "../lib/index.js";
import {Frame} from "./Frame.js";
import {formatCount, formatList, formatShape, optionNames, type OptionName} from "./shortcut-style.js";

export type Census = Record<OptionName, ShortcutCensusEntry>;

export interface ShortcutShapesOptions {
  /** Width in pixels; default 640. Pass Framework's `width` via resize(). */
  width?: number;
  /** The input image's shape [C, H, W], named in the caption; default the digits' [1, 8, 8]. */
  input?: readonly number[];
  /** Veil until revealed (predict first); a string is the question. Default false. */
  veil?: boolean | string;
}

type Kind = "identity" | "zeroPad" | "projection";

/** Fill and wording per shortcut kind; the words are in every cell, so colour is never the only cue. */
const kinds: Record<Kind, {fill: string; text: (params: number, narrow: boolean) => string; name: string}> = {
  identity: {fill: "#f2f2f2", text: () => "identity", name: "identity"},
  zeroPad: {fill: "#c9ecdf", text: () => "zero-pad", name: "zero-pad (no parameters)"},
  projection: {fill: "#f7e3f0", text: (params, narrow) => `1×1${narrow ? ":" : " · "}${formatCount(params)}`, name: "1×1 projection (its parameter count)"}
};

interface Cell {
  block: number;
  row: string;
  option: OptionName;
  kind: Kind;
  shortcutParams: number;
  blockParams: number;
  in: string;
  out: string;
}

/** A <figure> with the grid and a caption made from the same counts. */
export function ShortcutShapes(census: Census, {width = 640, input = [1, 8, 8], veil = false}: ShortcutShapesOptions = {}): HTMLElement {
  checkCensus(census);
  const blocks = census.A.blocks;
  const narrow = width < 480;
  // On a phone the row labels drop their spaces, leaving the three columns room for "1×1 · 160".
  const arrow = narrow ? "→" : " → ";
  const rowLabel = (i: number) => `${i + 1}: ${formatShape(blocks[i].in)}${arrow}${formatShape(blocks[i].out)}`;
  const cells: Cell[] = optionNames.flatMap((option) =>
    census[option].blocks.map((b, i) => ({
      block: i + 1,
      row: rowLabel(i),
      option,
      kind: b.shortcut as Kind,
      shortcutParams: b.shortcutParams,
      blockParams: b.params,
      in: formatShape(b.in),
      out: formatShape(b.out)
    }))
  );
  const chart = Plot.plot({
    width,
    height: 46 + 28 * blocks.length,
    // Room for the longest row label: about 0.7 em per character (× and → are wide).
    marginLeft: Math.ceil(10 + (narrow ? 7.6 : 8) * Math.max(...blocks.map((_, i) => rowLabel(i).length))),
    marginTop: 36,
    marginRight: 4,
    style: {fontSize: narrow ? "11px" : "12px"},
    x: {domain: [...optionNames], axis: "top", label: "shortcut under option →", tickFormat: (o: OptionName) => `${o}`, tickSize: 0},
    // No y label: Plot would rotate it beside the rows; each row names its block and shapes itself.
    y: {domain: blocks.map((_, i) => rowLabel(i)), label: null, tickSize: 0},
    marks: [
      Plot.cell(cells, {x: "option", y: "row", fill: (d: Cell) => kinds[d.kind].fill, stroke: "white", strokeWidth: 2, inset: 1}),
      Plot.text(cells, {x: "option", y: "row", text: (d: Cell) => kinds[d.kind].text(d.shortcutParams, narrow), fill: "#222"}),
      Plot.tip(
        cells,
        Plot.pointer({
          x: "option",
          y: "row",
          title: (d: Cell) =>
            `Block ${d.block}, option ${d.option}\n${d.in} → ${d.out}\nshortcut: ${kinds[d.kind].name}\nparameters: ${formatCount(d.blockParams)} in the block, ${formatCount(d.shortcutParams)} in its shortcut`
        })
      )
    ]
  });
  const table = cells.map(({block, option, in: from, out: to, kind, shortcutParams, blockParams}) => ({block, option, in: from, out: to, shortcut: kind, shortcutParams, blockParams}));
  return Frame(chart, {name: "shortcut-shapes", caption: describeShortcutShapes(census, input), data: table, veil});
}

function checkCensus(census: Census): void {
  for (const option of optionNames) {
    if (!census?.[option] || !Array.isArray(census[option].blocks)) throw new Error(`invalid census: option ${option} is missing (expected shortcutCensus(spec))`);
  }
  const n = census.A.blocks.length;
  if (n === 0 || census.B.blocks.length !== n || census.C.blocks.length !== n) throw new Error("invalid census: the options have different numbers of blocks (expected one network under A, B and C)");
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The caption: the stem's output, the blocks that change shape and what each option puts there, and
 * the blocks that keep their shape, where only C projects. Every number from the census.
 */
export function describeShortcutShapes(census: Census, input: readonly number[] = [1, 8, 8]): string {
  checkCensus(census);
  const blocks = census.A.blocks;
  const changing = blocks.map((b, i) => i).filter((i) => blocks[i].shortcut === "zeroPad");
  const holding = blocks.map((b, i) => i).filter((i) => blocks[i].shortcut === "identity");
  const params = (option: OptionName, indices: number[]) => formatList(indices.map((i) => formatCount(census[option].blocks[i].shortcutParams)));
  const sentences = [`The stem turns each ${formatShape(input)} image into ${formatShape(blocks[0].in)}.`];
  if (changing.length === 0) {
    sentences.push(`No block changes shape, so A and B keep the identity everywhere and only C projects, in all ${plural(blocks.length, "block")}.`);
  } else {
    const which = changing.length === 1 ? `Block ${changing[0] + 1} halves` : `Blocks ${formatList(changing.map((i) => String(i + 1)))} each halve`;
    const shapes = formatList(changing.map((i) => `${formatShape(blocks[i].in)} → ${formatShape(blocks[i].out)}`));
    sentences.push(`${which} the image and double the channels (${shapes}), so there x cannot be added to F(x) as it is.`);
    sentences.push(`There A zero-pads (0 parameters) while B and C use a 1×1 projection (${params("B", changing)} parameters).`);
  }
  if (holding.length > 0 && changing.length > 0) {
    const total = holding.reduce((sum, i) => sum + census.C.blocks[i].shortcutParams, 0);
    const where = holding.length === 1 ? "block" : "blocks";
    sentences.push(`In the ${holding.length} ${where} whose shape holds, A and B keep the identity and C projects anyway (${formatCount(total)} parameters in all).`);
  }
  sentences.push(`Grey cells: identity; green: zero-pad; pink: 1×1 projection with its parameter count.`);
  return sentences.join(" ");
}
