// slides: how presenter mode cuts a page into slides. Pure: heights in, slides out (present.ts
// measures the page and shows one slide at a time).
//
// A page's main column is a flat run of blocks (headings, paragraphs, knob panels, figures). Each
// h1 or h2 starts a section, and whatever comes before the first heading belongs to it (the title
// and the intro are slide 1). A section that is taller than the screen continues on further slides:
// blocks are packed greedily, figures counted at their smallest legible size (present.ts then
// grows them into the space left), a block that must stay with what follows (a knob panel, an h3)
// moves on with it, and a list taller than a whole slide is split between its items.

export interface Block {
  /** Height in pixels as laid out, margins included. */
  height: number;
  /** Height with its charts at their smallest (at most `height`); the same as `height` without charts. */
  minHeight: number;
  /** An h1 or h2: starts a section. */
  heading: boolean;
  /** Never the last block of a slide (a knob panel belongs with its figure, a subheading with its text). */
  keepWithNext: boolean;
  /** Heights of its items, summing to `height`, if it may be split between slides (a list); else none. */
  parts?: readonly number[];
}

/** One block on a slide: all of it, or items `from` (inclusive) to `to` (exclusive) of a split list. */
export interface Piece {
  block: number;
  from?: number;
  to?: number;
}

export interface Slide {
  pieces: Piece[];
  /** Index of the section (0 for the title section). */
  section: number;
  /** Not the section's first slide. */
  continued: boolean;
  /** Sum of the pieces' smallest heights: the space left for figures to grow is `available − minHeight`. */
  minHeight: number;
}

/** Indices of the blocks that start a section: 0, then every h1/h2 after the first one. */
export function sectionStarts(blocks: readonly Pick<Block, "heading">[]): number[] {
  const starts = [0];
  let seenHeading = false;
  blocks.forEach((block, i) => {
    if (!block.heading) return;
    if (seenHeading && i > 0) starts.push(i);
    seenHeading = true;
  });
  return starts;
}

interface Unit {
  block: number;
  part?: number;
  height: number;
  minHeight: number;
  keepWithNext: boolean;
}

/**
 * Packs blocks into slides of height `available` (pixels). Each section starts a slide; a section
 * continues on as many slides as it needs. A single block taller than `available` gets a slide of
 * its own (present.ts scales that slide down to fit).
 */
export function paginate(blocks: readonly Block[], available: number): Slide[] {
  if (!(available > 0)) throw new RangeError(`invalid available: ${available} (expected a positive number of pixels)`);
  const starts = sectionStarts(blocks);
  const slides: Slide[] = [];
  starts.forEach((start, section) => {
    const end = starts[section + 1] ?? blocks.length;
    const units: Unit[] = [];
    for (let i = start; i < end; i++) {
      const {height, minHeight, keepWithNext, parts} = blocks[i];
      if (parts && parts.length > 1 && minHeight > available) {
        parts.forEach((h, part) => units.push({block: i, part, height: h, minHeight: h, keepWithNext: false}));
      } else {
        units.push({block: i, height, minHeight, keepWithNext});
      }
    }
    let page: Unit[] = [];
    let used = 0;
    const flush = () => {
      if (page.length > 0) slides.push(toSlide(page, section, slides.length > 0 && slides[slides.length - 1].section === section));
      page = [];
      used = 0;
    };
    for (const unit of units) {
      const visibleOnPage = page.some((u) => u.minHeight > 0);
      if (unit.minHeight > 0 && visibleOnPage && used + unit.minHeight > available) {
        // Carry trailing keep-with-next units (and invisible ones among them) to the next slide,
        // unless that would leave this slide with nothing visible.
        let cut = page.length;
        while (cut > 0 && (page[cut - 1].keepWithNext || page[cut - 1].minHeight === 0)) cut--;
        const carry = page.slice(cut).some((u) => u.keepWithNext) && page.slice(0, cut).some((u) => u.minHeight > 0) ? page.splice(cut) : [];
        flush();
        page = carry;
        used = carry.reduce((sum, u) => sum + u.minHeight, 0);
      }
      page.push(unit);
      used += unit.minHeight;
    }
    flush();
  });
  return slides;
}

function toSlide(units: readonly Unit[], section: number, continued: boolean): Slide {
  const pieces: Piece[] = [];
  for (const unit of units) {
    const last = pieces[pieces.length - 1];
    if (unit.part === undefined) pieces.push({block: unit.block});
    else if (last && last.block === unit.block && last.to === unit.part) last.to = unit.part + 1;
    else pieces.push({block: unit.block, from: unit.part, to: unit.part + 1});
  }
  return {pieces, section, continued, minHeight: units.reduce((sum, u) => sum + u.minHeight, 0)};
}

/**
 * The slide number in `?present=…`: a whole number from 1 up; anything else (empty, garbage,
 * zero, negative, fractional) is slide 1. Clamped to `count` when given.
 */
export function slideNumber(text: string | null, count = Infinity): number {
  const n = text !== null && /^\s*\d+\s*$/.test(text) ? Number(text) : 1;
  return Math.max(1, Math.min(n, count, Number.MAX_SAFE_INTEGER));
}

/**
 * The largest cap `m` for charts of natural heights `heights` so that Σ min(h, m) ≤ `total`: how
 * tall a block's charts may be drawn when `total` pixels are left for them. At least `floor`.
 */
export function chartCap(heights: readonly number[], total: number, floor = 0): number {
  const tallest = Math.max(0, ...heights);
  const drawn = (m: number) => heights.reduce((sum, h) => sum + Math.min(h, m), 0);
  if (drawn(tallest) <= total) return tallest;
  let lo = 0;
  let hi = tallest;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (drawn(mid) <= total) lo = mid;
    else hi = mid;
  }
  return Math.max(floor, lo);
}
