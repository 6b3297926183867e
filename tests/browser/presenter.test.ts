// Presenter mode (src/components/present.ts) on every page, at 1280×720 and 1920×1080: each slide
// fits the screen without scrolling, body text is at least 20 px as seen, the sidebar, table of
// contents and footer are gone; PageDown, ArrowRight and Space go forward, PageUp and ArrowLeft
// back; the slide number is in the URL and survives a reload; keys typed into a knob stay the
// knob's; a knob moved on a slide re-renders its figure and the slide still fits; Escape leaves;
// P enters. And printing: a handout with no controls and every figure, veiled or not.
//
// PX_SHOTS_DIR=/some/dir saves a screenshot of every slide (page-size-n.png) to look at.
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {discoverPages, errorCells, openPage, printTable, siteUrl, type OpenedPage} from "./harness.js";
import {distDir} from "./setup.js";

const pages = discoverPages(distDir);
const sizes = [
  {width: 1280, height: 720},
  {width: 1920, height: 1080}
];
const shots = process.env.PX_SHOTS_DIR;
const rows: Record<string, string | number>[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
  if (shots) mkdirSync(shots, {recursive: true});
});

afterAll(async () => {
  printTable("Presenter mode per page and screen", rows);
  await browser?.close();
});

interface SlideState {
  n: number;
  count: number;
  search: string;
  /** Document scroll size beyond the viewport, px (0 when it fits). */
  overflowX: number;
  overflowY: number;
  /** Smallest body text (p, li, figcaption, knob labels) on the slide as seen on screen, px. */
  smallestText: number;
  /** Blocks shown. */
  shown: number;
  /** Chrome of the page still visible (sidebar, toc, footer, page tools). */
  chrome: string[];
  /** The slide's first shown text, to recognise it after a reload. */
  first: string;
  fit: number;
}

async function slideState(page: Page): Promise<SlideState> {
  // A re-cut may be on its way (a figure just grew): read the slide once it has landed.
  await page.waitForFunction(() => document.documentElement.dataset.pxPending === undefined, undefined, {timeout: 5000}).catch(() => undefined);
  return page.evaluate(() => {
    const root = document.documentElement;
    const main = document.getElementById("observablehq-main")!;
    const visible = (el: Element) => el.checkVisibility({visibilityProperty: true}) && el.getBoundingClientRect().height > 0;
    const zoom = Number(getComputedStyle(root).getPropertyValue("--px-zoom")) || 1;
    const fit = Number(root.dataset.pxFit ?? 1);
    // As seen: the font size times presenter zoom times the last-resort fit.
    const sizes = Array.from(main.querySelectorAll("p, li, figcaption, .px-knob label"))
      .filter((el) => visible(el) && (el.textContent ?? "").trim() !== "")
      .map((el) => parseFloat(getComputedStyle(el).fontSize) * zoom * fit);
    const shown = Array.from(main.children).filter(visible);
    return {
      n: Number(root.dataset.pxSlide),
      count: Number(root.dataset.pxSlides),
      search: location.search,
      overflowX: Math.max(0, document.scrollingElement!.scrollWidth - innerWidth),
      overflowY: Math.max(0, document.scrollingElement!.scrollHeight - innerHeight),
      smallestText: sizes.length ? Math.min(...sizes) : Infinity,
      shown: shown.length,
      chrome: ["#observablehq-sidebar", "#observablehq-toc", "#observablehq-footer", ".px-pagetools"].filter((s) => {
        const el = document.querySelector(s);
        return el !== null && visible(el);
      }),
      first: (shown.find((el) => (el.textContent ?? "").trim() !== "")?.textContent ?? "").trim().slice(0, 60),
      fit
    };
  });
}

/**
 * Waits until presenter mode has cut its slides, no re-cut is pending, and the cuts have not moved
 * for 0.6 s: cells render asynchronously (some compute in a worker for seconds), and each can move
 * the cuts. A training figure redrawing at the same size moves nothing.
 */
async function steady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.pxSlides !== undefined, undefined, {timeout: 10_000});
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 30_000});
  let last = "";
  let same = 0;
  for (let i = 0; i < 75 && same < 3; i++) {
    const now = await page.evaluate(() => {
      const {pxSlides, pxSlide, pxCut, pxPending} = document.documentElement.dataset;
      return pxPending === undefined ? `${pxSlides}:${pxSlide}:${pxCut}` : `pending ${Math.random()}`;
    });
    same = now === last ? same + 1 : 0;
    last = now;
    await page.waitForTimeout(200);
  }
}

function fits(state: SlideState, where: string): void {
  expect(state.overflowY, `${where}: scrolls vertically by`).toBeLessThanOrEqual(1);
  expect(state.overflowX, `${where}: scrolls horizontally by`).toBeLessThanOrEqual(1);
  expect(state.smallestText, `${where}: smallest body text (px as seen)`).toBeGreaterThanOrEqual(20);
  expect(state.shown, `${where}: blocks shown`).toBeGreaterThan(0);
  expect(state.chrome, `${where}: page chrome still visible`).toEqual([]);
}

