// Helpers shared by the browser tests: which pages the build holds, a page opened with every console
// error, failed request and off-origin request recorded, the page's knobs as the DOM describes them,
// and a table printed at the end of a test file.
import type {Browser, BrowserContextOptions, Page} from "playwright-core";
import {inject} from "vitest";

export {discoverPages} from "../../scripts/pages.js";

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions, failed (4xx/5xx, network errors) and off-origin requests. */
  problems: string[];
  /** URLs of the .woff2 fonts that loaded (status 200). */
  fonts: string[];
}

export interface OpenOptions extends Pick<BrowserContextOptions, "isMobile" | "hasTouch" | "deviceScaleFactor"> {
  /** Viewport width in CSS pixels; default 1280. */
  width?: number;
  /** Viewport height in CSS pixels; default 900. */
  height?: number;
  /** A function run in the page before any of its own scripts (e.g. a PerformanceObserver). */
  init?: () => void;
}

/** The URL of a site path (with any query) on the test server. */
export function siteUrl(path: string): string {
  return new URL(path, inject("baseURL")).href;
}

/** Opens url in a fresh context and waits until every cell has rendered and the network is idle. */
export async function openPage(browser: Browser, url: string, {width = 1280, height = 900, init, ...context}: OpenOptions = {}): Promise<OpenedPage> {
  const browserContext = await browser.newContext({viewport: {width, height}, ...context});
  const page = await browserContext.newPage();
  if (init) await page.addInitScript(init);
  const origin = new URL(url).origin;
  const problems: string[] = [];
  const fonts: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("request", (request) => {
    const requested = request.url();
    if (!/^(data|blob):/.test(requested) && new URL(requested).origin !== origin) problems.push(`off-origin request: ${requested}`);
  });
  page.on("requestfailed", (request) => {
    // Aborted is not failed: leaving a page or terminating a worker (a knob moved) cancels its loads.
    const error = request.failure()?.errorText ?? "";
    if (error !== "net::ERR_ABORTED") problems.push(`request failed: ${request.url()} (${error})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    else if (response.url().endsWith(".woff2")) fonts.push(response.url());
  });
  await page.goto(url, {waitUntil: "load"});
  await settle(page);
  return {page, problems, fonts};
}

/** Waits for Framework to replace every loading placeholder, then for the network to go quiet. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 30_000});
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Every <figure>'s markup, to tell whether a figure re-rendered. */
export function figuresMarkup(page: Page): Promise<string> {
  return page.evaluate(() => Array.from(document.querySelectorAll("figure"), (figure) => figure.innerHTML).join("\n"));
}

/** The markup of every chart (inside .px-figure-body), ids and their references removed: comparable across loads. */
export function chartsMarkup(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll(".px-figure-body"), (body) => body.innerHTML.replace(/\s(id|aria-labelledby|aria-describedby)="[^"]*"/g, "")).join("\n")
  );
}

/** Error cells Framework rendered (a cell that threw), by their text. */
export function errorCells(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll(".observablehq--error"), (cell) => cell.textContent ?? ""));
}

/**
 * Sets the first range or number input in the page's main column to another allowed value (about
 * halfway to its max, or back toward its min when at the max) and dispatches "input", as a reader
 * dragging the slider would. Returns the old and new values, or null if the page has no such knob.
 */
export function turnFirstKnob(page: Page): Promise<{from: string; to: string} | null> {
  return page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>("main input[type=range], main input[type=number]");
    if (!input) return null;
    const value = Number(input.value);
    const step = input.step && input.step !== "any" ? Number(input.step) : 1;
    const min = input.min === "" ? -Infinity : Number(input.min);
    const max = input.max === "" ? Infinity : Number(input.max);
    const stepsUp = Number.isFinite(max) ? Math.floor((max - value) / step / 2) : 10;
    const stepsDown = Number.isFinite(min) ? Math.floor((value - min) / step / 2) : 10;
    const next = stepsUp >= 1 ? value + stepsUp * step : value - Math.max(1, stepsDown) * step;
    const from = input.value;
    input.value = String(next);
    input.dispatchEvent(new Event("input", {bubbles: true}));
    return {from, to: input.value};
  });
}

/** A knob as its element describes it (knobs.ts: data-knob, data-min/max/integer, data-value). */
export interface KnobInfo {
  name: string;
  label: string;
  kind: "number" | "choice" | "boolean";
  /** Number knobs: the allowed range. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** Choice knobs: the option values. */
  options?: string[];
  /** The value as the control shows it (the typed box, the select's value, "true"/"false"). */
  value: string;
  /** Out of the layout (a lesson link's ?hide=…): what the reader sees, not an attribute. */
  hidden: boolean;
  /** The text beside the knob (role=status). */
  message: string;
}

/** Every knob on the page, in document order. */
export function readKnobs(page: Page): Promise<KnobInfo[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll(".px-knob"), (root) => {
      const el = root as HTMLElement;
      const kind = el.classList.contains("px-knob-number") ? "number" : el.classList.contains("px-knob-choice") ? "choice" : "boolean";
      const select = el.querySelector("select");
      const box = el.querySelector<HTMLInputElement>(".px-knob-box");
      const check = el.querySelector<HTMLInputElement>("input[type=checkbox]");
      return {
        name: el.dataset.knob ?? "",
        label: el.dataset.label ?? "",
        kind,
        ...(kind === "number" ? {min: Number(el.dataset.min), max: Number(el.dataset.max), integer: el.dataset.integer === "true"} : {}),
        ...(select ? {options: Array.from(select.options, (o) => o.value)} : {}),
        value: kind === "number" ? (box?.value ?? "") : kind === "choice" ? (select?.value ?? "") : String(check?.checked),
        hidden: !el.checkVisibility(),
        message: el.querySelector("[role=status]")?.textContent ?? ""
      } as KnobInfo;
    })
  );
}

/**
 * Clicks every "Reveal" of a predict-first veil, so the figures behind them can be used. Forced
 * clicks: a training figure is redrawn so often that Playwright's wait for a stable element might
 * never end; the mouse lands on whichever drawing's button is there (Frame acts on pointerdown). Returns
 * the clicks made (a click that met a redrawn figure counts too).
 */
export async function revealVeils(page: Page): Promise<number> {
  const buttons = page.locator(".px-veil button");
  let count = 0;
  while ((await buttons.count()) > 0 && count < 50) {
    // A figure paused out of view (pauseOffscreen) redraws the moment the click scrolls it in, so the
    // button found may be gone by the time the mouse lands: then look for the new drawing's button.
    await buttons
      .first()
      .click({force: true})
      .catch((error: Error) => {
        if (!/not visible|not attached|detached/i.test(error.message)) throw error;
      });
    count++;
  }
  return count;
}

/** Prints rows as an aligned text table (in a test file's afterAll): the numbers the suite measured. */
export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = [columns, ...rows.map((row) => columns.map((c) => String(row[c] ?? "")))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join(" | ");
  console.log([`\n${title}`, line(cells[0]), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.slice(1).map(line)].join("\n"));
}
