/**
 * Elementary functions built only from exactly specified arithmetic, so that "same seed, same
 * numbers" holds bit for bit in every JavaScript runtime.
 *
 * Why: ECMAScript fixes the result of + − × ÷, Math.sqrt, Math.floor, Math.round, Math.abs,
 * Math.min, Math.sign, Math.clz32 and comparisons (IEEE 754, round to nearest), but lets Math.exp,
 * log, sin, cos, tanh, pow, hypot, log10 and `**` return any "implementation-approximated" value:
 * V8 builds and platforms differ in the last bit on a few per cent of inputs. Every function here is
 * a fixed sequence of exact operations, so it returns the same bits wherever it runs.
 *
 * How: the algorithms of Sun's fdlibm as kept in musl libc (both permissive: "Permission to use,
 * copy, modify, and distribute this software is freely granted, provided that this notice is
 * preserved"): a Cody–Waite range reduction with split constants, then a short polynomial or
 * rational kernel, with fdlibm's coefficients. fdlibm reads and writes the bits of a double; here
 * the exponent is found with comparisons and Math.clz32 and powers of two are made from int32
 * shifts, so no typed-array view is needed. tanh is the exception to fdlibm: a table of tanh at 641
 * points (lib/tanh-table.ts, computed with integers; constant) and the addition formula, which has no
 * branch (see `tanh`).
 *
 * Constants are declared inside the functions that use them: V8 folds a function's own constants
 * into its code, but not module-level ones once a bundler has turned them into `var`s (measured:
 * 5× slower for a short polynomial).
 *
 * Accuracy, the worst error against correctly rounded values (mpmath at 200 bits) over 10⁶ seeded
 * inputs spread over every binade (2·10⁵ for log10, pow, hypot): exp 0.85 ulp, log 0.80, log10 0.63,
 * sin 0.76, cos 0.76, pow 0.97, hypot 1.15, tanh 0.75 (V8's Math.tanh: 2.11). sin and cos keep that
 * for |x| ≤ 2^20·π/2 ≈ 1.6e6; beyond, see `sin`. tests/lib/fmath.test.ts checks pinned correctly
 * rounded values and millions of comparisons with Math.*.
 */
import {TANH_TABLE} from "./tanh-table.js";

// ---------------------------------------------------------------------------------------------
// Powers of two, exactly.

/** 2^j exactly for an integer |j| ≤ 60: the product of two int32 powers of two (each ≤ 2^30). */
function twoTo(j: number): number {
  const m = j < 0 ? -j : j, h = m >> 1;
  const q = (1 << h) * (1 << (m - h));
  return j < 0 ? 1 / q : q;
}

/**
 * y · 2^k rounded once, for y in [½, 2) and an integer k in [−1076, 1024] (expKernel does |k| ≤ 30
 * itself, faster). Steps of 2^60 first (exact) so that only the last product can round (into the
 * subnormals, or to infinity).
 */
function scale(y: number, k: number): number {
  const TWO60 = 1152921504606846976, TWOM60 = 1 / TWO60;
  if (k > 0) {
    while (k > 60) (y *= TWO60), (k -= 60); // exact: y · 2^k is still below 2^1024 until the last step
    return y * twoTo(k);
  }
  while (k < -1074) (y *= 0.5), ++k; // y stays normal, so this is exact; 2^k is then representable
  let p = 1;
  while (k < -60) (p *= TWOM60), (k += 60); // p = 2^k exactly (≥ 2^−1074)
  return y * (p * twoTo(k)); // the one rounding
}

/** floor(log2 x) for a finite x > 0: scale into [2^−32, 2^32) by exact powers of two (rarely needed), then Math.clz32. */
function exponentOf(x: number): number {
  const TWO32 = 4294967296, TWOM32 = 1 / TWO32;
  let k = 0;
  while (x >= TWO32) (x *= TWOM32), (k += 32);
  while (x < TWOM32) (x *= TWO32), (k -= 32);
  return k + (x >= 1 ? 31 - Math.clz32(x) : -1 - Math.clz32(x * TWO32));
}

