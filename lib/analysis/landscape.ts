/**
 * Loss-landscape slices (Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the loss landscape of
 * neural nets", arXiv:1712.09913): the loss on the plane θ* + a·δ + b·η through trained weights θ*,
 * spanned by two random directions δ, η that are filter-normalised.
 *
 * Why normalise: a ReLU network computes the same function when one layer's weights are multiplied by
 * c > 0 and the next layer's by 1/c, yet a raw random step of fixed size is large for the small layer and
 * negligible for the big one, so raw slices of equivalent networks look different. Li et al. rescale
 * the direction filter by filter to the size of the weights it perturbs:
 *   d_{i,j} ← d_{i,j} / ‖d_{i,j}‖ · ‖θ_{i,j}‖,
 * for filter j of layer i. For a dense layer y = W x + b a "filter" is one output unit's row of W; for a
 * convolution, one output channel's kernel. Like Li et al. (their default), we leave out biases and the
 * scales and shifts of normalisation layers (and ReZero's α): their direction entries are zero, so the
 * plane moves only the weight matrices.
 */
import {checkInteger, checkNumber} from "../check.js";
import {type Dataset} from "../datasets.js";
import {hypot} from "../fmath.js";
import {type Layer, type Param} from "../layer.js";
import {deriveSeed, randomNormal, randomSeeded, type Random} from "../random.js";
import {evaluate, type LossName, type Model} from "../train.js";

/** A parameter and the number of filters (rows) it splits into; 0: not a filter weight, left out. */
export interface FilterParam {
  readonly w: Float64Array;
  /** Rows of equal length in w (a dense layer's output units, a convolution's output channels); 0 to leave w out. */
  readonly filters: number;
}

/**
 * Pairs every parameter of `model` (in model.params order) with its filter count: a dense layer's W
 * has one filter per output unit, a convolution's W one per output channel, and everything else
 * (biases, norm scales and shifts, α) has 0. Finds the layers by walking the model's nested layers
 * (any field holding a Layer or an array of Layers: stem, blocks, branch, shortcut, ...).
 */
export function filterParams(model: {readonly params: readonly Param[]}): FilterParam[] {
  const filters = new Map<Float64Array, number>();
  const seen = new Set<object>();
  const visit = (layer: Layer) => {
    if (seen.has(layer)) return;
    seen.add(layer);
    const weighted = layer as Layer & {W?: Float64Array; outChannels?: number};
    if (layer.kind === "dense" && weighted.W) filters.set(weighted.W, layer.outSize);
    if (layer.kind === "conv2d" && weighted.W && weighted.outChannels) filters.set(weighted.W, weighted.outChannels);
    for (const value of Object.values(layer)) {
      if (isLayer(value)) visit(value);
      else if (Array.isArray(value)) for (const item of value) if (isLayer(item)) visit(item);
    }
  };
  if (isLayer(model)) visit(model);
  return model.params.map((p) => ({w: p.w, filters: filters.get(p.w) ?? 0}));
}

function isLayer(value: unknown): value is Layer {
  return typeof value === "object" && value !== null && typeof (value as Layer).forward === "function" && Array.isArray((value as Layer).params);
}

/** Total numbers across the parameters: the length of a direction. */
function totalLength(params: readonly {readonly w: Float64Array}[]): number {
  let n = 0;
  for (const p of params) n += p.w.length;
  return n;
}

/**
 * A random direction in parameter space (one flat array, the parameters laid end to end in order),
 * filter-normalised: each filter's entries are drawn N(0, 1), then scaled so the filter has the norm
 * of the weights it perturbs (a filter of all-zero weights gets a zero direction). Entries of
 * parameters with 0 filters are zero.
 * @param random the source of the Gaussian draws (seeded, e.g. randomSeeded(deriveSeed(seed, 1)))
 */
