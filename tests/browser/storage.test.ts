// Every page with the browser's storage unusable (issue 20), in two ways, each page opened once per way:
//   - blocked: reading window.localStorage or window.sessionStorage throws a SecurityError, as in a
//     browser set to block site data;
//   - full: storage reads, but every setItem throws QuotaExceededError.
// Either way the page loads with no uncaught error or console error (Framework's sidebar script
// included), no error cell, and a figure in every figure block; the first veiled figure can be
// revealed and stays revealed while it redraws; the sidebar toggles; the first exercise can be
// answered and says whether it was right; and a page with exercises says once that progress is not saved.
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {discoverPages, errorCells, openPage, printTable, siteUrl} from "./harness.js";
import {distDir} from "./setup.js";

const pages = discoverPages(distDir);
const rows: Record<string, string | number>[] = [];
let browser: Browser;

/** Run in the page before its scripts (addInitScript): so no closure, each defines its own failure. */
const ways = [
  {
    way: "blocked",
    init: () => {
      for (const area of ["localStorage", "sessionStorage"]) {
        Object.defineProperty(window, area, {
          configurable: true,
          get() {
            throw new DOMException("The user denied access to site data", "SecurityError");
          }
        });
      }
    }
  },
  {
    way: "full",
    init: () => {
      Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded", "QuotaExceededError");
      };
    }
  }
];

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  printTable("Storage unusable: every page loads, veils open, exercises answer", rows);
  await browser?.close();
});

/** Reveals the first veiled figure; returns its name, or null if the page has none. */
async function revealFirstVeil(page: Page): Promise<string | null> {
  const name = await page.locator(".px-figure.px-veiled").first().getAttribute("data-figure", {timeout: 1000}).catch(() => null);
  if (name === null) return null;
  const figure = page.locator(`.px-figure[data-figure="${name}"]`);
  // A training figure is redrawn between two protocol calls: the button found may be gone when the
  // mouse lands, and the next drawing's button is pressed instead (a few tries).
  for (let i = 0; i < 5 && (await figure.locator(".px-veil button").count()) > 0; i++) {
    await figure
      .locator(".px-veil button")
      .first()
      .click({force: true, timeout: 5000})
      .catch((error: Error) => {
        if (!/not visible|not attached|detached|Timeout/i.test(error.message)) throw error;
      });
  }
  return name;
}

/** Answers the first exercise (its first choice, or the number 1) and returns what it said. */
async function answerFirstExercise(page: Page, problems: string[]): Promise<string | null> {
  const quiz = page.locator("form.px-quiz").first();
  if ((await quiz.count()) === 0) return null;
  await quiz.scrollIntoViewIfNeeded();
  const radios = quiz.locator("input[type=radio]");
  if ((await radios.count()) > 0) await radios.first().click();
  else await quiz.locator("input[type=text]").fill("1");
  await quiz.locator("button[type=submit]").click();
  const feedback = quiz.locator(".px-quiz-feedback");
  // Answered once it says something other than "Computing…", or failed once the page reports an
  // error (a check that threw says nothing at all).
  await expect.poll(async () => problems.length > 0 || /^(?!Computing)\S/.test((await feedback.textContent()) ?? ""), {timeout: 90_000}).toBe(true);
  return (await feedback.textContent()) ?? "";
}

describe.each(pages)("page %s", (path) => {
  test.each(ways)("storage $way: loads clean, every figure drawn, a veil opens, an exercise answers", {timeout: 150_000}, async ({way, init}) => {
    const {page, problems} = await openPage(browser, siteUrl(path), {init});
    try {
      expect(problems, "uncaught or console errors at load").toEqual([]);
      expect(await errorCells(page)).toEqual([]);
      // Every figure block (figure-wide) holds its figure, or the note of a run not started yet.
      const blocks = await page.evaluate(() => Array.from(document.querySelectorAll(".figure-wide"), (block) => block.querySelector(".px-figure") !== null || block.textContent!.trim() !== ""));
      expect(blocks.filter((drawn) => !drawn).length, `empty figure blocks, of ${blocks.length}`).toBe(0);

      const veiled = await revealFirstVeil(page);
      if (veiled !== null) {
        // A figure that trains, or a knob's redraw, draws the figure anew: still revealed.
        await page.waitForTimeout(1500);
        expect(await page.locator(`.px-figure[data-figure="${veiled}"].px-veiled`).count(), `figure ${veiled} veiled after Reveal`).toBe(0);
      }
      // The sidebar opened and closed again: Framework's toggle writes its state to sessionStorage.
      await page.evaluate(() => {
        const toggle = document.getElementById("observablehq-sidebar-toggle");
        toggle?.click();
        toggle?.click();
      });
      const said = await answerFirstExercise(page, problems);
      expect(problems, "uncaught or console errors after revealing and answering").toEqual([]);
      if (said !== null) expect(said, "the first exercise's feedback").toMatch(/^(Right|Not quite)\./);
      const quizzes = await page.locator("form.px-quiz").count();
      expect(await page.locator(".px-unsaved").count(), "the note that progress is not saved, once on a page with exercises").toBe(quizzes > 0 ? 1 : 0);
      rows.push({page: path, storage: way, figures: blocks.length, veil: veiled ?? "-", exercise: said === null ? "-" : said.slice(0, 20)});
    } finally {
      await page.context().close();
    }
  });
});
