// The two chapters' interactive parts in headless Chromium: the lesion study trains, deletes the block
// the reader presses (by keyboard), and the shattered-gradients curve reproduces the paper's contrast.
// Then anchors on pages that skip the layout of blocks out of view: a jump lands at its anchor.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {discoverPages, openPage} from "./harness.js";
import {distDir} from "./setup.js";

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  await browser?.close();
});

const caption = (page: Page, name: string) => page.locator(`figure[data-figure="${name}"] figcaption`).textContent();

describe("/paths", () => {
  test("trains both networks, then deletes the block pressed with the keyboard", {timeout: 240_000}, async () => {
    const {page, problems} = await openPage(browser, new URL("/paths", inject("baseURL")).href);
    try {
      // The networks train while the lesion figure is in view (paused out of view): bring it into view, and keep it there.
      await page.locator("#lesion-curve").scrollIntoViewIfNeeded();
      // Trained and curves drawn: the caption has both networks' numbers and no block deleted yet.
      await page.waitForFunction(() => /With no block deleted/.test(document.querySelector('figure[data-figure="lesion-curve"] figcaption')?.textContent ?? ""), undefined, {timeout: 200_000});
      const block = page.locator(".px-blocks-row button").nth(2);
      await block.focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => /With block 3 deleted/.test(document.querySelector('figure[data-figure="lesion-curve"] figcaption')?.textContent ?? ""), undefined, {timeout: 30_000});
      expect(await page.locator(".px-blocks-row button").nth(2).getAttribute("aria-pressed")).toBe("true");
      expect(await caption(page, "lesion-curve")).toMatch(/With block 3 deleted \(your choice\): residual \d+%, plain \d+%\./);
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe("/shattered", () => {
  test("finds the plain network's gradient shattering with depth and the residual network's not", {timeout: 240_000}, async () => {
    const {page, problems} = await openPage(browser, new URL("/shattered", inject("baseURL")).href);
    try {
      // The sweep pauses while its figure is out of view: bring it into view, and keep it there.
      await page.locator("#correlation-depth").scrollIntoViewIfNeeded();
      // Finished: the figure is there, has no "Measuring" status, and its caption reaches depth 64 for both networks.
      await page.waitForFunction(
        () => {
          const figure = document.querySelector('figure[data-figure="correlation-depth"]');
          const text = figure?.querySelector("figcaption")?.textContent ?? "";
          return figure !== null && !figure.querySelector(".px-figure-status") && (text.match(/at depth 64/g) ?? []).length === 2;
        },
        undefined,
        {timeout: 200_000}
      );
      const text = await caption(page, "correlation-depth");
      expect(text).toMatch(/The plain network's .* it first falls below 0\.2 at depth \d+\./);
      expect(text).toMatch(/The residual network's .*, never below 0\.2\./);
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

// A page that skips the layout of blocks out of view (style.css's .px-skip-offscreen) guesses the height
// of blocks it never drew; page.ts lays every block out when the page is opened at an anchor or jumps to
// one. Both ways, the anchor must end at the top of the view.
const skipping = discoverPages(distDir).filter((path) => readFileSync(join(distDir, path.endsWith("/") ? `${path}index.html` : `${path}.html`), "utf8").includes("px-skip-offscreen"));

describe.each(skipping)("anchors on %s, a page that skips blocks out of view", (path) => {
  const top = (page: Page, id: string) => page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, id);

  test("opened at its last section's anchor, or jumping there, lands with that section at the top", {timeout: 60_000}, async () => {
    const url = new URL(path, inject("baseURL")).href;
    const probe = await openPage(browser, url);
    const id = await probe.page.evaluate(() => [...document.querySelectorAll("#observablehq-main h2[id]")].at(-2)?.id ?? "");
    await probe.page.context().close();
    expect(id, "a section heading with an id").not.toBe("");
    const opened = await openPage(browser, `${url}#${id}`);
    try {
      await opened.page.waitForTimeout(3000); // figures drawn above and below the anchor meanwhile
      expect(Math.abs(await top(opened.page, id)), "opened at the anchor: its distance from the top, px").toBeLessThan(80);
    } finally {
      await opened.page.context().close();
    }
    const jumping = await openPage(browser, url);
    try {
      await jumping.page.waitForTimeout(2000);
      await jumping.page.evaluate((id) => document.querySelector<HTMLAnchorElement>(`a[href="#${id}"]`)!.click(), id);
      await jumping.page.waitForTimeout(2000);
      expect(Math.abs(await top(jumping.page, id)), "after clicking the anchor's link: its distance from the top, px").toBeLessThan(80);
      expect(jumping.problems).toEqual([]);
    } finally {
      await jumping.page.context().close();
    }
  });
});