/** x · 2^−k exactly, for a finite x > 0 and k = floor(log2 x) (giving [1, 2)) or one more (giving [½, 1)). */
function mantissaOf(x: number, k: number): number {
  if (k <= 30 && k >= -30) {
    const j = 30 - k, h = j >> 1; // 2^−k = 2^−30 · 2^h · 2^(j−h), every product exact (as in expKernel)
    return x * 9.313225746154785e-10 * (1 << h) * (1 << (j - h));
  }
  const TWO60 = 1152921504606846976, TWOM60 = 1 / TWO60;
  while (k > 60) (x *= TWOM60), (k -= 60);
  while (k < -60) (x *= TWO60), (k += 60);
  return x * twoTo(-k);
}

// ---------------------------------------------------------------------------------------------
// exp: fdlibm e_exp.c. x = k·ln2 + r with |r| ≤ ln2/2; exp(r) = 1 + r + r·c/(2 − c) where
// c = r − r²·P(r²) is a Remez fit of r·(e^r + 1)/(e^r − 1) − 2 (error < 2^−59); e^x = 2^k·exp(r).

/**
 * e^(x + tail − k·ln2) for k the integer nearest x/ln2 and a tail far below ulp(x): the kernel before
 * the scaling by 2^k, a number in [0.7, 1.42].
 */
function expReduced(x: number, k: number, tail: number): number {
  const LN2_HI = 6.93147180369123816490e-1; // ln 2 to 32 bits, so k · LN2_HI is exact for |k| < 2^21
  const LN2_LO = 1.90821492927058770002e-10; // ln 2 − LN2_HI
  const P1 = 1.66666666666666019037e-1, P2 = -2.77777777770155933842e-3, P3 = 6.61375632143793436117e-5;
  const P4 = -1.65339022054652515390e-6, P5 = 4.13813679705723846039e-8;
  const hi = x - k * LN2_HI; // exact: the two terms are close and k · LN2_HI has at most 43 bits
  const lo = k * LN2_LO - tail;
  const r = hi - lo; // x + tail − k·ln2, |r| ≤ 0.347
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  return 1 - (lo - (r * c) / (2 - c) - hi); // exp(r), summed so that hi and lo enter last
}

/** exp(x + tail) for a tail far below ulp(x), with x between the underflow and overflow thresholds (give or take 1). */
function expKernel(x: number, tail: number): number {
  const k = Math.floor(x * 1.44269504088896338700e0 + 0.5); // the integer nearest x/ln2 (ties up; either neighbour works)
  const y = expReduced(x, k, tail);
  if (k > 30 || k < -30) return scale(y, k);
  // 2^k = 2^−30 · 2^h · 2^(k+30−h) by int32 shifts, every product exact: no division, no branch on k's sign.
  const j = k + 30, h = j >> 1;
  return y * 9.313225746154785e-10 * (1 << h) * (1 << (j - h));
}

/**
 * e^x, within 1 ulp (fdlibm e_exp.c's algorithm). exp(±0) = 1, exp(−∞) = 0, exp(∞) = ∞,
 * exp(NaN) = NaN; overflows to ∞ above 709.782712893384, underflows to 0 below −745.1332191019411.
 */
export function exp(x: number): number {
  if (x <= 7.09782712893383973096e2 && x >= -7.45133219101941108420e2) return expKernel(x, 0);
  return x > 0 ? Infinity : x < 0 ? 0 : x; // beyond the thresholds, or NaN
}

// ---------------------------------------------------------------------------------------------
// log: fdlibm e_log.c as in musl. x = 2^k·(1 + f) with √2/2 < 1 + f ≤ √2, s = f/(2 + f):
// log(1 + f) = 2·atanh(s) = f − f²/2 + s·(f²/2 + R(s²)), R a Remez fit (error < 2^−58.45).

/** The part s·(f²/2 + R(s²)) of log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)), s = f/(2 + f), for |s| ≤ 0.1716. */
function logCorrection(f: number, hfsq: number): number {
  const LG1 = 6.666666666666735130e-1, LG2 = 3.999999999940941908e-1, LG3 = 2.857142874366239149e-1;
  const LG4 = 2.222219843214978396e-1, LG5 = 1.818357216161805012e-1, LG6 = 1.531383769920937332e-1;
  const LG7 = 1.479819860511658591e-1;
  const s = f / (2 + f);
  const z = s * s, w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6)); // the even and odd terms of R in two chains
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  return s * (hfsq + (t2 + t1));
}

/** The k of x = 2^k · m with √2/2 < m ≤ √2, for a finite x > 0. */
function reducedExponent(x: number): number {
  const k = exponentOf(x);
  return mantissaOf(x, k) > Math.SQRT2 ? k + 1 : k;
}

