// Page state in the URL: one typed table of fields drives both parsing and formatting (the
// tensorflow/playground idea, without its global state). parseField and formatState are pure; the
// only writer of the address bar is writeUrl, called by the knobs.

export interface RangeField {
  kind: "number";
  /** The default, also the value when the URL holds garbage. */
  value: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
}
export interface ChoiceField {
  kind: "choice";
  value: string;
  options: readonly string[];
}
export interface BooleanField {
  kind: "boolean";
  value: boolean;
}
export type Field = RangeField | ChoiceField | BooleanField;
export type Value = number | string | boolean;

/** A plain decimal number: an optional minus, digits with an optional fraction (or .5), an optional exponent. */
const DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)(e[-+]?\d+)?$/i;

/** The word for a number field's allowed values, as used in every message. */
export function describeRange({min, max, integer}: RangeField): string {
  return `${integer ? "a whole number" : "a number"} from ${format(min)} to ${format(max)}`;
}

/**
 * Reads one field from text (a URL parameter or a typed entry). Returns {value} when the text is a
 * valid value, or {error} with a message that names the text and the allowed values. Never throws.
 */
export function parseField(text: string, field: Field, label: string): {value: Value; error?: undefined} | {value?: undefined; error: string} {
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  switch (field.kind) {
    case "number": {
      const trimmed = text.trim();
      const x = trimmed === "" ? NaN : Number(trimmed);
      if (Number.isNaN(x)) return {error: `${label}: ${shown} is not a number; expected ${describeRange(field)}`};
      if (!Number.isFinite(x)) return {error: `${label}: ${shown} is infinite; expected ${describeRange(field)}`};
      // Number() also reads 0x10, 0o7, 0b1, +5 and 5.; a reader who typed one of those by mistake is told.
      if (!DECIMAL.test(trimmed)) return {error: `${label}: ${shown} is not a plain decimal number (such as 12, -0.5 or 1e-3); expected ${describeRange(field)}`};
      // 1e-400 is read as 0: a value too small to hold is not the 0 the reader may think it is.
      if (x === 0 && /[1-9]/.test(trimmed.replace(/e.*$/i, ""))) return {error: `${label}: ${shown} is too small to hold (it would be read as 0); expected ${describeRange(field)}`};
      if (field.integer && !Number.isInteger(x)) return {error: `${label}: ${shown} is not a whole number; expected ${describeRange(field)}`};
      if (x < field.min || x > field.max) return {error: `${label}: ${shown} is out of range; expected ${describeRange(field)}`};
      return {value: x + 0}; // -0 is 0
    }
    case "choice":
      return field.options.includes(text) ? {value: text} : {error: `${label}: ${shown} is not one of ${field.options.join(", ")}`};
    case "boolean":
      return text === "true" || text === "false" ? {value: text === "true"} : {error: `${label}: ${shown} is not true or false`};
  }
}

/** The query string for `values`, listing only the fields that differ from their defaults, in table order. */
export function formatState(values: Record<string, Value>, table: Record<string, Field>, extra: URLSearchParams = new URLSearchParams()): string {
  const params = new URLSearchParams(extra);
  for (const [name, field] of Object.entries(table)) {
    params.delete(name);
    if (name in values && values[name] !== field.value) params.set(name, String(values[name]));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Names listed in the `hide` parameter (a lesson link hides these controls): `?hide=seed,width`. */
export function hiddenNames(search: string): Set<string> {
  const hide = new URLSearchParams(search).get("hide") ?? "";
  return new Set(hide.split(",").map((s) => s.trim()).filter(Boolean));
}

/**
 * Reads a field's starting value from a query string: the URL's value when valid, else the default
 * with a message saying what was ignored.
 */
export function initialValue(search: string, name: string, field: Field, label: string): {value: Value; error?: string} {
  const text = new URLSearchParams(search).get(name);
  if (text === null) return {value: field.value};
  const parsed = parseField(text, field, label);
  return parsed.error === undefined ? {value: parsed.value} : {value: field.value, error: `Ignored the link's ${parsed.error}`};
}

/**
 * Writes one field into the address bar without adding a history entry (a default value leaves the
 * URL), keeping every other parameter. With writeParam, the only writers of the URL.
 */
export function writeUrl(name: string, value: Value, field: Field): void {
  const url = new URL(window.location.href);
  replaceQuery(url, formatState({[name]: value}, {[name]: field}, url.searchParams));
}

/**
 * Sets one raw parameter (null removes it), keeping every other parameter and adding no history
 * entry: the page's own state that is not a knob, such as presenter mode's `present=3`.
 */
export function writeParam(name: string, value: string | null): void {
  const url = new URL(window.location.href);
  const params = new URLSearchParams(url.search);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const query = params.toString();
  replaceQuery(url, query ? `?${query}` : "");
}

function replaceQuery(url: URL, query: string): void {
  window.history.replaceState(window.history.state, "", `${url.pathname}${query}${url.hash}`);
}

function format(x: number): string {
  return Math.abs(x) >= 1e6 ? x.toExponential() : String(x);
}
