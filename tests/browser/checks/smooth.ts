// Watching a page's main thread and its main column: a Chrome trace for the CPU and wall time of
// every task, Chromium's PerformanceObserver 'longtask' entries, and a MutationObserver that says
// which top-level blocks of the main column changed and when.
import type {Browser, Page} from "playwright-core";

interface Recorded {
  longTasks: [start: number, duration: number][];
  mutations: [time: number, block: number][];
}

/** Runs in the page before its own scripts (OpenOptions.init): starts recording. */
export function recorder(): void {
  const px: Recorded = {longTasks: [], mutations: []};
  (window as unknown as {__px: Recorded}).__px = px;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) px.longTasks.push([entry.startTime, entry.duration]);
  }).observe({type: "longtask", buffered: true});
  document.addEventListener("DOMContentLoaded", () => {
    const main = document.getElementById("observablehq-main");
    if (!main) return;
    new MutationObserver((records) => {
      const now = performance.now();
      for (const record of records) {
        let node: Node | null = record.target;
        while (node && node.parentNode !== main) node = node.parentNode;
        if (node) px.mutations.push([now, Array.prototype.indexOf.call(main.children, node)]);
      }
    }).observe(main, {childList: true, subtree: true, characterData: true});
  });
}

export interface Watch {
  /** Longest task on the renderer's main thread in the window: CPU and wall milliseconds (trace). */
  cpu: number;
  wall: number;
  /** Longest PerformanceObserver 'longtask' entry in the window (wall ms), 0 if none. */
  longtask: number;
  /** Distinct mutation times in the main column, the blocks that changed, and first-to-last ms. */
  mutations: number;
  blocks: Set<number>;
  span: number;
  /** Half-seconds of the window in which a block holding a figure changed: 4 or more is a page training. */
  figureBeats: number;
  /** The blocks holding a figure that changed in 4 or more half-seconds each: training figures. */
  trainingBlocks: Set<number>;
  /** When the window began, on the page's performance.now() clock. */
  from: number;
}

/** A page trains when its figures keep changing by themselves: in 4 or more half-seconds of a window. */
export function isTraining(w: Watch): boolean {
  return w.figureBeats >= 4;
}

/** Runs `act`, then traces the page for `ms` more, and reports the window. */
export async function watch(browser: Browser, page: Page, act: () => Promise<unknown>, ms: number): Promise<Watch> {
  await browser.startTracing(page, {categories: ["disabled-by-default-devtools.timeline", "toplevel"]});
  const from = await page.evaluate(() => performance.now());
  await act();
  await page.waitForTimeout(ms);
  const to = await page.evaluate(() => performance.now());
  const trace = JSON.parse((await browser.stopTracing()).toString());
  type Event = {ph: string; name: string; pid: number; tid: number; dur?: number; tdur?: number; args?: {name?: string; data?: {frames?: {processId?: number}[]}}};
  const events: Event[] = trace.traceEvents ?? trace;
  // The traced page's renderer process(es): the browser is shared with other test files' pages.
  const renderers = new Set(events.filter((e) => e.name === "TracingStartedInBrowser").flatMap((e) => (e.args?.data?.frames ?? []).map((f) => f.processId)));
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  let cpu = 0;
  let wall = 0;
  for (const e of events) {
    if (e.ph !== "X" || e.name !== "RunTask" || !renderers.has(e.pid) || threads.get(`${e.pid}:${e.tid}`) !== "CrRendererMain") continue;
    cpu = Math.max(cpu, (e.tdur ?? 0) / 1000);
    wall = Math.max(wall, (e.dur ?? 0) / 1000);
  }
  const seen = await page.evaluate(
    ([t0, t1]) => {
      const px = (window as unknown as {__px: Recorded}).__px;
      const mutations = px.mutations.filter(([t]) => t >= t0 && t <= t1);
      const times = [...new Set(mutations.map(([t]) => t))];
      const main = document.getElementById("observablehq-main");
      const holdsFigure = (b: number) => main?.children[b]?.querySelector("figure") != null || main?.children[b]?.tagName === "FIGURE";
      return {
        longtask: Math.max(0, ...px.longTasks.filter(([t]) => t >= t0 && t <= t1).map(([, d]) => d)),
        figureBeats: new Set(mutations.filter(([, b]) => holdsFigure(b)).map(([t]) => Math.floor((t - t0) / 500))).size,
        trainingBlocks: [...new Set(mutations.map(([, b]) => b))].filter((b) => holdsFigure(b) && new Set(mutations.filter(([, m]) => m === b).map(([t]) => Math.floor((t - t0) / 500))).size >= 4),
        mutations: times.length,
        span: times.length ? times[times.length - 1] - times[0] : 0,
        blocks: [...new Set(mutations.map(([, b]) => b))]
      };
    },
    [from, to]
  );
  return {cpu, wall, longtask: seen.longtask, mutations: seen.mutations, blocks: new Set(seen.blocks), span: seen.span, figureBeats: seen.figureBeats, trainingBlocks: new Set(seen.trainingBlocks), from};
}

