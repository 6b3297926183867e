// Phones: every page at 375 px wide (a small phone, touch, 2× pixels) scrolls only vertically, and
// its figures fit the width (drawn for it through resize(), or scaled down by CSS).
import {chromium, type Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {discoverPages, errorCells, openPage, printTable, siteUrl, type OpenedPage} from "./harness.js";
import {distDir} from "./setup.js";

const pages = discoverPages(distDir);
const width = 375;
const rows: Record<string, string | number>[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  printTable(`Pages at ${width} px wide`, rows);
  await browser?.close();
});

describe.each(pages)("page %s", (path) => {
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await openPage(browser, siteUrl(path), {width, height: 812, isMobile: true, hasTouch: true, deviceScaleFactor: 2});
  });

  afterAll(async () => {
    await opened?.page.context().close();
  });

  test(`has no horizontal scrolling at ${width} px and its figures fit`, async () => {
    const {page, problems} = opened;
    const layout = await page.evaluate(() => {
      const scroller = document.scrollingElement!;
      // What sticks out: elements whose right edge passes the viewport (the culprits when it scrolls).
      const wide = Array.from(document.querySelectorAll("main *"))
        .filter((el) => el.getBoundingClientRect().right > innerWidth + 1 && el.checkVisibility({visibilityProperty: true}))
        .filter((el) => !el.parentElement?.closest("[style*='overflow'], .katex-display, .px-figure-body, pre"))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      const charts = Array.from(document.querySelectorAll<SVGSVGElement | HTMLCanvasElement>(".px-figure-body svg[role='img'], .px-figure-body canvas"), (chart) => ({
        shown: Math.round(chart.getBoundingClientRect().width),
        drawn: chart instanceof SVGSVGElement ? Number(chart.getAttribute("width") ?? chart.viewBox.baseVal?.width ?? 0) : chart.width
      }));
      return {scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth, wide, charts};
    });
    rows.push({
      page: path,
      "scrollWidth": layout.scrollWidth,
      "charts: shown px (drawn at)": layout.charts.map((c) => `${c.shown} (${c.drawn})`).join(", ") || "none"
    });
    expect(layout.clientWidth).toBe(width);
    expect(layout.scrollWidth, `scrolls sideways; wide elements: ${layout.wide.join(", ")}`).toBeLessThanOrEqual(width + 1);
    for (const chart of layout.charts) expect(chart.shown, "a chart wider than the screen").toBeLessThanOrEqual(width);
    expect(await errorCells(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
