// Helpers for charts on a log y scale: which values it can draw, a domain that never breaks (zeros,
// a constant series, no values), tick labels that stay readable whether the data span one decade or
// thirty, and direct labels nudged apart where lines end close together.

/** Whether a log scale can draw `v`: a finite number above zero. */
export function onLogScale(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v) && v > 0;
}

/**
 * A domain for a log axis over the values it can draw (zeros, negatives, NaN and ±Infinity are left
 * out), padded by the factor `pad` each way: a constant series or a single value gets a decade around
 * it (`pad` at least √10), and no drawable value gives `fallback`.
 */
export function logDomain(values: Iterable<number | null | undefined>, {pad = 1, fallback = [0.1, 10] as [number, number]} = {}): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!onLogScale(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return fallback;
  const f = lo === hi ? Math.max(pad, Math.sqrt(10)) : pad;
  const domain: [number, number] = [lo / f, hi * f];
  // Padding past the largest or smallest double would make the domain infinite or zero.
  return Number.isFinite(domain[1]) && domain[0] > 0 ? domain : [lo, hi === lo ? lo * 2 : hi];
}

/**
 * What a log chart could not draw, in words for its caption: "2 values (0, -1) are not above zero
 * and are left off the log scale." Empty when every value was drawable. `what` names the values.
 */
export function offLogScale(values: Iterable<number | null | undefined>, what = "value"): string {
  const off = Array.from(values).filter((v): v is number => typeof v === "number" && !onLogScale(v));
  if (off.length === 0) return "";
  const shown = [...new Set(off.map(String))].slice(0, 3).join(", ");
  const notFinite = off.some((v) => !Number.isFinite(v));
  const why = off.every((v) => !Number.isFinite(v)) ? "not finite" : notFinite ? "zero, negative or not finite" : "zero or negative";
  return off.length === 1 ? `One ${what} (${shown}) is ${why} and is left off the log scale.` : `${off.length} ${what}s (${shown}${new Set(off.map(String)).size > 3 ? ", …" : ""}) are ${why} and are left off the log scale.`;
}

/**
 * A tick format for a log axis over [min, max]: every power of ten; when the data span fewer than
 * three decades, 2× and 5× too (otherwise a chart from 0.07 to 0.7 would show a single label).
 */
export function logTickFormat(min: number, max: number): (value: number) => string {
  const span = onLogScale(min) && onLogScale(max) ? Math.log10(max / min) : Infinity;
  return (value) => {
    const exponent = Math.floor(Math.log10(value) + 1e-9);
    const mantissa = value / 10 ** exponent;
    const power = Math.abs(mantissa - 1) < 1e-6;
    const shown = power || (span < 3 && (Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6));
    if (!shown) return "";
    return exponent >= -2 && exponent <= 3 ? String(Number(value.toPrecision(1))) : `${Math.round(mantissa)}e${exponent}`;
  };
}

/**
 * Vertical offsets (px, negative is up) that keep labels at least `gap` pixels apart, for labels
 * anchored at log-scale values `values` on a chart whose plot area is `height` pixels tall for the
 * log10 span [lo, hi]: from the top down, each label sits at its own height or just below the one above.
 */
export function spreadLabels(values: readonly number[], {lo, hi, height, gap = 14}: {lo: number; hi: number; height: number; gap?: number}): number[] {
  const perDecade = height / Math.max(1e-9, hi - lo);
  const pixels = values.map((v) => (hi - Math.log10(v)) * perDecade); // y from the top
  const order = pixels.map((_, i) => i).sort((a, b) => pixels[a] - pixels[b]);
  const placed = new Array<number>(values.length);
  // Greedy from the top: each label at its own y, or just below the one above it.
  let previous = -Infinity;
  for (const i of order) {
    placed[i] = Math.max(pixels[i], previous + gap);
    previous = placed[i];
  }
  return placed.map((p, i) => p - pixels[i]);
}
