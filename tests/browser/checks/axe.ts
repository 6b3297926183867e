// axe-core in a page: the WCAG 2.0, 2.1 and 2.2 A and AA rules.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import type {Page} from "playwright-core";

const source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending elements. */
  nodes: string[];
}

/** Runs axe on the whole document (injecting it once) and returns its violations. */
export async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({content: source});
  return page.evaluate(async (values) => {
    type Result = {violations: {id: string; impact: string | null; help: string; nodes: {target: unknown[]}[]}[]};
    const axe = (window as unknown as {axe: {run: (context: Document, options: object) => Promise<Result>}}).axe;
    const {violations} = await axe.run(document, {runOnly: {type: "tag", values}, resultTypes: ["violations"]});
    return violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target))}));
  }, wcagTags);
}

/** Serious or critical: the ones the tests fail on. */
export function isSevere(v: Violation): boolean {
  return v.impact === "serious" || v.impact === "critical";
}
