/**
 * The residual block, the whole idea of Plus x in one layer:
 *   z = λ · S(x) + α · F(x),  y = post(z)
 * F is the branch (any layer, usually a small chain), S the shortcut (identity, or a projection when
 * shapes change), λ a fixed scale on the skip and α an optional learned scalar on the branch (ReZero).
 * With `skip: false` the same block drops the λ · S(x) term: the plain network of the same spec.
 * Backward: dz = post'(z) ⊙ dy;  dx = F'(x)ᵀ (α dz) + λ S'(x)ᵀ dz, the "1 + F'" of the tutorial.
 */
import {ensure, param, type Layer, type Param} from "./layer.js";

export interface ResidualOptions {
  /** Keep the skip term (residual) or drop it (plain). Default true. */
  skip?: boolean;
  /** The shortcut S; null (default) is the identity, which needs branch.outSize === branch.inSize. */
  shortcut?: Layer | null;
  /** λ, a fixed scale on the skip. Default 1. */
  scale?: number;
  /** If a number, α is a learned scalar on the branch starting there (ReZero starts at 0). Default: none. */
  alpha?: number | null;
  /** An activation applied after the sum (post-activation, He et al. 2015). Default none. */
  post?: Layer | null;
}

export interface Residual extends Layer {
  readonly kind: "residual";
  readonly branch: Layer;
  readonly shortcut: Layer | null;
  readonly skip: boolean;
  readonly scale: number;
  readonly alpha: Param | null;
  readonly post: Layer | null;
}

export function residual(branch: Layer, {skip = true, shortcut = null, scale = 1, alpha = null, post = null}: ResidualOptions = {}): Residual {
  const inSize = branch.inSize, size = branch.outSize;
  if (skip && shortcut === null && inSize !== size) {
    throw new RangeError(`invalid shortcut: identity, but the branch maps ${inSize} numbers to ${size} (use a projection)`);
  }
  if (shortcut && (shortcut.inSize !== inSize || shortcut.outSize !== size)) {
    throw new RangeError(`invalid shortcut: maps ${shortcut.inSize} to ${shortcut.outSize}, the branch ${inSize} to ${size}`);
  }
  if (post && (post.inSize !== size || post.outSize !== size)) {
    throw new RangeError(`invalid post layer: maps ${post.inSize} to ${post.outSize}, expected ${size} to ${size}`);
  }
  const alphaParam = alpha === null ? null : param("alpha", 1, false);
  if (alphaParam) alphaParam.w[0] = alpha!;
  const useShortcut = skip ? shortcut : null;
  // Speed: without a learned α the branch's own output and gradient buffers serve as z and dz (α = 1
  // would multiply by 1, an exact no-op), and a plain block's dx is the branch's dx: no copies.
  let zBuffer: Float64Array = new Float64Array(0);
  let f: Float64Array = new Float64Array(0);
  let dz: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  return {
    kind: "residual",
    inSize,
    outSize: size,
    branch,
    shortcut: useShortcut,
    skip,
    scale,
    alpha: alphaParam,
    post,
    params: [...branch.params, ...(useShortcut ? useShortcut.params : []), ...(alphaParam ? [alphaParam] : []), ...(post ? post.params : [])],
    forward(x, batch, training) {
      const n = batch * size;
      f = branch.forward(x, batch, training);
      let z = f; // plain, no α: z = F(x) itself
      if (alphaParam || skip) {
        zBuffer = z = ensure(zBuffer, n);
        const s = skip ? (useShortcut ? useShortcut.forward(x, batch, training) : x) : null;
        if (alphaParam) {
          const a = alphaParam.w[0];
          if (s) for (let i = 0; i < n; ++i) z[i] = scale * s[i] + a * f[i];
          else for (let i = 0; i < n; ++i) z[i] = a * f[i];
        } else if (s) {
          for (let i = 0; i < n; ++i) z[i] = scale * s[i] + f[i]; // the +x
        }
      }
      return post ? post.forward(z, batch, training) : z;
    },
    backward(dy, batch) {
      const n = batch * size, m = batch * inSize;
      const g = post ? post.backward(dy, batch) : dy;
      let dzBranch = g; // no α: ∂L/∂F = ∂L/∂z
      if (alphaParam) {
        const a = alphaParam.w[0];
        let s = 0; // ∂L/∂α = Σ dz ⊙ F(x)
        for (let i = 0; i < n; ++i) s += g[i] * f[i];
        alphaParam.dw[0] = s;
        dzBranch = dz = ensure(dz, n);
        for (let i = 0; i < n; ++i) dz[i] = a * g[i];
      }
      const dxBranch = branch.backward(dzBranch, batch);
      if (!skip) return dxBranch; // plain: dx = F'(x)ᵀ dz, the branch's own buffer
      dx = ensure(dx, m);
      if (useShortcut) {
        dz = ensure(dz, n);
        for (let i = 0; i < n; ++i) dz[i] = scale * g[i];
        const ds = useShortcut.backward(dz, batch);
        for (let i = 0; i < m; ++i) dx[i] = dxBranch[i] + ds[i];
      } else {
        for (let i = 0; i < m; ++i) dx[i] = dxBranch[i] + scale * g[i]; // the +x: the gradient passes through unchanged
      }
      return dx;
    }
  };
}
