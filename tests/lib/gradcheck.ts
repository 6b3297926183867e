/**
 * Finite-difference gradient checks in float64. The scalar checked is L = Σ r ⊙ layer(x) for a fixed
 * random r, so ∂L/∂y = r, and every analytic derivative is compared with a central difference.
 */
import {type Layer} from "../../lib/index.js";
import {randomNormal, randomSeeded} from "../../lib/random.js";

// A five-point central difference, error O(h⁴): at h = 1e-4 truncation is negligible and rounding
// (about 1e-16 · |L| / h) stays near 1e-12, so even the tiny gradients of deep sigmoid stacks resolve.
const H = 1e-4;

/** |a − n| / max(|a|, |n|, floor): relative, with a floor so that exact zeros do not divide by zero. */
export function relativeError(a: number, n: number, floor = 1e-7): number {
  return Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);
}

export function normals(n: number, seed: number, scale = 1): Float64Array {
  const normal = randomNormal(randomSeeded(seed));
  return Float64Array.from({length: n}, () => scale * normal());
}

/** ‖a − n‖ / max(‖a‖, ‖n‖): the error of a whole tensor relative to its size. */
export function normwiseError(a: Float64Array, n: Float64Array): number {
  let d = 0, sa = 0, sn = 0;
  for (let i = 0; i < a.length; ++i) {
    d += (a[i] - n[i]) ** 2;
    sa += a[i] ** 2;
    sn += n[i] ** 2;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(sa), Math.sqrt(sn), 1e-300);
}

/**
 * Max relative error of ∂L/∂x and of every parameter's ∂L/∂w for `layer` on a seeded batch.
 * metric "elementwise" (default) takes the worst entry; "norm" compares each tensor as a whole, which
 * deep networks need: their early gradients can be so small (that is the vanishing gradient) that a
 * finite difference of L, whose rounding error is about 1e-16 · |L| / h, cannot resolve each entry.
 */
export function gradcheck(layer: Layer, batch: number, {seed = 1, training = true, inputScale = 1, metric = "elementwise"} = {}): {dx: number; params: Record<string, number>} {
  const x = normals(batch * layer.inSize, seed, inputScale);
  const r = normals(batch * layer.outSize, seed + 1);
  const loss = () => {
    const y = layer.forward(x, batch, training);
    let s = 0;
    for (let i = 0; i < r.length; ++i) s += r[i] * y[i];
    return s;
  };
  loss();
  const dx = Float64Array.from(layer.backward(r, batch).subarray(0, x.length));
  const dws = layer.params.map((p) => Float64Array.from(p.dw));
  const numeric = (a: Float64Array, i: number) => {
    const v = a[i];
    const at = (t: number) => {
      a[i] = v + t;
      return loss();
    };
    const d = (8 * (at(H) - at(-H)) - (at(2 * H) - at(-2 * H))) / (12 * H);
    a[i] = v;
    return d;
  };
  const error = (analytic: Float64Array, a: Float64Array) => {
    const n = Float64Array.from(a, (_, i) => numeric(a, i));
    if (metric === "norm") return normwiseError(analytic, n);
    let e = 0;
    for (let i = 0; i < a.length; ++i) e = Math.max(e, relativeError(analytic[i], n[i]));
    return e;
  };
  const dxError = error(dx, x);
  const params: Record<string, number> = {};
  layer.params.forEach((p, k) => (params[`${k}:${p.name}`] = error(dws[k], p.w)));
  return {dx: dxError, params};
}

/** The largest error of a gradcheck result. */
export function maxError({dx, params}: {dx: number; params: Record<string, number>}): number {
  return Math.max(dx, ...Object.values(params));
}
