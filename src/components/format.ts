// Numbers in captions and tips: enough digits to say what the figure shows, and no more.

/** `digits` significant digits, exponent notation far from 1: 0.25, 1.14, 2.1e-5, 3.2e7. */
export function formatNumber(value: number, digits = 3): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent <= -3 || exponent >= 5) return value.toExponential(digits - 1).replace(/\.?0+e/, "e").replace("e+", "e");
  return String(Number(value.toPrecision(digits)));
}

/**
 * A factor that may sit very close to 1, with digits enough to show how far from 1 it is:
 * 1.0025 stays "1.0025" (not "1"), 0.99713 becomes "0.9971", 1 + 3e-9 is "1"; factors far from 1 get formatNumber.
 */
export function formatFactor(value: number): string {
  const d = Math.abs(value - 1);
  if (d === 0 || d >= 0.05 || !Number.isFinite(value)) return formatNumber(value);
  // Two significant digits of the deviation from 1, up to six decimals (closer than that reads as 1).
  const decimals = Math.min(6, Math.ceil(-Math.log10(d)) + 1);
  return String(Number(value.toFixed(decimals)));
}