/** Walks every slide with the forward keys, checking each fits; then back with PageUp and ArrowLeft. */
async function walk(page: Page, label: string, shotName: string | null): Promise<{count: number; smallest: number; scaled: number}> {
  await page.keyboard.press("Home");
  const start = await slideState(page);
  expect(start.n).toBe(1);
  expect(start.search).toMatch(/[?&]present=1\b/);
  // A training figure can change size and re-cut the slides mid-walk (the count may change by
  // one): each key must move exactly one slide on from the one shown before it.
  const forward = ["ArrowRight", "PageDown", " "];
  let smallest = Infinity;
  let scaled = 0;
  let state = start;
  for (let press = 1; ; press++) {
    expect(state.search, "slide number in the URL").toMatch(new RegExp(`[?&]present=${state.n}\\b`));
    fits(state, `${label} slide ${state.n}`);
    smallest = Math.min(smallest, state.smallestText);
    if (state.fit < 1) scaled++;
    if (shotName) await page.screenshot({path: join(shots!, `${shotName}-${state.n}.png`)});
    const last = state.n === state.count;
    await page.keyboard.press(forward[press % forward.length]);
    const next = await slideState(page);
    if (last) {
      // Still the last slide, or (re-cut between key and reading, the count up by one) still the slide
      // that was last: never past the end.
      const stayed = next.n === next.count || (next.n > 0 && next.first === state.first);
      expect(stayed, `past the last slide (${state.n} of ${state.count}): now slide ${next.n} of ${next.count}, starting "${next.first}"`).toBe(true);
      break;
    }
    // On to the next slide: its number, or (the slides re-cut between key and reading, renumbering
    // them) at least other content than before.
    const movedOn = next.n === state.n + 1 || (next.n > 0 && next.first !== state.first);
    expect(movedOn, `a forward key on slide ${state.n} of ${state.count}: now slide ${next.n} of ${next.count}, starting "${next.first}"`).toBe(true);
    expect(press, "forward keys before the last slide").toBeLessThan(60);
    state = next;
  }
  const count = state.count;
  // Back keys: one slide back from the one shown, or (re-cut as above, the count up or down by one)
  // at least other content than before, as for the forward keys.
  for (const key of ["PageUp", "ArrowLeft"]) {
    await page.keyboard.press(key);
    const next = await slideState(page);
    const movedBack = next.n === Math.max(1, state.n - 1) || (next.n > 0 && next.first !== state.first);
    expect(movedBack, `${key} on slide ${state.n} of ${state.count}: now slide ${next.n} of ${next.count}, starting "${next.first}"`).toBe(true);
    state = next;
  }
  return {count, smallest, scaled};
}

