import {describe, expect, it} from "vitest";
import {chartCap, paginate, sectionStarts, slideNumber, type Block} from "../../src/components/slides.js";

const text = (height: number): Block => ({height, minHeight: height, heading: false, keepWithNext: false});
const heading = (height = 50): Block => ({height, minHeight: height, heading: true, keepWithNext: false});
const knobs = (height = 100): Block => ({height, minHeight: height, heading: false, keepWithNext: true});
const figure = (height: number, minHeight: number): Block => ({height, minHeight, heading: false, keepWithNext: false});
const list = (...parts: number[]): Block => {
  const height = parts.reduce((a, b) => a + b, 0);
  return {height, minHeight: height, heading: false, keepWithNext: false, parts};
};
const blocksOf = (slides: ReturnType<typeof paginate>) => slides.map((s) => s.pieces.map((p) => (p.from === undefined ? p.block : `${p.block}[${p.from}:${p.to}]`)));

describe("sectionStarts(blocks)", () => {
  it("starts a section at every h1/h2 after the first, the blocks before the first joining it", () => {
    expect(sectionStarts([text(0), heading(), text(10), heading(), text(10), heading()])).toEqual([0, 3, 5]);
  });
  it("is one section when there is no heading", () => {
    expect(sectionStarts([text(1), text(2)])).toEqual([0]);
  });
});

describe("paginate(blocks, available)", () => {
  it("puts each section on its own slide when it fits", () => {
    const slides = paginate([heading(), text(100), heading(), text(100)], 600);
    expect(blocksOf(slides)).toEqual([[0, 1], [2, 3]]);
    expect(slides.map((s) => [s.section, s.continued])).toEqual([[0, false], [1, false]]);
  });

  it("continues a section that is too tall on further slides", () => {
    const slides = paginate([heading(), text(300), text(300), text(300)], 550);
    expect(blocksOf(slides)).toEqual([[0, 1], [2], [3]]);
    expect(slides.map((s) => s.continued)).toEqual([false, true, true]);
  });

  it("counts figures at their smallest size and reports the slide's smallest height", () => {
    const slides = paginate([heading(), text(200), figure(500, 300)], 600);
    expect(blocksOf(slides)).toEqual([[0, 1, 2]]);
    expect(slides[0].minHeight).toBe(550);
  });

  it("keeps a knob panel with the figure that follows it, invisible blocks included", () => {
    const slides = paginate([heading(), text(300), knobs(100), text(0), figure(400, 300)], 600);
    expect(blocksOf(slides)).toEqual([[0, 1], [2, 3, 4]]);
  });

  it("does not carry a knob panel that is alone on its slide", () => {
    expect(blocksOf(paginate([knobs(500), text(300)], 600))).toEqual([[0], [1]]);
  });

  it("splits a list taller than a slide between its items", () => {
    const slides = paginate([heading(100), list(200, 200, 200, 200)], 500);
    expect(blocksOf(slides)).toEqual([[0, "1[0:2]"], ["1[2:4]"]]);
  });

  it("gives a block taller than a slide a slide of its own", () => {
    expect(blocksOf(paginate([text(100), text(900), text(100)], 600))).toEqual([[0], [1], [2]]);
  });

  it("rejects a non-positive height", () => {
    expect(() => paginate([text(1)], 0)).toThrow("invalid available: 0 (expected a positive number of pixels)");
  });
});

describe("slideNumber(text, count)", () => {
  it.each([
    ["3", 3],
    [" 12 ", 12],
    ["", 1],
    [null, 1],
    ["0", 1],
    ["-2", 1],
    ["2.5", 1],
    ["<img src=x>", 1],
    ["99999999999999999999", Number.MAX_SAFE_INTEGER]
  ])("reads %j as slide %d", (text, n) => {
    expect(slideNumber(text)).toBe(n);
  });
  it("clamps to the number of slides", () => {
    expect(slideNumber("9", 4)).toBe(4);
  });
});

describe("chartCap(heights, total, floor)", () => {
  it("leaves charts whole when the room allows", () => {
    expect(chartCap([300, 200], 600)).toBe(300);
  });
  it("caps the tallest first", () => {
    expect(chartCap([400, 100], 300)).toBeCloseTo(200, 6);
    expect(chartCap([400, 400], 500)).toBeCloseTo(250, 6);
  });
  it("never goes below the floor", () => {
    expect(chartCap([400], 50, 120)).toBe(120);
  });
});
