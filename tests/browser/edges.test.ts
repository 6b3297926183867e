// Every knob of every page through its edges, as a reader with a keyboard would (issue 19):
//   - each slider focused, then Home, ArrowRight, End, ArrowLeft (its min, one step in, its max, one
//     step back);
//   - each select focused, then Home and ArrowDown through every option;
//   - each checkbox focused, then Space (on, or off) and Space again;
//   - each number box at its min and max (box-only knobs such as seeds: for a slider's box the slider
//     went there), and one past each (refused with a message naming what was typed), type + Enter.
// After each edge: no error cell or "Can't compute" note, no console error, the knob shows the value it was sent to (and the
// address holds it), the page settled (no loading placeholder, no background job still "…"), and no
// main-thread task from the key press until the page settled took over 50 ms of CPU (a Chrome trace,
// as in checks/smooth.ts: CPU, not wall time, because other processes stretch wall time).
// Then the same values through lesson links: one link with every knob at its min (first option, off)
// and one with every knob at its max (last option, on), per page. And ?present= past the last slide.
import {loadavg} from "node:os";
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {recorder} from "./checks/smooth.js";
import {traceTasks, type TracedTask} from "./checks/trace.js";
import {discoverPages, errorCells, openPage, printTable, readKnobs, siteUrl, type KnobInfo, type OpenedPage} from "./harness.js";
import {distDir} from "./setup.js";

const pages = discoverPages(distDir);
/** The longest a main-thread task may take after a knob moved, ms of CPU. */
const budgetMs = 50;
/** After the page looks settled, how long to keep watching for late tasks (a figure built in a later task), ms. */
const tailMs = 100;
const rows: Record<string, string | number>[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  printTable(`Knob edges walked by keyboard, and lesson links at every knob's min and max (load average ${loadavg()[0].toFixed(1)})`, rows);
  await browser?.close();
});

/** A knob as readKnobs reads it, and whether it has a slider (a number knob may be a typed box only). */
type Knob = KnobInfo & {slider: boolean};

/** One step of the walk: what the reader does, and the value the knob must then show (null: refused, unchanged). */
interface Edge {
  name: string;
  act: (page: Page) => Promise<void>;
  /** The value the knob shows after it, as readKnobs reads it; for a refused entry, the value before. */
  expect: (before: string) => string | number;
  /** A refused entry: the message beside the knob must name the text typed. */
  refused?: string;
}

/** The edges a knob is walked through. */
function edgesOf(knob: Knob, index: number): Edge[] {
  const root = (page: Page) => page.locator(".px-knob").nth(index);
  const press = (selector: string, keys: string[]) => async (page: Page) => {
    await root(page).locator(selector).focus();
    for (const key of keys) await page.keyboard.press(key);
  };
  const type = (text: string) => async (page: Page) => {
    const box = root(page).locator(".px-knob-box");
    await box.fill(text);
    await box.press("Enter");
  };
  if (knob.kind === "number") {
    const {min, max} = knob as Required<KnobInfo>;
    const past = (x: number, away: number) => String(knob.integer ? x + away : x + away * Math.max(Math.abs(x) * 0.01, 1e-6));
    const refuse = (text: string): Edge => ({name: `type ${text}`, act: type(text), expect: (before) => before, refused: text});
    const edges: Edge[] = [];
    if (knob.slider) {
      edges.push(
        {name: "Home", act: press("input[type=range]", ["Home"]), expect: () => min},
        {name: "ArrowRight", act: press("input[type=range]", ["ArrowRight"]), expect: () => `>${min}`},
        {name: "End", act: press("input[type=range]", ["End"]), expect: () => max},
        {name: "ArrowLeft", act: press("input[type=range]", ["ArrowLeft"]), expect: () => `<${max}`}
      );
    } else {
      edges.push({name: `type ${min}`, act: type(String(min)), expect: () => min}, {name: `type ${max}`, act: type(String(max)), expect: () => max});
    }
    edges.push(refuse(past(min, -1)), refuse(past(max, 1)));
    return edges;
  }
  if (knob.kind === "choice") {
    const options = knob.options ?? [];
    return options.map((option, i) => ({name: i === 0 ? `Home (${option})` : `ArrowDown (${option})`, act: press("select", [i === 0 ? "Home" : "ArrowDown"]), expect: () => option}));
  }
  const flip = (from: string) => (from === "true" ? "false" : "true");
  return [
    {name: `Space (${flip(knob.value)})`, act: press("input[type=checkbox]", [" "]), expect: (before) => flip(before)},
    {name: `Space (${knob.value})`, act: press("input[type=checkbox]", [" "]), expect: (before) => flip(before)}
  ];
}