/**
 * The natural logarithm, within 1 ulp (fdlibm e_log.c's algorithm): log(1) = 0, log(±0) = −∞,
 * log(x < 0) = NaN, log(∞) = ∞, log(NaN) = NaN; subnormal x are inputs like any other.
 */
export function log(x: number): number {
  if (!(x > 0 && x < Infinity)) return x === 0 ? -Infinity : x < 0 ? NaN : x;
  const k = reducedExponent(x);
  const f = mantissaOf(x, k) - 1; // m − 1 with m in (√2/2, √2]: exact (Sterbenz)
  const hfsq = 0.5 * f * f;
  return logCorrection(f, hfsq) + k * 1.90821492927058770002e-10 - hfsq + f + k * 6.93147180369123816490e-1; // + k·(LN2_LO + LN2_HI)
}

/**
 * log10(x), within 1 ulp (musl's e_log10.c): log(1 + f) is carried as hi + lo with hi cut to 21 bits
 * so that hi times 1/ln10's top 32 bits is exact, and k·log10(2) is added in extra precision, so
 * log10(10^n) = n exactly.
 * Same special values as `log`.
 */
export function log10(x: number): number {
  if (!(x > 0 && x < Infinity)) return x === 0 ? -Infinity : x < 0 ? NaN : x;
  const IVLN10_HI = 4.34294481878168880939e-1; // 1/ln 10 to 32 bits
  const IVLN10_LO = 2.50829467116452752298e-11;
  const LOG10_2_HI = 3.01029995663611771306e-1; // log10(2) to 40 bits
  const LOG10_2_LO = 3.69423907715893078616e-13;
  const k = reducedExponent(x);
  const f = mantissaOf(x, k) - 1;
  const hfsq = 0.5 * f * f;
  const c = (f - hfsq) * 4294967297; // Veltkamp's split by 2^32 + 1 rounds f − f²/2 to its top 21 bits
  const hi = c - (c - (f - hfsq));
  const lo = f - hi - hfsq + logCorrection(f, hfsq); // hi + lo = log(1 + f)
  const y = k * LOG10_2_HI; // exact
  const valHi = hi * IVLN10_HI; // exact: 21 × 32 bits
  const valLo = k * LOG10_2_LO + (lo + hi) * IVLN10_LO + lo * IVLN10_HI;
  const w = y + valHi; // add k·log10(2) with its rounding error kept (fast two-sum)
  return valLo + (y - w + valHi) + w;
}

// ---------------------------------------------------------------------------------------------
// tanh by a table and the addition formula. With x_j = j/32 the grid point at or below |x| (j ≤ 640)
// and d = |x| − x_j in [0, 1/32) (exact: Sterbenz), T = tanh x_j and t = tanh d:
//   tanh|x| = (T + t)/(1 + T·t) = T + t − t·T·(T + t)/(1 + T·t).
// T comes from lib/tanh-table.ts as a double-double (hi + lo, computed with integers by
// scripts/tanh-table.js); t is d + d³·P(d²), P the Taylor series of (tanh(√z)/√z − 1)/z to z³ (the
// next term, 1382/155925·d¹¹, is below 2^−57 of d). T + t is added with its rounding error kept (a
// fast two-sum, exact as T ≥ t or T = 0), and that error joins lo and the correction
// t·T·(T + t)/(1 + T·t), which is small against t where the result is small (under 1% of t below
// x = 1/16): so one rounding counts in full and the others a fraction of an ulp, and nothing cancels.
// Worst error 0.75 ulp over 10⁶ inputs against mpmath, 1.5% not correctly rounded. From 20 on
// (clamped) the table's last entry gives 1 (1 − tanh 20 < 2^−56).
// No branch. The fdlibm-style tanh this replaces took a polynomial below 0.55 and e^{2|x|} above, a
// branch a network's pre-activations take at random, and a longer chain of dependent operations;
// inside a tanh-56 training step it cost about twice this one's time beyond a plain elementwise loop
// (bench/README.md, stop 12).
// Small and special inputs need no case of their own: below 2^−27, t = d = |x| and the result is x
// itself; Math.sign(x) puts the sign back and keeps −0 and NaN.