export function filterNormalizedDirection(params: readonly FilterParam[], random: Random): Float64Array {
  const normal = randomNormal(random);
  const d = new Float64Array(totalLength(params));
  let offset = 0;
  for (const {w, filters} of params) {
    if (filters !== 0) {
      checkInteger("filters", filters, 1, w.length);
      if (w.length % filters !== 0) throw new RangeError(`invalid filters: ${filters} (expected a divisor of the parameter's ${w.length} numbers)`);
      const size = w.length / filters;
      for (let j = 0; j < filters; ++j) {
        const start = offset + j * size;
        let dd = 0, ww = 0;
        for (let k = 0; k < size; ++k) {
          const z = normal(); // d ~ N(0, I)
          d[start + k] = z;
          dd += z * z;
          ww += w[j * size + k] * w[j * size + k];
        }
        if (ww === 0 || dd === 0) {
          d.fill(0, start, start + size); // nothing to perturb in a filter of zero weights
          continue;
        }
        const scale = Math.sqrt(ww / dd); // ‖θ_j‖ / ‖d_j‖
        for (let k = 0; k < size; ++k) d[start + k] *= scale;
      }
    }
    offset += w.length;
  }
  return d;
}

/**
 * The two filter-normalised directions of a model's plane, δ from the stream deriveSeed(seed, 1) and η
 * from deriveSeed(seed, 2), so a seed names the plane.
 */
export function planeDirections(model: {readonly params: readonly Param[]}, seed: number): [Float64Array, Float64Array] {
  const params = filterParams(model);
  return [filterNormalizedDirection(params, randomSeeded(deriveSeed(seed, 1))), filterNormalizedDirection(params, randomSeeded(deriveSeed(seed, 2)))];
}

export interface LossPlaneOptions {
  /** δ and η, each one flat array over model.params (as filterNormalizedDirection returns). */
  directions: readonly [Float64Array, Float64Array];
  /** The plane spans a, b ∈ [−range, range]. Default 1 (Li et al.'s choice), at most 100. */
  range?: number;
  /** Points per side, an odd number from 3 to 101 (so (0, 0) is on the grid). Default 21. */
  resolution?: number;
  /** Default "softmax" when the data has classes, else "mse". */
  loss?: LossName;
}

/** One row of the plane: every a at one b. */
export interface LossPlaneRow {
  /** Row number, 0 to resolution − 1 (b rising). */
  index: number;
  /** The coordinate along η of this row. */
  b: number;
  /** The coordinates along δ, the same for every row. */
  a: number[];
  /** The mean loss on all of the data at each (a, b), evaluated with training = false; null where not finite. */
  losses: (number | null)[];
}

/**
 * The grid coordinates: resolution points evenly spaced from −range to range. The fraction is formed
 * from integers first, so the middle point is exactly 0 and the ends exactly ±range.
 */
export function planeCoordinates(range: number, resolution: number): number[] {
  const m = resolution - 1;
  return Array.from({length: resolution}, (_, i) => range * ((2 * i - m) / m));
}

/**
 * The loss on the plane θ(a, b) = θ* + a·δ + b·η, one row (one b) per next(), so a page or worker can
 * show rows as they complete and stop early. The model's parameters are moved in place and restored
 * to θ* when the generator finishes or is returned early. Batch norms use their running statistics
 * (training = false), as in evaluation.
 */
export function lossPlane(model: Model, data: Dataset, options: LossPlaneOptions): Generator<LossPlaneRow, void, undefined> {
  if (options === null || typeof options !== "object") throw new TypeError(`invalid plane options: ${String(options)}`);
  const {directions, range = 1, resolution = 21, loss} = options;
  checkNumber("range", range, 1e-12, 100);
  checkInteger("resolution", resolution, 3, 101);
  if (resolution % 2 === 0) throw new RangeError(`invalid resolution: ${resolution} (expected an odd number, so that (0, 0) is on the grid)`);
  const n = totalLength(model.params);
  if (!Array.isArray(directions) || directions.length !== 2) throw new RangeError(`invalid directions: expected two arrays, got ${String(directions)}`);
  for (const [k, d] of directions.entries()) {
    if (!(d instanceof Float64Array) || d.length !== n) {
      throw new RangeError(`invalid direction ${k + 1}: ${d instanceof Float64Array ? `${d.length} numbers` : String(d)} (expected a Float64Array of ${n}, one per parameter)`);
    }
  }
  evaluate(model, data, loss); // validates the model and data now, not at the first next()
  return plane(model, data, directions, planeCoordinates(range, resolution), loss);
}