/** Error cells, and "Can't compute this one" notes beside the knobs (ErrorNote): a value a knob offers must compute. */
async function errors(page: Page): Promise<string[]> {
  const notes = await page.evaluate(() => Array.from(document.querySelectorAll(".knob-error:not([hidden])"), (note) => note.textContent ?? ""));
  return [...(await errorCells(page)), ...notes].map((text) => text.slice(0, 200));
}

/** The value a knob holds (its .value, not the typed box, which keeps a refused entry) and its message. */
function knobState(page: Page, index: number): Promise<{value: string; message: string}> {
  return page.evaluate((i) => {
    const root = document.querySelectorAll(".px-knob")[i] as HTMLElement & {value: unknown};
    return {value: String(root.value), message: root.querySelector("[role=status]")?.textContent ?? ""};
  }, index);
}

/** Waits until the page has settled: no loading placeholder, no background job's status still ending in "…", then tailMs. */
async function settled(page: Page): Promise<void> {
  // The knob's "input" is handled in an animation frame; figures are built in later tasks (tasks.ts).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve, 0), 0))));
  await page.waitForFunction(
    () =>
      document.querySelectorAll("observablehq-loading").length === 0 &&
      !Array.from(document.querySelectorAll(".px-compute-status"), (p) => (p.textContent ?? "").trim()).some((text) => text.endsWith("…")),
    undefined,
    {timeout: 30_000, polling: 50}
  );
  await page.waitForTimeout(tailMs);
}