/** Half-seconds since `from` (page clock) in which a block of the main column holding a figure changed. */
export function figureBeatsSince(page: Page, from: number): Promise<number> {
  return page.evaluate((t0) => {
    const main = document.getElementById("observablehq-main");
    const holdsFigure = (b: number) => main?.children[b]?.querySelector("figure") != null || main?.children[b]?.tagName === "FIGURE";
    const mutations = (window as unknown as {__px: Recorded}).__px.mutations.filter(([t, b]) => t >= t0 && holdsFigure(b));
    return new Set(mutations.map(([t]) => Math.floor((t - t0) / 500))).size;
  }, from);
}

/** The longest 'longtask' entry (wall ms) that began before `before` (page clock): loading and hydration. */
export function longestBefore(page: Page, before: number): Promise<number> {
  return page.evaluate((t) => Math.max(0, ...(window as unknown as {__px: Recorded}).__px.longTasks.filter(([s]) => s < t).map(([, d]) => d)), before);
}

/** Distinct mutation times in `blocks` during the next `ms`; with `first`, returns 1 as soon as there is one. */
export async function changesIn(page: Page, blocks: Set<number>, ms: number, {first = false} = {}): Promise<number> {
  const from = await page.evaluate(() => performance.now());
  const count = () =>
    page.evaluate(
      ([t0, list]) => new Set((window as unknown as {__px: Recorded}).__px.mutations.filter(([t, b]) => t >= t0 && list.includes(b)).map(([t]) => t)).size,
      [from, [...blocks]] as const
    );
  if (!first) {
    await page.waitForTimeout(ms);
    return count();
  }
  for (let waited = 0; waited < ms; waited += 100) {
    if ((await count()) > 0) return 1;
    await page.waitForTimeout(100);
  }
  return count();
}

/** Scrolls so that none of `blocks` is in view; false if the page is too short to hide them all. */
export function scrollAway(page: Page, blocks: Set<number>): Promise<boolean> {
  return page.evaluate((list) => {
    const main = document.getElementById("observablehq-main")!;
    const rects = list.map((i) => main.children[i].getBoundingClientRect());
    if (rects.length === 0) return false;
    const top = Math.min(...rects.map((r) => r.top)) + scrollY;
    const bottom = Math.max(...rects.map((r) => r.bottom)) + scrollY;
    const max = document.scrollingElement!.scrollHeight - innerHeight;
    if (bottom + 1 <= max) scrollTo(0, bottom + 1);
    else if (top - innerHeight - 1 >= 0) scrollTo(0, top - innerHeight - 1);
    else return false;
    return true;
  }, [...blocks]);
}

/** Scrolls the first of `blocks` into the middle of the view. */
export function scrollBack(page: Page, blocks: Set<number>): Promise<void> {
  return page.evaluate((first) => document.getElementById("observablehq-main")!.children[first].scrollIntoView({block: "center"}), Math.min(...blocks));
}
