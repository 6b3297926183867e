// Accessibility of every built page: axe-core's WCAG 2.0/2.1/2.2 A and AA rules (no serious or
// critical violation; everything axe finds is printed), the keyboard (every knob reachable with Tab,
// with a visible focus ring), a text alternative for every figure, and the fixes to Framework's
// template (lang, a zoomable viewport) present in the built HTML itself, before any script runs.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {join} from "node:path";
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {discoverPages, openPage, printTable, revealVeils, siteUrl, type OpenedPage} from "./harness.js";
import {distDir} from "./setup.js";

const pages = discoverPages(distDir);
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const findings: Record<string, string | number>[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  printTable("axe-core (WCAG 2.x A + AA) per page", findings);
  await browser?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({content: axeSource});
  return page.evaluate(async (values) => {
    const axe = (window as unknown as {axe: {run: (context: Document, options: object) => Promise<{violations: {id: string; impact: string | null; help: string; nodes: {target: unknown[]}[]}[]}>}}).axe;
    const {violations} = await axe.run(document, {runOnly: {type: "tag", values}, resultTypes: ["violations"]});
    return violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target))}));
  }, tags);
}

describe.each(pages)("page %s", (path) => {
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await openPage(browser, siteUrl(path));
  });

  afterAll(async () => {
    await opened?.page.context().close();
  });

  test("axe finds no serious or critical WCAG 2 A/AA violation, veiled figures revealed or not", async () => {
    const {page} = opened;
    const before = await axe(page);
    const veils = await revealVeils(page);
    const after = veils > 0 ? await axe(page) : [];
    const all = new Map<string, Violation>();
    for (const v of [...before, ...after]) all.set(`${v.id} ${v.nodes.join()}`, v);
    const violations = [...all.values()];
    findings.push({
      page: path,
      serious_or_critical: violations.filter((v) => v.impact === "serious" || v.impact === "critical").length,
      others: violations.filter((v) => v.impact !== "serious" && v.impact !== "critical").map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join("; ") || "none"
    });
    const severe = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(severe.map((v) => `${v.impact}: ${v.id}: ${v.help} at ${v.nodes.slice(0, 5).join(", ")}`)).toEqual([]);
  });

  test("reaches every knob with Tab, each with a visible focus ring", async () => {
    const {page} = opened;
    const count = await page.evaluate(() => {
      const controls = Array.from(document.querySelectorAll<HTMLElement>(".px-knob :is(input, select)")).filter((c) => c.checkVisibility({visibilityProperty: true}));
      controls.forEach((control, i) => (control.dataset.pxTab = String(i)));
      return controls.length;
    });
    if (count === 0) return;
    const stops = await page.evaluate(
      () => document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])").length
    );
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const focused = new Map<number, {outline: number; shadow: boolean}>();
    for (let i = 0; i < stops + 5 && focused.size < count; i++) {
      await page.keyboard.press("Tab");
      const at = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el?.dataset.pxTab) return null;
        const style = getComputedStyle(el);
        return {i: Number(el.dataset.pxTab), outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth), shadow: style.boxShadow !== "none"};
      });
      if (at) focused.set(at.i, at);
    }
    const missed = Array.from({length: count}, (_, i) => i).filter((i) => !focused.has(i));
    expect(missed, "knob controls never focused by Tab").toEqual([]);
    const invisible = [...focused].filter(([, f]) => !(f.outline > 0 || f.shadow)).map(([i]) => i);
    expect(invisible, "knob controls with no focus outline").toEqual([]);
  });

  test("gives every figure a text alternative: a caption its chart is labelled by", async () => {
    const {page} = opened;
    const figures = await page.$$eval(".px-figure", (list) =>
      list.map((figure) => {
        const caption = figure.querySelector("figcaption")?.textContent?.trim() ?? "";
        const charts = Array.from(figure.querySelectorAll(".px-figure-body svg[role='img'], .px-figure-body canvas"));
        const labelled = charts.map((chart) => {
          const ids = chart.getAttribute("aria-labelledby")?.split(/\s+/) ?? [];
          const text = ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? "").join(" ").trim();
          return text.length > 0 || (chart.getAttribute("aria-label") ?? "").trim().length > 0;
        });
        return {name: (figure as HTMLElement).dataset.figure, caption, charts: charts.length, labelled: labelled.every(Boolean)};
      })
    );
    for (const figure of figures) {
      expect(figure.caption, `figure ${figure.name}: empty caption`).not.toBe("");
      expect(figure.charts, `figure ${figure.name}: no chart with role=img`).toBeGreaterThan(0);
      expect(figure.labelled, `figure ${figure.name}: a chart without aria-labelledby pointing at text`).toBe(true);
    }
  });

  test("declares its language and lets readers zoom, in the built HTML and in the page", async () => {
    const file = path.endsWith("/") ? join(distDir, path, "index.html") : join(distDir, `${path}.html`);
    const html = readFileSync(file, "utf8");
    expect(html).toMatch(/<html lang="en">/);
    expect(html).not.toMatch(/maximum-scale|user-scalable/);
    const live = await opened.page.evaluate(() => ({lang: document.documentElement.lang, viewport: document.querySelector("meta[name=viewport]")?.getAttribute("content")}));
    expect(live).toEqual({lang: "en", viewport: "width=device-width, initial-scale=1"});
  });
});
