// Helpers for charts on a log y scale: tick labels that stay readable whether the data span one decade
// or thirty, and direct labels nudged apart where lines end close together.

/**
 * A tick format for a log axis over [min, max]: every power of ten; when the data span fewer than
 * three decades, 2× and 5× too (otherwise a chart from 0.07 to 0.7 would show a single label).
 */
export function logTickFormat(min: number, max: number): (value: number) => string {
  const span = min > 0 && max > 0 ? Math.log10(max / min) : Infinity;
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
