// Knobs: inputs that keep their value in the URL (so a link restores a figure), refuse bad input with
// a message beside the knob (keeping the last good value, so the page stays alive), and work with
// Framework's view(): each knob is an element with .value that fires "input".
import {hiddenNames, initialValue, parseField, writeUrl, type Field, type Value} from "./state.js";

interface KnobElement<T extends Value> extends HTMLElement {
  value: T;
}

let serial = 0; // unique element ids only; never read as state

function shell(name: string, label: string, control: HTMLElement, field: Field, extra: HTMLElement[] = []) {
  const root = document.createElement("div");
  root.className = `px-knob px-knob-${field.kind}`;
  root.dataset.knob = name;
  root.dataset.label = label; // printed with the value in a handout (ui.css, @media print)
  const id = `knob-${name}-${++serial}`;
  const labelEl = document.createElement("label");
  labelEl.htmlFor = id;
  labelEl.textContent = label;
  control.id = id;
  const message = document.createElement("output");
  message.className = "px-knob-message";
  message.setAttribute("role", "status");
  message.setAttribute("aria-live", "polite");
  message.id = `${id}-message`;
  control.setAttribute("aria-describedby", message.id);
  root.append(labelEl, control, ...extra, message);
  if (hiddenNames(window.location.search).has(name)) root.hidden = true;
  const say = (text: string) => {
    message.textContent = text;
    root.classList.toggle("px-knob-invalid", text !== "");
  };
  /** Mirrors the knob's current value in data-value: a printed handout shows it instead of the control. */
  const show = (text: string) => {
    root.dataset.value = text;
  };
  return {root, say, show};
}

/** Gives a knob's root element its .value, as view() expects. */
function withValue<T extends Value>(root: HTMLElement, get: () => T, set: (value: T) => void): KnobElement<T> {
  return Object.defineProperty(root, "value", {get, set}) as unknown as KnobElement<T>;
}

/** Fires the one "input" event view() listens to, after inner events have been stopped. */
function announce(root: HTMLElement) {
  root.dispatchEvent(new Event("input", {bubbles: true}));
}

export interface RangeOptions {
  label?: string;
  /** The default value (used when the URL has none). */
  value: number;
  min: number;
  max: number;
  /** Slider step; default 1 for whole numbers, else (max − min) / 100. */
  step?: number;
  /** Whole numbers only; default true when step is a whole number. */
  integer?: boolean;
  /** Show a slider (default) or only the typed box (for seeds and the like). */
  slider?: boolean;
  /** Slider on a log scale, for values spanning decades (learning rates, scales). */
  log?: boolean;
}

/**
 * A number knob: a slider and a typed box. Typing a value out of range, NaN, Infinity, nothing or
 * anything but a plain decimal number shows why beside the knob and keeps the last good value;
 * Escape gives up what was typed.
 */
export function Range(name: string, {label = name, value, min, max, step, integer, slider = true, log = false}: RangeOptions): KnobElement<number> {
  const isInteger = integer ?? (step === undefined ? Number.isInteger(min) && Number.isInteger(max) && Number.isInteger(value) : Number.isInteger(step));
  const field: Field = {kind: "number", value, min, max, integer: isInteger};
  const start = initialValue(window.location.search, name, field, label);
  let current = start.value as number;
  const box = document.createElement("input");
  box.type = "text"; // not type=number: its browser parsing hides what was typed, so we could not say why it is wrong
  box.inputMode = isInteger ? "numeric" : "decimal";
  box.className = "px-knob-box";
  box.value = String(current);
  box.size = Math.min(12, Math.max(4, String(max).length + 2));
  const range = document.createElement("input");
  range.type = "range";
  range.setAttribute("aria-label", `${label} slider`);
  const toSlider = (x: number) => (log ? Math.log10(x) : x);
  const fromSlider = (s: number) => (log ? Number((10 ** s).toPrecision(3)) : s);
  range.min = String(toSlider(min));
  range.max = String(toSlider(max));
  range.step = log ? "any" : String(step ?? (isInteger ? 1 : (max - min) / 100));
  range.value = String(toSlider(current));
  const {root, say, show} = shell(name, label, slider ? range : box, field, slider ? [box] : []);
  if (slider) box.setAttribute("aria-label", `${label}, typed`);
  // The allowed range, for readers of the DOM (the browser tests type values just outside it).
  Object.assign(root.dataset, {min: String(min), max: String(max), integer: String(isInteger)});
  say(start.error ?? "");
  show(String(current));
  const set = (x: number) => {
    current = x;
    writeUrl(name, x, field);
    say("");
    show(String(x));
    announce(root);
  };
  range.addEventListener("input", (event) => {
    event.stopPropagation();
    const x = Math.min(max, Math.max(min, fromSlider(Number(range.value))));
    box.value = String(x);
    set(x);
  });
  const commit = (event: Event) => {
    event.stopPropagation();
    const parsed = parseField(box.value, field, label);
    if (parsed.error !== undefined) {
      say(`${parsed.error}. Still showing ${current}.`);
      return;
    }
    if (parsed.value === current) return say("");
    range.value = String(toSlider(parsed.value as number));
    set(parsed.value as number);
  };
  box.addEventListener("input", (event) => event.stopPropagation());
  box.addEventListener("change", commit); // on Enter or leaving the box: typing "1" on the way to "128" is not a value yet
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") commit(event);
    // Escape gives up the entry: the box shows the value in use again, and no message names an entry that is gone.
    else if (event.key === "Escape") {
      box.value = String(current);
      say("");
    }
  });
  return withValue<number>(
    root,
    () => current,
    (x) => {
      const parsed = parseField(String(x), field, label);
      if (parsed.error !== undefined) return say(`${parsed.error}. Still showing ${current}.`);
      current = parsed.value as number;
      box.value = String(current);
      range.value = String(toSlider(current));
      say("");
      show(String(current));
    }
  );
}