function* plane(model: Model, data: Dataset, [delta, eta]: readonly [Float64Array, Float64Array], coords: number[], loss: LossName | undefined): Generator<LossPlaneRow, void, undefined> {
  const params = model.params;
  const origin = params.map((p) => p.w.slice()); // θ*
  // θ ← θ* + a δ + b η, parameter by parameter along the flat directions.
  const moveTo = (a: number, b: number) => {
    let offset = 0;
    params.forEach((p, i) => {
      const w = p.w, w0 = origin[i];
      for (let k = 0; k < w.length; ++k) w[k] = w0[k] + a * delta[offset + k] + b * eta[offset + k];
      offset += w.length;
    });
  };
  try {
    for (let index = 0; index < coords.length; ++index) {
      const b = coords[index];
      const losses = coords.map((a) => {
        moveTo(a, b);
        return evaluate(model, data, loss).loss;
      });
      yield {index, b, a: coords, losses};
    }
  } finally {
    params.forEach((p, i) => p.w.set(origin[i])); // back to θ*
  }
}

/** What a plane's grid looks like, in numbers a caption can say. */
export interface PlaneShape {
  /** The loss at (0, 0), the trained weights (null if the grid has no middle point or it is not finite). */
  centre: number | null;
  /** The lowest and highest finite loss on the grid (null if none). */
  min: number | null;
  max: number | null;
  /** Where the lowest loss is, as (a, b) grid indices. */
  argmin: [number, number] | null;
  /** Interior points lower than all 8 neighbours: the slice's local minima. */
  localMinima: number;
  /**
   * The fraction of interior points (with finite neighbours) where the slice curves down in some
   * direction: the 2×2 finite-difference Hessian of the loss has a negative eigenvalue. A convex bowl
   * gives 0; a 2-D stand-in for the Hessian eigenvalue ratio |λmin/λmax| that Li et al. map.
   */
  concaveFraction: number;
  /** Interior points the fraction counts. */
  interior: number;
}

/**
 * Counts the local minima and the points of negative curvature of a grid of losses, grid[row][column]
 * (rows along b, columns along a, equally spaced; null where not finite), as lossPlane yields them.
 */
export function planeShape(grid: readonly (readonly (number | null)[])[]): PlaneShape {
  const rows = grid.length, cols = rows > 0 ? grid[0].length : 0;
  const at = (i: number, j: number) => grid[i]?.[j] ?? null;
  let min: number | null = null, max: number | null = null, argmin: [number, number] | null = null;
  for (let i = 0; i < rows; ++i) {
    for (let j = 0; j < grid[i].length; ++j) {
      const v = grid[i][j];
      if (v === null || !Number.isFinite(v)) continue;
      if (min === null || v < min) (min = v), (argmin = [j, i]);
      if (max === null || v > max) max = v;
    }
  }
  let localMinima = 0, concave = 0, interior = 0;
  for (let i = 1; i < rows - 1; ++i) {
    for (let j = 1; j < cols - 1; ++j) {
      const around = [at(i - 1, j - 1), at(i - 1, j), at(i - 1, j + 1), at(i, j - 1), at(i, j + 1), at(i + 1, j - 1), at(i + 1, j), at(i + 1, j + 1)];
      const v = at(i, j);
      if (v === null || around.some((u) => u === null)) continue;
      const [nw, n, ne, w, e, sw, s, se] = around as number[];
      if (around.every((u) => (u as number) > v)) ++localMinima;
      // Second differences (grid spacing 1): f_aa, f_bb and the mixed f_ab.
      const faa = e - 2 * v + w, fbb = s - 2 * v + n, fab = (se - sw - ne + nw) / 4;
      // The smaller eigenvalue of [[f_aa, f_ab], [f_ab, f_bb]]: mean − √(half-difference² + f_ab²).
      const lower = (faa + fbb) / 2 - hypot((faa - fbb) / 2, fab);
      ++interior;
      if (lower < 0) ++concave;
    }
  }
  const middle = rows % 2 === 1 && cols % 2 === 1 ? at((rows - 1) / 2, (cols - 1) / 2) : null;
  return {centre: middle, min, max, argmin, localMinima, concaveFraction: interior > 0 ? concave / interior : 0, interior};
}