// The table under a name of this module's own: an imported binding is checked at every read (it could
// still be uninitialised in a cycle of imports), which made the bench's tanh line 0.52 of a product
// instead of 0.36–0.46 (Node 20).
const TABLE = TANH_TABLE;

/**
 * The hyperbolic tangent, within 1 ulp; tanh(±0) = ±0, tanh(±∞) = ±1, tanh(NaN) = NaN, odd to the
 * last bit. Written to be inlined into an activation loop by V8: no call is left but Math.abs,
 * Math.min and Math.sign (which compile to instructions).
 */
export function tanh(x: number): number {
  const a = Math.min(Math.abs(x), 20);
  const j = (a * 32) | 0;
  const d = a - j * 0.03125;
  const z = d * d, z2 = z * z;
  const t = d + d * z * (-0.3333333333333333 + z * 0.13333333333333333 + z2 * (-0.05396825396825397 + z * 0.021869488536155203));
  const T = TABLE[2 * j];
  const s = T + t; // rounded; (T − s) + t is what the rounding dropped, exactly (T ≥ t, or T = 0)
  const y = s + ((T - s) + t + (TABLE[2 * j + 1] - (t * T * s) / (1 + T * t)));
  return Math.sign(x) * y;
}

// ---------------------------------------------------------------------------------------------
// sin and cos: fdlibm's k_sin.c, k_cos.c and the "medium" case of e_rem_pio2.c, as in musl.
// x = n·π/2 + (y0 + y1) with |y0| ≤ π/4, where n·π/2 is subtracted in Cody–Waite steps with π/2
// split into 33-bit pieces (each n·piece exact for |n| ≤ 2^20): two steps give y0 + y1 to about
// 118 bits, a third one after a large cancellation to about 151 bits, enough for every double.

/** sin(x + y) for |x| ≤ π/4 and y a tail below ulp(x): x + x³·(S1 + x²·r(x²)) (k_sin.c; iy = 0 when there is no tail). */
function kernelSin(x: number, y: number, iy: 0 | 1): number {
  const S1 = -1.66666666666666324348e-1, S2 = 8.33333333332248946124e-3, S3 = -1.98412698298579493134e-4;
  const S4 = 2.75573137070700676789e-6, S5 = -2.50507602534068634195e-8, S6 = 1.58969099521155010221e-10;
  const z = x * x, w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (iy === 0) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1); // with the tail's first-order term y·cos x ≈ y − y·x²/2
}

/** cos(x + y) for |x| ≤ π/4: 1 − x²/2 + x⁴·r(x²) − x·y, with 1 − x²/2 summed in extra precision (k_cos.c). */
function kernelCos(x: number, y: number): number {
  const C1 = 4.16666666666666019037e-2, C2 = -1.38888888888741095749e-3, C3 = 2.48015872894767294178e-5;
  const C4 = -2.75573143513906633035e-7, C5 = 2.08757232129817482790e-9, C6 = -1.13596475577881948265e-11;
  const z = x * x, w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  const u = 1 - hz;
  return u + (1 - u - hz + (z * r - x * y)); // (1 − u − hz) is the rounding error of u
}

/** |a| mod d exactly, for finite a ≥ 0 and d > 0: subtract d·2^j for j from the largest down to 0, each exactly (Sterbenz). */
function remainder(a: number, d: number): number {
  let m = d;
  while (m <= a * 0.5) m *= 2;
  while (m >= d) {
    if (a >= m) a -= m; // m ≤ a < 2m here, so a − m is exact
    m *= 0.5;
  }
  return a;
}