/** Whether a knob's shown value is what an edge expects: a number (within rounding), ">x" or "<x", or a string. */
function shows(value: string, expected: string | number): boolean {
  if (typeof expected === "number") return Math.abs(Number(value) - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  if (expected.startsWith(">")) return Number(value) > Number(expected.slice(1));
  if (expected.startsWith("<")) return Number(value) < Number(expected.slice(1));
  return value === expected;
}

/** The slowest task attributed to each mark, and every mark whose tasks went over the budget. */
function overBudget(tasks: readonly TracedTask[]): {worst: number; over: string[]} {
  const worst = new Map<string, number>();
  for (const t of tasks) if (t.mark) worst.set(t.mark, Math.max(worst.get(t.mark) ?? 0, t.cpu));
  return {worst: Math.max(0, ...worst.values()), over: [...worst].filter(([, cpu]) => cpu > budgetMs).map(([mark, cpu]) => `${mark}: ${cpu.toFixed(0)} ms`)};
}

/** A lesson link's query with every visible knob at one end: min, first option, off (or max, last option, on). */
function endLink(knobs: readonly KnobInfo[], end: "min" | "max"): URLSearchParams {
  const params = new URLSearchParams();
  for (const knob of knobs) {
    if (knob.kind === "number") params.set(knob.name, String(end === "min" ? knob.min : knob.max));
    else if (knob.kind === "choice") params.set(knob.name, knob.options![end === "min" ? 0 : knob.options!.length - 1]);
    else params.set(knob.name, String(end === "max"));
  }
  return params;
}

describe.each(pages)("page %s", (path) => {
  const row: Record<string, string | number> = {page: path, sliders: 0, "select options": 0, checkboxes: 0, "box entries": 0, "edges walked": 0, "worst task after an edge, CPU ms": "-", "links (min, max): worst task after load, CPU ms": "-", "walk s": 0};
  rows.push(row);
  let opened: OpenedPage;
  let knobs: Knob[] = [];

  beforeAll(async () => {
    opened = await openPage(browser, siteUrl(path), {width: 1280, height: 900, init: recorder});
    // Which number knobs have a slider (readKnobs does not say).
    const sliders = await opened.page.evaluate(() => Array.from(document.querySelectorAll(".px-knob"), (k) => k.querySelector("input[type=range]") !== null));
    knobs = (await readKnobs(opened.page)).map((k, i) => ({...k, slider: sliders[i]}));
  });

  afterAll(async () => {
    await opened?.page.context().close();
  });

  test("every knob through its edges, by keyboard: no error, no console error, the value shown, settled, no task over 50 ms of CPU", {timeout: 180_000}, async () => {
    const {page, problems} = opened;
    const start = Date.now();
    const failures: string[] = [];
    let worst = 0;
    for (const [index, knob] of knobs.entries()) {
      if (knob.hidden) continue;
      const edges = edgesOf(knob, index);
      if (knob.slider) row.sliders = Number(row.sliders) + 1;
      if (knob.kind === "choice") row["select options"] = Number(row["select options"]) + edges.length;
      if (knob.kind === "boolean") row.checkboxes = Number(row.checkboxes) + 1;
      row["box entries"] = Number(row["box entries"]) + edges.filter((e) => e.name.startsWith("type ")).length;
      const tasks = await traceTasks(browser, page, async () => {
        for (const edge of edges) {
          const what = `${knob.name} ${edge.name}`;
          const before = (await knobState(page, index)).value;
          const seen = problems.length;
          await page.evaluate((mark) => performance.mark(`px:${mark}`), what);
          await edge.act(page);
          // A refused entry recomputes nothing: no need to wait for figures.
          if (edge.refused === undefined) await settled(page).catch(() => failures.push(`${what}: not settled within 30 s`));
          await page.evaluate((mark) => performance.mark(`px:${mark} (after)`), what); // tasks from here on are the check's own
          const after = await knobState(page, index);
          const wanted = edge.expect(before);
          if (!shows(after.value, wanted)) failures.push(`${what}: shows ${after.value}, expected ${wanted}`);
          if (edge.refused !== undefined && !after.message.includes(JSON.stringify(edge.refused))) failures.push(`${what}: message ${JSON.stringify(after.message)} does not name ${JSON.stringify(edge.refused)}`);
          if (edge.refused === undefined && after.message !== "") failures.push(`${what}: message ${JSON.stringify(after.message)}`);
          const cells = await errors(page);
          if (cells.length) failures.push(`${what}: errors ${JSON.stringify(cells)}`);
          if (problems.length > seen) failures.push(`${what}: ${problems.slice(seen).join("; ")}`);
          row["edges walked"] = Number(row["edges walked"]) + 1;
        }
      });
      const {worst: knobWorst, over} = overBudget(tasks.filter((t) => !t.mark.endsWith("(after)")));
      worst = Math.max(worst, knobWorst);
      failures.push(...over.map((o) => `task over ${budgetMs} ms of CPU after ${o}`));
    }
    row["worst task after an edge, CPU ms"] = worst.toFixed(1);
    row["walk s"] = ((Date.now() - start) / 1000).toFixed(1);
    expect(failures).toEqual([]);
  });

  test("lesson links with every knob at its min, and at its max: the values shown, no error, no task over 50 ms of CPU once loaded", {timeout: 120_000}, async () => {
    const visible = knobs.filter((k) => !k.hidden);
    if (visible.length === 0) return;
    const failures: string[] = [];
    const worst: string[] = [];
    for (const end of ["min", "max"] as const) {
      const params = endLink(visible, end);
      const link = await openPage(browser, siteUrl(`${path}?${params}`), {width: 1280, height: 900, init: recorder});
      try {
        const {page, problems} = link;
        // Loading and hydration are a one-off (pages.test.ts does not hold them to the budget either):
        // the budget holds from the page settled on, while its figures draw and train.
        const tasks = await traceTasks(browser, page, async () => {
          await page.evaluate(() => performance.mark("px:loaded"));
          await settled(page).catch(() => failures.push(`${end} link: not settled within 30 s`));
          await page.waitForTimeout(500);
        });
        const {worst: w, over} = overBudget(tasks);
        worst.push(w.toFixed(1));
        failures.push(...over.map((o) => `${end} link: task over ${budgetMs} ms of CPU after ${o}`));
        const shown = await readKnobs(page);
        for (const knob of shown.filter((k) => !k.hidden)) {
          const wanted = params.get(knob.name)!;
          if (!shows(knob.value, knob.kind === "number" ? Number(wanted) : wanted)) failures.push(`${end} link: ${knob.name} shows ${knob.value}, the link says ${wanted}`);
          if (knob.message !== "") failures.push(`${end} link: ${knob.name}: ${knob.message}`);
        }
        const cells = await errors(page);
        if (cells.length) failures.push(`${end} link: errors ${JSON.stringify(cells)}`);
        if (problems.length) failures.push(`${end} link: ${problems.join("; ")}`);
      } finally {
        await link.page.context().close();
      }
    }
    row["links (min, max): worst task after load, CPU ms"] = worst.join(", ");
    expect(failures).toEqual([]);
  });
});

test("?present= past the last slide shows the last slide, with no task over 50 ms of CPU once loaded", {timeout: 60_000}, async () => {
  const path = pages.includes("/degradation") ? "/degradation" : pages[0];
  const link = await openPage(browser, siteUrl(`${path}?present=99999`), {width: 1280, height: 720, init: recorder});
  try {
    const {page, problems} = link;
    const tasks = await traceTasks(browser, page, async () => {
      await page.evaluate(() => performance.mark("px:loaded"));
      await page.waitForFunction(() => document.documentElement.dataset.pxSlide !== undefined && document.documentElement.dataset.pxSlide === document.documentElement.dataset.pxSlides && document.documentElement.dataset.pxPending === undefined, undefined, {timeout: 5000});
      await page.waitForTimeout(500);
    });
    const slide = await page.evaluate(() => ({n: document.documentElement.dataset.pxSlide, of: document.documentElement.dataset.pxSlides}));
    expect(slide.n, "the slide shown, of " + slide.of).toBe(slide.of);
    expect(overBudget(tasks).over).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await link.page.context().close();
  }
});