export interface ChoiceOptions<T extends string> {
  label?: string;
  options: readonly T[];
  value: T;
  /** Display text per option; default the option itself. */
  format?: (option: T) => string;
}

/** A choice knob: a native <select>, keyboard-operable as browsers make it. */
export function Choice<T extends string>(name: string, {label = name, options, value, format = String}: ChoiceOptions<T>): KnobElement<T> {
  const field: Field = {kind: "choice", value, options};
  const start = initialValue(window.location.search, name, field, label);
  const select = document.createElement("select");
  for (const option of options) select.append(new Option(format(option), option));
  select.value = start.value as string;
  const {root, say, show} = shell(name, label, select, field);
  say(start.error ?? "");
  const shown = () => show(select.selectedOptions[0]?.text ?? select.value);
  shown();
  select.addEventListener("input", (event) => {
    event.stopPropagation();
    writeUrl(name, select.value, field);
    say("");
    shown();
    announce(root);
  });
  select.addEventListener("change", (event) => event.stopPropagation());
  return withValue<T>(
    root,
    () => select.value as T,
    (v) => {
      if (!options.includes(v)) return;
      select.value = v;
      shown();
    }
  );
}

/** An on/off knob: a native checkbox. */
export function Toggle(name: string, {label = name, value}: {label?: string; value: boolean}): KnobElement<boolean> {
  const field: Field = {kind: "boolean", value};
  const start = initialValue(window.location.search, name, field, label);
  const box = document.createElement("input");
  box.type = "checkbox";
  box.checked = start.value as boolean;
  const {root, say, show} = shell(name, label, box, field);
  say(start.error ?? "");
  const shown = () => show(box.checked ? "on" : "off");
  shown();
  box.addEventListener("input", (event) => {
    event.stopPropagation();
    writeUrl(name, box.checked, field);
    shown();
    announce(root);
  });
  box.addEventListener("change", (event) => event.stopPropagation());
  return withValue<boolean>(
    root,
    () => box.checked,
    (v) => {
      box.checked = Boolean(v);
      shown();
    }
  );
}


/**
 * A "try this" button for the prose: sets the named knobs as a reader would (through each control, so
 * the URL, the message and the figures follow) and brings the figure they drive (its element id) into
 * view. A knob that is not on the page, or hidden by a lesson link, is left alone and the button says so.
 */
export function TryKnobs(settings: Record<string, Value>, target: string, {label = describeSettings(settings)} = {}): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "px-try";
  button.textContent = `Try it: ${label}`;
  button.dataset.try = JSON.stringify(settings); // what it sets, and where it goes: read by the browser tests
  button.dataset.target = target;
  button.addEventListener("click", () => {
    const missing: string[] = [];
    for (const [name, value] of Object.entries(settings)) {
      const root = document.querySelector<HTMLElement>(`.px-knob[data-knob="${name}"]:not([hidden])`);
      if (!root || !setControl(root, value)) missing.push(name);
    }
    if (missing.length) button.textContent = `Try it: ${label} (the ${missing.join(", ")} knob${missing.length > 1 ? "s are" : " is"} not shown on this page)`;
    const smooth = !window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    document.getElementById(target)?.scrollIntoView({block: "center", behavior: smooth ? "smooth" : "auto"});
  });
  return button;
}

function describeSettings(settings: Record<string, Value>): string {
  return Object.entries(settings)
    .map(([name, value]) => (typeof value === "boolean" ? `${name} ${value ? "on" : "off"}` : `${name} ${value}`))
    .join(", ");
}

/** Sets a knob's control and fires the event its own handler listens to (a box commits on "change"). */
function setControl(root: HTMLElement, value: Value): boolean {
  const select = root.querySelector("select");
  const checkbox = root.querySelector<HTMLInputElement>("input[type=checkbox]");
  const box = root.querySelector<HTMLInputElement>("input:not([type=range]):not([type=checkbox])");
  if (select) {
    if (![...select.options].some((o) => o.value === String(value))) return false;
    select.value = String(value);
    select.dispatchEvent(new Event("input", {bubbles: true}));
  } else if (checkbox) {
    checkbox.checked = Boolean(value);
    checkbox.dispatchEvent(new Event("input", {bubbles: true}));
  } else if (box) {
    box.value = String(value);
    box.dispatchEvent(new Event("change", {bubbles: true}));
  } else return false;
  return true;
}
