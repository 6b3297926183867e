import {afterEach, beforeEach, describe, expect, it, vi} from "vitest";

// A stand-in page: a main column whose clientWidth reads are counted (each one would force a layout
// in a browser), boxes that record what they hold, and ResizeObservers the test reports to by hand.
let reads = 0;
let clientWidth = 700;
const observers: {callback: ResizeObserverCallback; targets: object[]}[] = [];
const main = {
  get clientWidth() {
    reads++;
    return clientWidth;
  }
};
function box() {
  const children: unknown[] = [];
  return {style: {} as Record<string, string>, children, append: (...nodes: unknown[]) => children.push(...nodes), replaceChildren: (...nodes: unknown[]) => children.splice(0, children.length, ...nodes)};
}
/** Tells every observer of `target` that its content box is now `width` wide. */
function report(target: object, width: number) {
  for (const o of observers) if (o.targets.includes(target)) o.callback([{target, contentRect: {width}} as unknown as ResizeObserverEntry], o as unknown as ResizeObserver);
}

beforeEach(() => {
  reads = 0;
  clientWidth = 700;
  observers.length = 0;
  vi.resetModules(); // fit.ts keeps the column's width per page: a fresh module per test
  vi.stubGlobal("document", {getElementById: (id: string) => (id === "observablehq-main" ? main : null), createElement: box});
  vi.stubGlobal("getComputedStyle", () => ({paddingLeft: "20px", paddingRight: "30px"}));
  vi.stubGlobal(
    "ResizeObserver",
    class {
      targets: object[] = [];
      constructor(public callback: ResizeObserverCallback) {
        observers.push(this);
      }
      observe(target: object) {
        this.targets.push(target);
      }
      disconnect() {
        this.targets = [];
      }
    }
  );
});
afterEach(() => void vi.unstubAllGlobals());

describe("fit(render, {max})", () => {
  it("draws at once at the main column's content width (client width less padding), at most max", async () => {
    const {fit} = await import("../../src/components/fit.js");
    const widths: number[] = [];
    fit((width) => (widths.push(width), {} as Node));
    fit((width) => (widths.push(width), {} as Node), {max: 500});
    expect(widths).toEqual([650, 500]);
  });

  it("measures the column once per page, not once per figure (each read would force a layout)", async () => {
    const {fit} = await import("../../src/components/fit.js");
    for (let i = 0; i < 5; i++) fit(() => ({}) as Node);
    expect(reads).toBe(1);
  });

  it("draws later figures at the column width the ResizeObserver last reported", async () => {
    const {fit} = await import("../../src/components/fit.js");
    fit(() => ({}) as Node);
    report(main, 480);
    const widths: number[] = [];
    fit((width) => (widths.push(width), {} as Node));
    expect(widths).toEqual([480]);
    expect(reads).toBe(1);
  });

  it("redraws a figure when its own box changes width, and not when the width is the one drawn", async () => {
    const {fit} = await import("../../src/components/fit.js");
    const widths: number[] = [];
    const figure = fit((width) => (widths.push(width), {} as Node));
    report(figure, 650);
    report(figure, 360);
    expect(widths).toEqual([650, 360]);
  });
});

describe("columnWidth()", () => {
  it("is 640 outside a Framework page", async () => {
    vi.stubGlobal("document", {getElementById: () => null});
    const {columnWidth} = await import("../../src/components/fit.js");
    expect(columnWidth()).toBe(640);
  });
});
