#!/usr/bin/env node
// What moves while a page loads: every layout shift (the elements that moved most, from where to
// where) and every block of <main> that changed height on screen, with times in ms since the page
// started. Lighthouse 12.2.3's own "layout-shifts" audit fails on this Chromium's traces, so this
// is how to find a page's cumulative layout shift: a block that grows on screen pushes the text
// below it (reserve its room in CSS: see "Room kept for what the scripts will draw" in style.css).
//
//   npm run build && node scripts/layout-shifts.js [dist = dist] [/page ...]
//
// The viewport is Lighthouse's desktop one (1350x940); nothing is scrolled or clicked.
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {chromium} from "playwright-core";
import {findChromium, launchArgs} from "./chromium.js";
import {discoverPages} from "./pages.js";
import {serve} from "./serve.js";

/** Runs in the page before its scripts: records shifts and on-screen height changes of main's blocks. */
function watch() {
  const w = /** @type {any} */ (window);
  w.pxShifts = [];
  w.pxGrowth = [];
  /** @param {Node | null} node */
  const name = (node) => {
    const el = node instanceof Element ? node : node?.parentElement;
    if (!el) return "?";
    const main = document.getElementById("observablehq-main");
    const block = main ? Array.from(main.children).find((b) => b.contains(el)) : undefined;
    const own = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}`;
    return block && block !== el && main ? `${own} in main > [${Array.from(main.children).indexOf(block)}]` : own;
  };
  new PerformanceObserver((list) => {
    for (const entry of /** @type {any[]} */ (list.getEntries())) {
      const moved = entry.sources.map((/** @type {any} */ s) => `${name(s.node)} y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)} h ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`);
      w.pxShifts.push({time: Math.round(entry.startTime), value: entry.value, input: entry.hadRecentInput, moved});
    }
  }).observe({type: "layout-shift", buffered: true});
  document.addEventListener("DOMContentLoaded", () => {
    const main = document.getElementById("observablehq-main");
    if (!main) return;
    const heights = new Map();
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const height = Math.round(entry.borderBoxSize[0].blockSize);
        const before = heights.get(entry.target);
        heights.set(entry.target, height);
        const top = entry.target.getBoundingClientRect().top;
        if (before !== undefined && Math.abs(before - height) > 1 && top < innerHeight) w.pxGrowth.push(`${Math.round(performance.now())} ms: ${name(entry.target)} [${Array.from(main.children).indexOf(entry.target)}] at y ${Math.round(top)}: ${before}→${height} px`);
      }
    });
    for (const block of main.children) observer.observe(block);
  });
}

/**
 * Loads each page and reports what moved in its first `ms` milliseconds.
 * @param {string} dist
 * @param {string[]} [pages] default every page
 * @param {number} [ms] default 5000
 * @returns {Promise<{page: string, cls: number, shifts: {time: number, value: number, input: boolean, moved: string[]}[], growth: string[]}[]>}
 */
export async function layoutShifts(dist = "dist", pages, ms = 5000) {
  const server = await serve(dist, {port: 0});
  const browser = await chromium.launch({executablePath: findChromium() ?? undefined, args: launchArgs});
  const rows = [];
  try {
    for (const page of pages ?? discoverPages(resolve(dist))) {
      const context = await browser.newContext({viewport: {width: 1350, height: 940}});
      const tab = await context.newPage();
      await tab.addInitScript(watch);
      await tab.goto(new URL(page, server.url).href, {waitUntil: "load"});
      await tab.waitForTimeout(ms);
      const {shifts, growth} = await tab.evaluate(() => ({shifts: /** @type {any} */ (window).pxShifts, growth: /** @type {any} */ (window).pxGrowth}));
      const cls = shifts.filter((/** @type {{input: boolean}} */ s) => !s.input).reduce((/** @type {number} */ sum, /** @type {{value: number}} */ s) => sum + s.value, 0);
      rows.push({page, cls, shifts, growth});
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dist = "dist", ...pages] = process.argv.slice(2);
  for (const row of await layoutShifts(dist, pages.length > 0 ? pages : undefined)) {
    console.log(`${row.page}: layout shift ${row.cls.toFixed(3)} in all (summed over the load)`);
    for (const s of row.shifts) console.log(`  ${s.time} ms: shift ${s.value.toFixed(4)}${s.input ? " (after input)" : ""}\n    ${s.moved.join("\n    ")}`);
    for (const g of row.growth) console.log(`  ${g}`);
  }
}
