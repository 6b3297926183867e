// Helpers shared by the browser tests: which pages the build holds, and a page opened with every
// console error, failed request and off-origin request recorded.
import {readdirSync} from "node:fs";
import {join, relative, sep} from "node:path";
import type {Browser, Page} from "playwright-core";

/** URL paths of every page in dist/: index.html → "/", x.html → "/x", d/index.html → "/d/". */
export function discoverPages(distDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue; // Framework's assets
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".html")) files.push(relative(distDir, path).split(sep).join("/"));
    }
  };
  walk(distDir);
  return files
    .map((file) => "/" + file.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, ""))
    .sort();
}

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions, failed (4xx/5xx, aborted) and off-origin requests. */
  problems: string[];
  /** URLs of the .woff2 fonts that loaded (status 200). */
  fonts: string[];
}

/** Opens url in a fresh context and waits until every cell has rendered and the network is idle. */
export async function openPage(browser: Browser, url: string, {width = 1280, height = 900} = {}): Promise<OpenedPage> {
  const context = await browser.newContext({viewport: {width, height}});
  const page = await context.newPage();
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
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
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