/** sin x for quarter = 0, cos x = sin(x + π/2) for quarter = 1, when |x| > π/4. */
function reduced(x: number, quarter: 0 | 1): number {
  const INV_PIO2 = 6.36619772367581382433e-1;
  const PIO2_1 = 1.57079632673412561417e0; // the first 33 bits of π/2
  const PIO2_2 = 6.07710050630396597660e-11; // the next 33 bits
  const PIO2_2T = 2.02226624879595063154e-21; // π/2 − (PIO2_1 + PIO2_2)
  const PIO2_3 = 2.02226624871116645580e-21; // the next 33 bits
  const PIO2_3T = 8.47842766036889956997e-32; // π/2 − (PIO2_1 + PIO2_2 + PIO2_3)
  const a = Math.abs(x);
  if (!(a < Infinity)) return NaN; // ±∞ or NaN
  if (a > 1647099.3291652855) {
    // Beyond 2^20·π/2 the steps below would not be exact: first reduce modulo the double nearest 2π,
    // exactly. The result is a sine still, off by |x|·(2π − fl(2π))/(2π) ≈ |x|·3.9e−17.
    const b = remainder(a, 2 * Math.PI);
    x = x < 0 ? -b : b;
  }
  const fn = Math.round(x * INV_PIO2); // n, the nearest multiple of π/2 (|n| ≤ 2^20)
  const t = x - fn * PIO2_1; // exact: fn · PIO2_1 has at most 53 bits and is close to x
  // Second step: the next 33 bits (fn · PIO2_2 exact); w keeps the rounding error of t − w.
  let w = fn * PIO2_2;
  let r = t - w;
  w = fn * PIO2_2T - (t - r - w);
  let y0 = r - w;
  if (Math.abs(y0) < a * 7.105427357601002e-15) {
    // Third step, after a cancellation of 47 bits or more (e_rem_pio2.c asks for 49 in the exponent),
    // when t − w above was exact (Sterbenz) and w held fn · PIO2_2T alone, which this step refines.
    const u = r;
    w = fn * PIO2_3;
    r = u - w;
    w = fn * PIO2_3T - (u - r - w);
    y0 = r - w;
  }
  const y1 = r - y0 - w; // x − n·π/2 = y0 + y1
  switch (((fn | 0) + quarter) & 3) {
    case 0:
      return kernelSin(y0, y1, 1);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, 1);
    default:
      return -kernelCos(y0, y1);
  }
}

/**
 * sin x, within 1 ulp for |x| ≤ 2^20·π/2 ≈ 1.647e6 (fdlibm's algorithm; the engine's arguments stay
 * far below). Beyond, x is first reduced exactly modulo the double nearest 2π, so the result is still
 * in [−1, 1] and the same everywhere, but off by up to about |x|·3.9e−17 (6e−11 at 1.6e6, 4e−7 at
 * 1e10; meaningless past about 1e15). sin(±0) = ±0; sin(±∞) = sin(NaN) = NaN.
 */
export function sin(x: number): number {
  const a = Math.abs(x);
  if (a > 7.85398163397448278999e-1) return reduced(x, 0); // |x| > π/4
  return a < 1.4901161193847656e-8 ? x : kernelSin(x, 0, 0); // below 2^−26, sin x = x to the last bit (−0 stays −0)
}

/** cos x, within 1 ulp for |x| ≤ 2^20·π/2 ≈ 1.647e6; beyond, as `sin`. cos(±0) = 1; cos(±∞) = cos(NaN) = NaN. */
export function cos(x: number): number {
  const a = Math.abs(x);
  if (a > 7.85398163397448278999e-1) return reduced(x, 1);
  return a < 1.0536712127723509e-8 ? 1 : kernelCos(x, 0); // below 2^−27·√2, cos x = 1 to the last bit
}

// ---------------------------------------------------------------------------------------------
// pow: x^y = exp(y · log x) as in fdlibm's e_pow.c: log x in extra precision (here as double-double,
// about 2^−66 relative, from atanh's series in s = f/(2 + f)), y · log x as double-double, then the
// exp kernel with the low part as a tail, so that the rounding of y · log x, amplified by up to 745
// in the result, stays far below an ulp.

