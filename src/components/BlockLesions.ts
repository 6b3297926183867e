// BlockLesions: a row of toggle buttons, one per block, to delete blocks by clicking (or Tab and
// Space/Enter: they are native buttons), plus "delete k at random" (seeded) and "restore all".
// An input for Framework's view(): .value is the sorted list of deleted block indices, and every change
// fires "input".
import {randomBlocks, randomSeeded} from "../lib/index.js";

export interface BlockLesionsOptions {
  /** Seeds the random deletions: the same seed gives the same sequence of random sets. Default 0. */
  seed?: number;
  /** Blocks deleted at the start. Default none. */
  value?: readonly number[];
  /** Disable every control (e.g. while the networks train). Default false. */
  disabled?: boolean;
}

// The component's own few rules, added once per document (the site's stylesheets are shared files).
const css = `
.px-blocks { margin: 0.75rem 0; max-width: 960px; font: 14px var(--sans-serif, system-ui, sans-serif); }
.px-blocks-label { margin: 0 0 0.4rem; font-weight: 600; }
.px-blocks-row { display: flex; flex-wrap: wrap; gap: 0.3rem; }
.px-blocks-row button { min-width: 2.4rem; min-height: 2.4rem; font: 600 14px var(--sans-serif, system-ui, sans-serif); border: 2px solid #0072b2; border-radius: 6px; background: #eef5fb; color: #00456e; cursor: pointer; }
.px-blocks-row button[aria-pressed="true"] { border-style: dashed; border-color: #b34f00; background: white; color: #b34f00; text-decoration: line-through; }
.px-blocks-row button:disabled, .px-blocks-tools :disabled { opacity: 0.5; cursor: not-allowed; }
.px-blocks-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin-top: 0.5rem; }
.px-blocks-tools input { width: 4rem; font: inherit; padding: 0.15rem 0.3rem; }
.px-blocks-tools button { font: inherit; padding: 0.25rem 0.7rem; }
`;
if (typeof document !== "undefined" && !document.querySelector("style[data-px-blocks]")) {
  const style = document.createElement("style");
  style.dataset.pxBlocks = "";
  style.textContent = css;
  document.head.append(style);
}

export function BlockLesions(n: number, {seed = 0, value = [], disabled = false}: BlockLesionsOptions = {}): HTMLElement & {value: number[]} {
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new RangeError(`invalid number of blocks: ${n} (expected a whole number from 1 to 200)`);
  const deleted = new Set(value.filter((l) => Number.isInteger(l) && l >= 0 && l < n));
  const random = randomSeeded(seed);
  const root = document.createElement("div");
  root.className = "px-blocks";
  const label = document.createElement("p");
  label.className = "px-blocks-label";
  label.id = `px-blocks-${seed}-${n}`;
  label.textContent = "Blocks, input side first. Press a block to delete it; press again to restore it.";
  const row = document.createElement("div");
  row.className = "px-blocks-row";
  row.setAttribute("role", "group");
  row.setAttribute("aria-labelledby", label.id);
  const buttons = Array.from({length: n}, (_, l) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = String(l + 1);
    b.setAttribute("aria-label", `block ${l + 1}`);
    b.addEventListener("click", () => {
      if (deleted.has(l)) deleted.delete(l);
      else deleted.add(l);
      changed();
    });
    row.append(b);
    return b;
  });
  const tools = document.createElement("div");
  tools.className = "px-blocks-tools";
  const k = document.createElement("input");
  k.type = "number";
  k.min = "0";
  k.max = String(n);
  k.value = String(Math.min(2, n));
  k.setAttribute("aria-label", "how many blocks to delete at random");
  const randomButton = document.createElement("button");
  randomButton.type = "button";
  randomButton.textContent = "Delete at random";
  const message = document.createElement("output");
  message.className = "px-knob-message";
  message.setAttribute("role", "status");
  randomButton.addEventListener("click", () => {
    const count = Number(k.value);
    if (!Number.isInteger(count) || count < 0 || count > n) {
      message.textContent = `"${k.value}" is not a whole number from 0 to ${n}.`;
      return;
    }
    message.textContent = "";
    deleted.clear();
    for (const l of randomBlocks(random, n, count)) deleted.add(l);
    changed();
  });
  const restore = document.createElement("button");
  restore.type = "button";
  restore.textContent = "Restore all";
  restore.addEventListener("click", () => {
    deleted.clear();
    changed();
  });
  const kLabel = document.createElement("label");
  kLabel.append("How many: ", k);
  tools.append(kLabel, randomButton, restore, message);
  root.append(label, row, tools);
  for (const control of [...buttons, k, randomButton, restore]) control.disabled = disabled;

  function render(): void {
    buttons.forEach((b, l) => {
      b.setAttribute("aria-pressed", String(deleted.has(l)));
      b.title = deleted.has(l) ? `Block ${l + 1} is deleted: press to restore it` : `Press to delete block ${l + 1}`;
    });
  }
  function changed(): void {
    render();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  }
  render();
  return Object.defineProperty(root, "value", {
    get: () => [...deleted].sort((a, b) => a - b),
    set: (v: number[]) => {
      deleted.clear();
      for (const l of v ?? []) if (Number.isInteger(l) && l >= 0 && l < n) deleted.add(l);
      render();
    }
  }) as unknown as HTMLElement & {value: number[]};
}
