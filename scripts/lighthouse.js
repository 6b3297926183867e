#!/usr/bin/env node
// Lighthouse on every page of the built site, served locally, in the same Chromium the browser
// tests use: performance, accessibility and best-practices scores, one row a page.
//
//   npm run build && npm run lighthouse            every page
//   node scripts/lighthouse.js dist /paths /       some pages; add --why for each page's long tasks
//
// Lighthouse 12.2.3 (the last release that runs on Node 20) with its desktop preset: the default
// mobile preset simulates a slow phone, and its performance score swung from 69 to 90 between runs
// of the same page here; desktop is steadier. Accessibility and best-practices are deterministic
// checks: a page below 95 in either fails at once.
//
// Performance is timing, on a machine shared with other work: the same page at the same commit
// scored 71 and then 100 within four minutes here (total blocking time 798 ms, then 55 ms, at load
// averages of 7 and 5), because a long task is as long as the CPU the page got. So a page scoring
// below 95 is audited again, up to four more times (until the median of its scores so far reaches
// 95), and judged on that median, as Lighthouse's own documentation on variability advises (run it
// several times, take the median run). One or two slow runs then neither fail nor pass a page by
// themselves; a page that is slow in three runs of five is slow. The table shows every score taken
// and the metrics of the median run. `thresholds.performance` is the least median that passes
// (issue 7: 95, as for the other two categories).
import {spawn} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {loadavg, tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {setTimeout as sleep} from "node:timers/promises";
import {pathToFileURL} from "node:url";
import lighthouse, {desktopConfig} from "lighthouse";
import {ensureChromium, launchArgs} from "./chromium.js";
import {discoverPages} from "./pages.js";
import {serve} from "./serve.js";

/** Categories scored, and the least score that passes (null: printed only; performance: the median's). */
export const thresholds = {performance: 95, accessibility: 95, "best-practices": 95};

/** Audits of a page whose performance is below 95, at most (the median of these is judged). */
export const performanceRuns = 5;

/**
 * The median of some numbers (of an even count, the lower middle one: a score that was measured).
 * @param {number[]} values
 * @returns {number}
 */
export function median(values) {
  if (values.length === 0) throw new Error("invalid values: [] (expected at least one number)");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * Of a page's runs, the one whose performance score is the median (the row reported for it), with
 * every run's performance score listed in `runs`.
 * @template {{scores: Record<string, number>}} R
 * @param {R[]} rows the same page's audits, at least one
 * @returns {R & {runs: number[]}}
 */
export function medianRun(rows) {
  const runs = rows.map((r) => r.scores.performance);
  const middle = median(runs);
  return {...rows.find((r) => r.scores.performance === middle), runs};
}

/**
 * Starts Chromium with a DevTools port for Lighthouse to drive.
 * @returns {Promise<{port: number, close: () => Promise<void>}>}
 */
async function startChromium() {
  const profile = mkdtempSync(join(tmpdir(), "px-lighthouse-"));
  const child = spawn(ensureChromium(), [...launchArgs, "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], {stdio: "ignore"});
  const portFile = join(profile, "DevToolsActivePort");
  for (let i = 0; i < 300 && !existsSync(portFile); i++) await sleep(100);
  if (!existsSync(portFile)) {
    child.kill();
    throw new Error("Chromium did not open its DevTools port within 30 s");
  }
  await sleep(100); // the file is written in two steps: let both lines land
  const port = Number(readFileSync(portFile, "utf8").split("\n")[0]);
  return {
    port,
    close: async () => {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill();
      await exited;
      rmSync(profile, {recursive: true, force: true});
    }
  };
}

/**
 * Audits pages; resolves to one row per audit: scores out of 100, the metrics behind performance,
 * the audits that lost points in the asserted categories, and the longest main-thread tasks.
 * @param {string} dist
 * @param {{pages?: string[], retry?: boolean}} [options] pages (default every page in dist/);
 *   retry: audit a page below 95 in performance again, up to performanceRuns audits in all, and
 *   return its median run (default true)
 * @returns {Promise<{page: string, scores: Record<string, number>, metrics: Record<string, number>, lost: string[], longTasks: {url: string, startTime: number, duration: number}[], seconds: number, runs: number[]}[]>}
 */
export async function audit(dist = "dist", {pages, retry = true} = {}) {
  const server = await serve(dist, {port: 0});
  const chrome = await startChromium();
  const rows = [];
  try {
    for (const page of pages ?? discoverPages(resolve(dist))) {
      const runs = [await auditPage(new URL(page, server.url).href, chrome.port, page)];
      while (retry && runs.length < performanceRuns && median(runs.map((r) => r.scores.performance)) < 95) {
        runs.push(await auditPage(new URL(page, server.url).href, chrome.port, page));
      }
      rows.push(medianRun(runs));
    }
  } finally {
    await chrome.close();
    await server.close();
  }
  return rows;
}

/**
 * One Lighthouse audit of one page.
 * @param {string} url
 * @param {number} port Chromium's DevTools port
 * @param {string} page the page's path, for the row
 */
async function auditPage(url, port, page) {
  const started = Date.now();
  const result = await lighthouse(url, {port, output: "json", logLevel: "error", onlyCategories: Object.keys(thresholds)}, desktopConfig);
  if (!result) throw new Error(`Lighthouse returned nothing for ${page}`);
  const {categories, audits} = result.lhr;
  /** @type {Record<string, number>} */
  const scores = {};
  const lost = [];
  for (const [id, category] of Object.entries(categories)) {
    scores[id] = Math.round((category.score ?? 0) * 100);
    if (thresholds[/** @type {keyof typeof thresholds} */ (id)] === null) continue;
    for (const ref of category.auditRefs) {
      const a = audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) lost.push(`${id}: ${ref.id} (${a.title})`);
    }
  }
  // What the performance score is made of (desktop weights: TBT 30%, LCP 25%, CLS 25%, FCP and SI 10% each).
  const metrics = Object.fromEntries(["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"].map((id) => [id, audits[id]?.numericValue ?? NaN]));
  // The tasks behind total blocking time (its "layout-shifts" and LCP-element audits fail on this
  // Chromium's traces in Lighthouse 12.2.3: scripts/layout-shifts.js finds what moves instead).
  const details = /** @type {{items?: {url: string, startTime: number, duration: number}[]}} */ (audits["long-tasks"]?.details ?? {});
  const longTasks = (details.items ?? []).map(({url, startTime, duration}) => ({url, startTime, duration}));
  return {page, scores, metrics, lost, longTasks, seconds: (Date.now() - started) / 1000, runs: [scores.performance]};
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const why = args.includes("--why");
  const [dist = "dist", ...pages] = args.filter((a) => a !== "--why");
  const rows = await audit(dist, {pages: pages.length > 0 ? pages : undefined});
  const ids = Object.keys(thresholds);
  const limit = (/** @type {string} */ id) => thresholds[/** @type {keyof typeof thresholds} */ (id)];
  const cell = (/** @type {string} */ id, /** @type {typeof rows[number]} */ r) => {
    const score = r.scores[id];
    const taken = id === "performance" && r.runs.length > 1 ? ` (median of ${r.runs.join(", ")})` : "";
    return `${score}${taken}${score < 95 ? (limit(id) === null ? " below 95" : " FAIL") : ""}`;
  };
  const m = (/** @type {Record<string, number>} */ x) => `FCP ${(x["first-contentful-paint"] / 1000).toFixed(1)} s, LCP ${(x["largest-contentful-paint"] / 1000).toFixed(1)} s, TBT ${x["total-blocking-time"].toFixed(0)} ms, CLS ${x["cumulative-layout-shift"].toFixed(3)}, SI ${(x["speed-index"] / 1000).toFixed(1)} s`;
  const table = [["page", ...ids, "performance metrics (median run)", "seconds"], ...rows.map((r) => [r.page, ...ids.map((id) => cell(id, r)), m(r.metrics), r.seconds.toFixed(1)])];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  console.log(`Lighthouse 12.2.3, desktop preset, load average ${loadavg()[0].toFixed(1)}`);
  for (const row of table) console.log(row.map((c, i) => c.padEnd(widths[i])).join(" | "));
  for (const r of rows) for (const line of r.lost) console.log(`  ${r.page}: ${line}`);
  if (why) {
    for (const r of rows) {
      const tasks = r.longTasks.slice(0, 6).map((t) => `${Math.round(t.startTime)} ms +${Math.round(t.duration)} ${t.url.replace(/^https?:\/\/[^/]+/, "")}`);
      console.log(`  ${r.page} longest tasks: ${tasks.join("; ") || "none"}`);
    }
  }
  const failing = rows.filter((r) => ids.some((id) => limit(id) !== null && r.scores[id] < (limit(id) ?? 0)));
  if (failing.length > 0) {
    console.error(`lighthouse: below the threshold on ${failing.map((r) => r.page).join(", ")}`);
    process.exit(1);
  }
}