/** The rounding error of the product p = fl(a·b), exactly: Dekker's two-product with Veltkamp's split by 2^27 + 1 (|a|, |b| < 2^995). */
function productError(a: number, b: number, p: number): number {
  const ca = a * 134217729, ah = ca - (ca - a), al = a - ah;
  const cb = b * 134217729, bh = cb - (cb - b), bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Whether y is an odd integer. */
function isOdd(y: number): boolean {
  return Number.isInteger(y) && y % 2 !== 0;
}

/**
 * x^y, within 1 ulp, with ECMAScript's special cases (those of Math.pow and `**`): pow(x, ±0) = 1,
 * pow(±1, ±∞) = NaN, pow(x < 0, non-integer) = NaN, signed zeros and infinities by y's parity.
 */
export function pow(x: number, y: number): number {
  if (y !== y) return NaN;
  if (y === 0) return 1;
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (y === Infinity || y === -Infinity) return ax === 1 ? NaN : ax > 1 === y > 0 ? Infinity : 0;
  const negative = (x < 0 || Object.is(x, -0)) && isOdd(y);
  if (ax === 0 || ax === Infinity) {
    const big = ax === Infinity === y > 0; // ±∞ to a positive power, or ±0 to a negative one
    return negative ? (big ? -Infinity : -0) : big ? Infinity : 0;
  }
  if (x < 0 && !Number.isInteger(y)) return NaN;
  if (ax === 1) return negative ? -1 : 1;
  const LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10; // as in expKernel
  const TWO_THIRDS_HI = 0.6666666666666666, TWO_THIRDS_LO = 3.700743415417188e-17; // 2/3 = HI + LO
  // log ax = k·ln2 + log(1 + f), f = m − 1 exact, log(1 + f) = 2s + (2/3)s³ + (2/5)s⁵ + …, s = f/(2 + f).
  const k = reducedExponent(ax);
  const f = mantissaOf(ax, k) - 1;
  const u = 2 + f, ul = f - (u - 2); // u + ul = 2 + f exactly
  const s = f / u;
  const p = s * u; // f − s·(u + ul) is the error of s; f − p is exact (Sterbenz)
  const sl = (f - p - productError(s, u, p) - s * ul) / u; // s + sl = f/(2 + f) to about 2^−105
  const z = s * s;
  const zl = productError(s, s, z) + 2 * s * sl; // z + zl = (s + sl)²
  const s3 = s * z;
  const s3l = productError(s, z, s3) + s * zl + sl * z; // s3 + s3l = (s + sl)³
  const b = s3 * TWO_THIRDS_HI;
  const bl = productError(s3, TWO_THIRDS_HI, b) + s3l * TWO_THIRDS_HI + s3 * TWO_THIRDS_LO; // b + bl = (2/3)s³
  // The rest, s⁵·(2/5 + 2/7·z + … + 2/25·z¹⁰), is below 2^−12 of the total: plain doubles do.
  const rest = s3 * z * (2 / 5 + z * (2 / 7 + z * (2 / 9 + z * (2 / 11 + z * (2 / 13 + z * (2 / 15 + z * (2 / 17 + z * (2 / 19 + z * (2 / 21 + z * (2 / 23 + z * (2 / 25)))))))))));
  const a1 = 2 * s + b; // 2s + (2/3)s³, its rounding error kept (fast two-sum: |2s| ≥ |b|)
  const a1l = 2 * s - a1 + b + (2 * sl + bl + rest);
  const kh = k * LN2_HI; // exact
  const h = kh + a1; // + k·ln2 (two-sum: either term may be the larger)
  const bv = h - kh;
  const hl = kh - (h - bv) + (a1 - bv) + (a1l + k * LN2_LO);
  const lh = h + hl, ll = hl - (lh - h); // log ax = lh + ll
  // y · log ax in double-double, after the cases far out of range (|log ax| ≥ 1.1e−16, so below them
  // |y| < 7e18 and the split in productError cannot overflow).
  const e = y * lh;
  if (e > 710 || e < -746) return (e > 0 ? Infinity : 0) * (negative ? -1 : 1);
  const el = productError(y, lh, e) + y * ll;
  const eh = e + el, et = el - (eh - e);
  const result = expKernel(eh, et); // past the thresholds its last product overflows or underflows by itself
  return negative ? -result : result;
}

// ---------------------------------------------------------------------------------------------
// hypot

/**
 * √(x² + y²) without overflow or underflow in between (exact scaling by 2^∓600 when the larger of
 * |x|, |y| is above 2^500 or below 2^−500), within 2 ulp (worst measured 1.15). hypot(±∞, anything) = ∞,
 * else NaN in, NaN out.
 */
export function hypot(x: number, y: number): number {
  const TWO500 = 3.273390607896142e150, TWO600 = 4.149515568880993e180, TWOM600 = 1 / TWO600;
  let a = Math.abs(x), b = Math.abs(y);
  if (a === Infinity || b === Infinity) return Infinity;
  if (a !== a || b !== b) return NaN;
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  if (a === 0) return 0;
  if (a > TWO500) return TWO600 * Math.sqrt(a * TWOM600 * (a * TWOM600) + b * TWOM600 * (b * TWOM600));
  if (a < 1 / TWO500) return TWOM600 * Math.sqrt(a * TWO600 * (a * TWO600) + b * TWO600 * (b * TWO600));
  return Math.sqrt(a * a + b * b);
}