describe.each(pages)("page %s", (path) => {
  // One page per chapter: opened presenting at 1280×720, then resized to 1920×1080 (presenter mode
  // re-cuts its slides on resize), reloaded, left, re-entered, and printed.
  let opened: OpenedPage;
  const [small] = sizes;
  const name = path.replace(/\//g, "_") || "_";

  beforeAll(async () => {
    opened = await openPage(browser, siteUrl(`${path}?present`), small);
    await steady(opened.page);
  });

  afterAll(async () => {
    await opened?.page.context().close();
  });

  test.each(sizes)("at $width×$height every slide fits with text of 20 px or more; keys move forward and back", async (size) => {
    const {page, problems} = opened;
    if (size !== small) {
      await page.setViewportSize(size);
      await steady(page);
    }
    const {count, smallest, scaled} = await walk(page, `${path} ${size.width}×${size.height}`, shots ? `${name}-${size.width}` : null);
    expect(problems).toEqual([]);
    rows.push({page: path, screen: `${size.width}×${size.height}`, slides: count, "smallest text px": smallest.toFixed(1), "slides scaled to fit": scaled});
  });

  test("a reload keeps the slide", async () => {
    const {page} = opened;
    const {count} = await slideState(page);
    const target = Math.min(3, count);
    await page.keyboard.press("Home");
    for (let n = 1; n < target; n++) await page.keyboard.press("PageDown");
    const before = await slideState(page);
    expect(before.n).toBe(target);
    await page.reload({waitUntil: "load"});
    await steady(page);
    // Figures computed in a worker may land seconds later and move the cuts; the slide number holds,
    // and once they are in, the same slide is back.
    await expect.poll(async () => (await slideState(page)).first, {timeout: 45_000, interval: 250}).toBe(before.first);
    const after = await slideState(page);
    expect(after.n).toBe(target);
    expect(after.search).toMatch(new RegExp(`[?&]present=${target}\\b`));
  }, 90_000);

  test("keys typed into a knob stay the knob's; a knob moved on its slide re-renders and the slide still fits", async () => {
    const {page, problems} = opened;
    const {count} = await slideState(page);
    // Find the first slide with a number knob on it.
    await page.keyboard.press("Home");
    let knob = -1;
    for (let n = 1; n <= count; n++) {
      knob = await page.evaluate(() => Array.from(document.querySelectorAll(".px-knob-number")).findIndex((k) => k.querySelector(".px-knob-box")!.checkVisibility({visibilityProperty: true})));
      if (knob >= 0) break;
      await page.keyboard.press("ArrowRight");
    }
    if (knob < 0) return; // no number knob on this page
    const here = await slideState(page);
    const root = page.locator(".px-knob-number").nth(knob);
    const box = root.locator(".px-knob-box");
    await box.focus();
    for (const key of ["ArrowRight", "ArrowLeft", "PageDown", " ", "Escape", "p"]) await box.press(key);
    const still = await slideState(page);
    expect(still.n, "slide after typing arrows, Space, Escape and P into a knob box").toBe(here.n);
    expect(await page.evaluate(() => document.documentElement.classList.contains("px-presenting"))).toBe(true);
    // Move the knob as a teacher would during a lesson: its slider by keyboard, or a typed value.
    const slider = root.locator("input[type=range]");
    if ((await slider.count()) > 0) {
      await slider.focus();
      for (let i = 0; i < 5; i++) await slider.press("ArrowRight");
    } else {
      await box.fill(await root.evaluate((k) => (k as HTMLElement).dataset.min ?? "1"));
      await box.press("Enter");
    }
    // The figure may change size and move the cuts (the knob panel then goes with its figure to
    // another slide): the slide shown is the one holding the knob in use, whatever its number.
    const knobShown = () => box.evaluate((el) => el.checkVisibility({visibilityProperty: true}) && document.activeElement !== document.body);
    await slideState(page);
    expect(await knobShown(), "the knob in use is still on the slide shown, and focus did not fall to the page").toBe(true);
    await page.waitForTimeout(500);
    await steady(page);
    const after = await slideState(page);
    expect(await knobShown(), "the knob in use is still on the slide shown after its figure re-rendered").toBe(true);
    expect(after.search, "the URL follows the slide shown").toMatch(new RegExp(`[?&]present=${after.n}\\b`));
    fits(after, `${path} slide ${after.n} after moving a knob`);
    expect(await errorCells(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("a page printed while presenting prints every slide", async () => {
    const {page} = opened;
    await page.emulateMedia({media: "print"});
    const hidden = await page.evaluate(() =>
      Array.from(document.querySelectorAll("main > :not(style, script, template, [hidden])"))
        .filter((el) => (el.textContent ?? "").trim() !== "" && !el.checkVisibility({visibilityProperty: true}))
        .map((el) => el.outerHTML.slice(0, 80))
    );
    await page.emulateMedia({media: "screen"});
    expect(hidden, "blocks hidden in print").toEqual([]);
  });

  test("Escape leaves presenter mode, and P enters it again at slide 1", async () => {
    const {page} = opened;
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Escape");
    const out = await page.evaluate(() => ({presenting: document.documentElement.classList.contains("px-presenting"), search: location.search, hidden: document.querySelectorAll("main .px-off").length}));
    expect(out).toEqual({presenting: false, search: expect.not.stringMatching(/present/), hidden: 0});
    await page.keyboard.press("p");
    await steady(page);
    const back = await slideState(page);
    expect(back.n).toBe(1);
    expect(back.search).toMatch(/[?&]present=1\b/);
    await page.keyboard.press("Escape");
  });

  test("prints a handout: no controls or page chrome, every figure shown (veils lifted), knobs as text", async () => {
    const {page} = opened;
    await page.setViewportSize({width: 1280, height: 900});
    await page.emulateMedia({media: "print"});
    const printed = await page.evaluate(() => {
      const visible = (el: Element) => el.checkVisibility({visibilityProperty: true}) && el.getBoundingClientRect().height > 0;
      return {
        controls: Array.from(document.querySelectorAll("button, input, select, textarea")).filter(visible).map((el) => el.outerHTML.slice(0, 80)),
        chrome: ["#observablehq-sidebar", "#observablehq-toc", "#observablehq-footer", ".px-pagetools", ".px-veil"].filter((s) => Array.from(document.querySelectorAll(s)).some(visible)),
        figures: Array.from(document.querySelectorAll(".px-figure"), (f) => {
          const body = f.querySelector(".px-figure-body");
          return body !== null && visible(body) && getComputedStyle(body).filter === "none";
        }),
        knobs: Array.from(document.querySelectorAll<HTMLElement>(".px-knob:not([hidden])"), (k) => getComputedStyle(k, "::before").content)
      };
    });
    expect(printed.controls, "controls visible in print").toEqual([]);
    expect(printed.chrome, "page chrome visible in print").toEqual([]);
    expect(printed.figures.every(Boolean), "every figure's chart visible and unblurred in print").toBe(true);
    for (const content of printed.knobs) expect(content).toMatch(/^".+: .+"$/);
    const pdf = await page.pdf({format: "A4"});
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
