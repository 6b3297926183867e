// The two chapters' interactive parts in headless Chromium: the lesion study trains, deletes the block
// the reader presses (by keyboard), and the shattered-gradients curve reproduces the paper's contrast.
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {openPage} from "./harness.js";

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
