/**
 * The contract every layer keeps (after convnetjs): parameters live in typed arrays next to their
 * gradients (w, dw); forward caches what backward needs; buffers are owned by the layer and grow only
 * when a larger batch arrives, so a training step at a fixed batch size allocates nothing.
 */

/** A parameter tensor and its gradient, flat. */
export interface Param {
  readonly name: string;
  readonly w: Float64Array;
  readonly dw: Float64Array;
  /** Whether weight decay applies (weights yes; biases, norm scales and gains no). */
  readonly decay: boolean;
}

export interface Layer {
  readonly kind: string;
  /** Numbers per example going in and coming out. */
  readonly inSize: number;
  readonly outSize: number;
  readonly params: readonly Param[];
  /** y = layer(x) for `batch` examples stored row by row; the returned buffer is the layer's own. */
  forward(x: Float64Array, batch: number, training: boolean): Float64Array;
  /** Given dL/dy for the last forward, sets every param's dw and returns dL/dx (the layer's own buffer). */
  backward(dy: Float64Array, batch: number): Float64Array;
}

/** Returns `buffer` if it holds at least n numbers, else a new one that does. */
export function ensure(buffer: Float64Array, n: number): Float64Array {
  return buffer.length >= n ? buffer : new Float64Array(n);
}

export function param(name: string, size: number, decay: boolean): Param {
  return {name, w: new Float64Array(size), dw: new Float64Array(size), decay};
}

/**
 * The Euclidean norm of the first n entries. Four running sums (entries i mod 4), not one: each
 * addition then waits on the one four entries back, not on the last, so the loop runs at the rate
 * the processor can add rather than at the latency of one addition (networks take this norm of every
 * layer's gradient at every step).
 */
export function norm(a: Float64Array, n = a.length): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i] * a[i];
    s1 += a[i + 1] * a[i + 1];
    s2 += a[i + 2] * a[i + 2];
    s3 += a[i + 3] * a[i + 3];
  }
  for (; i < n; ++i) s0 += a[i] * a[i];
  return Math.sqrt(s0 + s1 + (s2 + s3));
}
