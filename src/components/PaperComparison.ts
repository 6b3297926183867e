// PaperComparison: a table putting He et al.'s (2015) CIFAR-10 ResNet test errors next to the test
// errors of this site's precomputed networks on the held-out digits, by depth. Different data and
// models: the table compares trends with depth, not numbers.
import {HE_2015} from "../lib/index.js";

export interface OurRun {
  skip: boolean;
  layers: number;
  /** Accuracy on the held-out digits, 0 to 1; null if not finite. */
  testAccuracy: number | null;
}

/** The table's rows: one per depth in either source, with "—" where a source has none. */
export function comparisonRows(ours: readonly OurRun[]): {layers: number; paper: string; residual: string; plain: string}[] {
  const paper = HE_2015.cifar10ResNetTestError;
  const depths = [...new Set([...Object.keys(paper).map(Number), ...ours.map((r) => r.layers)])].sort((a, b) => a - b);
  const error = (skip: boolean, layers: number) => {
    const run = ours.find((r) => r.skip === skip && r.layers === layers);
    return run?.testAccuracy == null ? "—" : `${(100 * (1 - run.testAccuracy)).toFixed(1)}%`;
  };
  return depths.map((layers) => ({
    layers,
    paper: paper[layers] === undefined ? "—" : `${paper[layers].toFixed(2)}%`,
    residual: error(true, layers),
    plain: error(false, layers)
  }));
}

/** @param testExamples how many held-out digits "ours" were tested on, for the caption */
export function PaperComparison(ours: readonly OurRun[], {testExamples}: {testExamples: number}): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "px-comparison";
  const caption = table.createCaption();
  caption.textContent = `Test error by depth: He et al. (2015, Table 6) on CIFAR-10, and this page's precomputed networks on the ${testExamples} held-out digits.`;
  const head = table.createTHead().insertRow();
  for (const text of ["depth (layers)", "He et al.: ResNet, CIFAR-10", "here: residual, digits", "here: plain, digits"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of comparisonRows(ours)) {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = String(row.layers);
    tr.append(th);
    for (const text of [row.paper, row.residual, row.plain]) tr.insertCell().textContent = text;
  }
  return table;
}
