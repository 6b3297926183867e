// Tracing a page's main thread task by task, each task with the last performance.mark("px:...") made
// before it, so a test that marks its steps can tell which step a long task followed (edges.test.ts).
import {mkdirSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";

/**
 * Takes the shared browser's one tracing slot (Chromium records one trace at a time, and test files
 * run two at a time): waits while another file holds it. Returns the release. A slot held for over
 * two minutes is taken as left behind by a file that died.
 */
export async function lockTracing(browser: Browser): Promise<() => void> {
  const dir = join(tmpdir(), `px-tracing-${(browser.version() + String(process.ppid)).replace(/\W/g, "")}`);
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, {recursive: true, force: true});
    } catch {
      try {
        if (Date.now() - statSync(dir).mtimeMs > 120_000) rmSync(dir, {recursive: true, force: true});
      } catch {
        // gone meanwhile: try again
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A task on the traced page's main thread: when it began (trace clock, µs), its CPU and wall ms, and the last mark before it. */
export interface TracedTask {
  ts: number;
  cpu: number;
  wall: number;
  /** The name of the last performance.mark("px:…") made before the task began, or "" if none. */
  mark: string;
}

/**
 * Traces the page's main thread while `act` runs. Every main-thread task comes back with the last
 * `performance.mark("px:<name>")` made before it began: a test that marks each of its steps can
 * tell which step a long task followed.
 */
export async function traceTasks(browser: Browser, page: Page, act: () => Promise<unknown>): Promise<TracedTask[]> {
  const release = await lockTracing(browser);
  let buffer: Buffer;
  try {
    await browser.startTracing(page, {categories: ["disabled-by-default-devtools.timeline", "toplevel", "blink.user_timing"]});
    try {
      await act();
    } finally {
      buffer = await browser.stopTracing();
    }
  } finally {
    release();
  }
  type Event = {ph: string; name: string; cat?: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: {name?: string; data?: {frames?: {processId?: number}[]}}};
  const trace = JSON.parse(buffer.toString());
  const events: Event[] = trace.traceEvents ?? trace;
  // The traced page's renderer process(es): the browser is shared with other test files' pages.
  const renderers = new Set(events.filter((e) => e.name === "TracingStartedInBrowser").flatMap((e) => (e.args?.data?.frames ?? []).map((f) => f.processId)));
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  const marks = events.filter((e) => e.cat?.includes("blink.user_timing") && e.name.startsWith("px:") && renderers.has(e.pid)).sort((a, b) => a.ts - b.ts);
  const tasks = events.filter((e) => e.ph === "X" && e.name === "RunTask" && renderers.has(e.pid) && threads.get(`${e.pid}:${e.tid}`) === "CrRendererMain").sort((a, b) => a.ts - b.ts);
  let m = -1;
  return tasks.map((e) => {
    while (m + 1 < marks.length && marks[m + 1].ts <= e.ts) m++;
    return {ts: e.ts, cpu: (e.tdur ?? 0) / 1000, wall: (e.dur ?? 0) / 1000, mark: m >= 0 ? marks[m].name.slice(3) : ""};
  });
}
