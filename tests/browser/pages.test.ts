// Every page of the built site, in headless Chromium: it loads cleanly and offline, renders its
// figures, and its first knob moves a figure. Pages are discovered from dist/, not listed here.
import {chromium, type Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {distDir} from "./setup.js";
import {discoverPages, figuresMarkup, openPage, settle, turnFirstKnob, type OpenedPage} from "./harness.js";

const pages = discoverPages(distDir);
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  await browser?.close();
});

test("dist/ holds the home page", () => {
  expect(pages).toContain("/");
});

describe.each(pages)("page %s", (path) => {
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await openPage(browser, new URL(path, inject("baseURL")).href);
  });

  afterAll(async () => {
    await opened?.page.context().close();
  });

  test("loads with no console error, failed request, or request off its own origin", () => {
    expect(opened.problems).toEqual([]);
  });

  test("has no Framework error cell", async () => {
    const errors = await opened.page.$$eval(".observablehq--error", (cells) => cells.map((cell) => cell.textContent));
    expect(errors).toEqual([]);
  });

  test("renders at least one figure (svg or canvas inside a <figure>)", async () => {
    expect(await opened.page.locator("figure svg, figure canvas").count()).toBeGreaterThan(0);
  });

  test("typesets its math with KaTeX fonts from its own origin, if it has math", async () => {
    const math = await opened.page.locator(".katex").count();
    if (math === 0) return;
    const loaded = await opened.page.evaluate(() =>
      Array.from(document.fonts).filter((face) => face.family.includes("KaTeX") && face.status === "loaded").length
    );
    expect(loaded).toBeGreaterThan(0);
    expect(opened.fonts.length).toBeGreaterThan(0);
    for (const font of opened.fonts) expect(new URL(font).origin).toBe(new URL(inject("baseURL")).origin);
  });

  test("changing its first range or number knob changes a figure", async () => {
    const {page, problems} = opened;
    if ((await page.locator("main input").count()) === 0) return; // no knobs on this page
    const before = await figuresMarkup(page);
    const turned = await turnFirstKnob(page);
    if (!turned) return; // knobs, but none numeric
    expect(turned.to).not.toBe(turned.from);
    await page
      .waitForFunction(
        (previous) => Array.from(document.querySelectorAll("figure"), (figure) => figure.innerHTML).join("\n") !== previous,
        before,
        {timeout: 30_000}
      )
      .catch(() => {
        throw new Error(`no figure changed within 30 s of setting the first knob from ${turned.from} to ${turned.to}`);
      });
    await settle(page);
    expect(await page.locator("figure svg, figure canvas").count()).toBeGreaterThan(0);
    expect(await page.locator(".observablehq--error").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
