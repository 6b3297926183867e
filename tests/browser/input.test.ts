// Input that should not break a page, and links that carry a lesson:
//  - every number knob, typed out of range, NaN, ±Infinity, empty, not a whole number, markup, or
//    1e6: a message beside the knob (role=status) when the value is refused, the value kept, and
//    the page alive (no console error, no error cell, its figures still there);
//  - garbage in the URL (markup and script in every knob's parameter, NUL bytes, broken escapes,
//    unknown parameters) never throws, injects nothing, and says "Ignored the link's ..." per knob;
//  - a lesson link: knobs read from the URL show those values and the figure differs from the
//    default; ?hide= hides the named knobs; "Copy lesson link" copies the address.
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {chartsMarkup, discoverPages, errorCells, openPage, readKnobs, settle, siteUrl, type KnobInfo, type OpenedPage} from "./harness.js";
import {distDir} from "./setup.js";

const pages = discoverPages(distDir);
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  await browser?.close();
});

/** Typed entries a number knob must refuse, and 1e6 (refused unless within its range). */
function badEntries({min, max, integer}: KnobInfo): {text: string; refused: boolean}[] {
  const lo = min!;
  const hi = max!;
  const span = Math.max(1, hi - lo);
  const entries = [
    {text: String(hi + span), refused: true},
    {text: String(lo - span), refused: true},
    {text: "NaN", refused: true},
    {text: "Infinity", refused: true},
    {text: "-Infinity", refused: true},
    {text: "", refused: true},
    {text: "12abc", refused: true},
    {text: "<img src=x onerror=window.__pxInjected=1>", refused: true},
    {text: "1e6", refused: !(1e6 >= lo && 1e6 <= hi)}
  ];
  if (integer && hi - lo >= 1) entries.push({text: String(lo + 0.5), refused: true});
  return entries;
}

/** The page is alive: no problem logged, no error cell, and as many figures as before. */
async function alive(page: Page, problems: string[], figures: number, where: string): Promise<void> {
  await settle(page);
  expect(problems, `${where}: problems`).toEqual([]);
  expect(await errorCells(page), `${where}: error cells`).toEqual([]);
  expect(await page.locator(".px-figure").count(), `${where}: figures`).toBe(figures);
}

describe.each(pages)("page %s", (path) => {
  let opened: OpenedPage;
  let knobs: KnobInfo[] = [];
  let defaultCharts = "";
  let figures = 0;

  beforeAll(async () => {
    opened = await openPage(browser, siteUrl(path));
    knobs = await readKnobs(opened.page);
    defaultCharts = await chartsMarkup(opened.page);
    figures = await opened.page.locator(".px-figure").count();
  });

  afterAll(async () => {
    await opened?.page.context().close();
  });

  test("loads its knobs with no message and every select on one of its options", async () => {
    expect(knobs.filter((k) => k.message !== "").map((k) => `${k.name}: ${k.message}`)).toEqual([]);
    for (const knob of knobs.filter((k) => k.kind === "choice")) expect(knob.options).toContain(knob.value);
  });

  test("refuses bad typed values in every number box with a message beside the knob, and lives on", async () => {
    const {page, problems} = opened;
    const numbers = knobs.filter((k) => k.kind === "number" && !k.hidden);
    for (const knob of numbers) {
      const root = page.locator(`.px-knob[data-knob="${knob.name}"]`);
      const box = root.locator(".px-knob-box");
      const message = root.locator("[role=status]");
      const value = () => root.evaluate((el) => String((el as unknown as {value: number}).value));
      for (const {text, refused} of badEntries(knob)) {
        const before = await value();
        await box.fill(text);
        await box.press("Enter");
        const said = (await message.textContent()) ?? "";
        if (refused) {
          expect(said, `${knob.name} = ${JSON.stringify(text)}: message`).not.toBe("");
          expect(said, `${knob.name} = ${JSON.stringify(text)}: names the allowed values`).toContain("expected");
          expect(await value(), `${knob.name} = ${JSON.stringify(text)}: value kept`).toBe(before);
        } else {
          expect(said, `${knob.name} = ${JSON.stringify(text)} is allowed: no message`).toBe("");
        }
      }
      // Back to the value the page loaded with, so the next knob starts from a known page.
      await box.fill(knob.value);
      await box.press("Enter");
    }
    expect(await page.evaluate(() => "__pxInjected" in window)).toBe(false);
    await alive(page, problems, figures, "after bad typed values");
  });

  test("shrugs off garbage in the URL: no exception, no injected markup, and says what it ignored", async () => {
    const garbage = ["<img src=x onerror=window.__pxInjected=1>", "\u0000", '"><script>window.__pxInjected=2</script>', "1e999", "%E0%A4%A", "</select><svg onload=alert(1)>"];
    const params = new URLSearchParams();
    knobs.forEach((knob, i) => params.set(knob.name, garbage[i % garbage.length]));
    params.set("hide", "<b>x</b>,,");
    params.set("<script>", "1");
    const query = `?${params.toString()}&%zz=%&${encodeURIComponent("%00")}=%00&activation=%00`;
    const {page, problems} = await openPage(browser, siteUrl(`${path}${query}`));
    try {
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.waitForTimeout(300);
      expect(problems).toEqual([]);
      expect(await errorCells(page)).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => "__pxInjected" in window)).toBe(false);
      expect(await page.locator("img[src='x'], main script, svg[onload]").count(), "injected elements").toBe(0);
      for (const knob of await readKnobs(page)) {
        expect(knob.message, `knob ${knob.name}`).toMatch(/^Ignored the link's /);
        expect(knob.value, `knob ${knob.name} falls back to its default`).toBe(knobs.find((k) => k.name === knob.name)!.value);
      }
      expect(await page.locator(".px-figure").count()).toBe(figures);
    } finally {
      await page.context().close();
    }
  });

  test("opens a lesson link with its knob values and ?hide=: the knobs show them, the figure differs", async () => {
    const number = knobs.find((k) => k.kind === "number" && k.max! > k.min!);
    const choice = knobs.find((k) => k.kind === "choice" && k.options!.length > 1);
    const want: Record<string, string> = {};
    if (number) {
      const {min, max, integer, value} = number;
      let x = integer ? Math.round((min! + max!) / 2) : (min! + max!) / 2;
      if (String(x) === value) x = integer ? Math.min(max!, x + 1) : (x + max!) / 2;
      want[number.name] = String(x);
    }
    if (choice) want[choice.name] = choice.options!.find((o) => o !== choice.value)!;
    const hide = knobs.slice(-2).map((k) => k.name);
    const params = new URLSearchParams(want);
    if (hide.length > 0) params.set("hide", hide.join(","));
    const {page, problems} = await openPage(browser, siteUrl(`${path}?${params}`));
    try {
      const shown = await readKnobs(page);
      const byName = Object.fromEntries(shown.map((k) => [k.name, k]));
      for (const [name, value] of Object.entries(want)) {
        expect(byName[name].value, `knob ${name} shows the link's value`).toBe(value);
        expect(byName[name].message, `knob ${name}`).toBe("");
      }
      for (const knob of shown) expect(knob.hidden, `knob ${knob.name} hidden`).toBe(hide.includes(knob.name));
      if (figures > 0 && Object.keys(want).length > 0) expect(await chartsMarkup(page), "the figure differs from the page's default").not.toBe(defaultCharts);
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  test("copies the page's address, knobs included, with Copy lesson link", async () => {
    const {page} = opened;
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.locator(".px-copy-link").click();
    await expect.poll(() => page.locator(".px-pagetools-status").textContent()).toMatch(/^Copied/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.evaluate(() => location.href));
  });
});
