/**
 * This machine's single-thread JavaScript matmul peak: C = A · B for A [M][K], B [K][N] in
 * Float64Arrays (M = 128 examples, K = N = 32, the shapes of one dense layer of the benchmark),
 * measured for several loop orders and register blockings; the peak is the best median.
 * These kernels stand alone (they do not import lib/), so the peak is a yardstick, not our code.
 */
import {median} from "./stats.js";

/** C = A · B, A [M][K], B [K][N], C [M][N], row-major. */
type Kernel = (A: Float64Array, B: Float64Array, C: Float64Array, M: number, K: number, N: number) => void;

/** The textbook triple loop: a dot product per entry, B read down a column. */
function naive(A: Float64Array, B: Float64Array, C: Float64Array, M: number, K: number, N: number): void {
  for (let i = 0; i < M; ++i) {
    for (let j = 0; j < N; ++j) {
      let s = 0;
      for (let k = 0; k < K; ++k) s += A[i * K + k] * B[k * N + j];
      C[i * N + j] = s;
    }
  }
}

/** i-k-j order: each A[i][k] scales a contiguous row of B into a row of C (an axpy). */
function ikj(A: Float64Array, B: Float64Array, C: Float64Array, M: number, K: number, N: number): void {
  C.fill(0, 0, M * N);
  for (let i = 0; i < M; ++i) {
    const c = i * N;
    for (let k = 0; k < K; ++k) {
      const a = A[i * K + k], bk = k * N;
      for (let j = 0; j < N; ++j) C[c + j] += a * B[bk + j];
    }
  }
}

/** A 1 × 4 register block: one row of A against four columns of B, four accumulators. */
function block1x4(A: Float64Array, B: Float64Array, C: Float64Array, M: number, K: number, N: number): void {
  for (let i = 0; i < M; ++i) {
    const a = i * K;
    for (let j = 0; j < N; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let k = 0, b = j; k < K; ++k, b += N) {
        const x = A[a + k];
        c0 += x * B[b]; c1 += x * B[b + 1]; c2 += x * B[b + 2]; c3 += x * B[b + 3];
      }
      const c = i * N + j;
      C[c] = c0; C[c + 1] = c1; C[c + 2] = c2; C[c + 3] = c3;
    }
  }
}

/** A 2 × 4 register block: eight accumulators, six loads per eight multiply-adds. */
function block2x4(A: Float64Array, B: Float64Array, C: Float64Array, M: number, K: number, N: number): void {
  for (let i = 0; i < M; i += 2) {
    const a0 = i * K, a1 = a0 + K;
    for (let j = 0; j < N; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      for (let k = 0, b = j; k < K; ++k, b += N) {
        const x0 = A[a0 + k], x1 = A[a1 + k];
        const b0 = B[b], b1 = B[b + 1], b2 = B[b + 2], b3 = B[b + 3];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
      }
      let c = i * N + j;
      C[c] = c00; C[c + 1] = c01; C[c + 2] = c02; C[c + 3] = c03;
      c += N;
      C[c] = c10; C[c + 1] = c11; C[c + 2] = c12; C[c + 3] = c13;
    }
  }
}

/** A 4 × 4 register block: sixteen accumulators, eight loads per sixteen multiply-adds. */
function block4x4(A: Float64Array, B: Float64Array, C: Float64Array, M: number, K: number, N: number): void {
  for (let i = 0; i < M; i += 4) {
    const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
    for (let j = 0; j < N; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, b = j; k < K; ++k, b += N) {
        const b0 = B[b], b1 = B[b + 1], b2 = B[b + 2], b3 = B[b + 3];
        let x = A[a0 + k];
        c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
        x = A[a1 + k];
        c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
        x = A[a2 + k];
        c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
        x = A[a3 + k];
        c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
      }
      let c = i * N + j;
      C[c] = c00; C[c + 1] = c01; C[c + 2] = c02; C[c + 3] = c03;
      c += N;
      C[c] = c10; C[c + 1] = c11; C[c + 2] = c12; C[c + 3] = c13;
      c += N;
      C[c] = c20; C[c + 1] = c21; C[c + 2] = c22; C[c + 3] = c23;
      c += N;
      C[c] = c30; C[c + 1] = c31; C[c + 2] = c32; C[c + 3] = c33;
    }
  }
}

/** A 4 × 2 register block: four rows of A against two columns of B. */
function block4x2(A: Float64Array, B: Float64Array, C: Float64Array, M: number, K: number, N: number): void {
  for (let i = 0; i < M; i += 4) {
    const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
    for (let j = 0; j < N; j += 2) {
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      for (let k = 0, b = j; k < K; ++k, b += N) {
        const b0 = B[b], b1 = B[b + 1];
        const x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
        c00 += x0 * b0; c01 += x0 * b1; c10 += x1 * b0; c11 += x1 * b1;
        c20 += x2 * b0; c21 += x2 * b1; c30 += x3 * b0; c31 += x3 * b1;
      }
      let c = i * N + j;
      C[c] = c00; C[c + 1] = c01;
      c += N;
      C[c] = c10; C[c + 1] = c11;
      c += N;
      C[c] = c20; C[c + 1] = c21;
      c += N;
      C[c] = c30; C[c + 1] = c31;
    }
  }
}

export const kernels: Record<string, Kernel> = {naive, ikj, block1x4, block2x4, block4x2, block4x4};

export interface PeakResult {
  /** Median flop/s of each kernel. */
  readonly perKernel: Record<string, number>;
  readonly best: string;
  /** The best kernel's median flop/s: the peak. */
  readonly flops: number;
  /** The kernels agree with the naive one to this max absolute difference (a check that they compute C). */
  readonly maxDifference: number;
  /** Flops of one product. */
  readonly flopPerCall: number;
  /** Runs the best kernel once on the same operands, to time it again beside other work. */
  runBest(): void;
}

/**
 * Measures every kernel on M × K @ K × N, interleaved (round-robin) so that load on a shared machine
 * hits them alike; each sample times about sampleMs of products on `clock` (ms; default wall time).
 */
export function matmulPeak({M = 128, K = 32, N = 32, rounds = 15, sampleMs = 12, random, clock = () => performance.now()}: {M?: number; K?: number; N?: number; rounds?: number; sampleMs?: number; random: () => number; clock?: () => number}): PeakResult {
  const A = Float64Array.from({length: M * K}, () => random() - 0.5);
  const B = Float64Array.from({length: K * N}, () => random() - 0.5);
  const C = new Float64Array(M * N), reference = new Float64Array(M * N);
  naive(A, B, reference, M, K, N);
  const flop = 2 * M * K * N;
  const names = Object.keys(kernels);
  let maxDifference = 0;
  const calls: Record<string, number> = {}, samples: Record<string, number[]> = {};
  for (const name of names) {
    const kernel = kernels[name];
    C.fill(NaN);
    kernel(A, B, C, M, K, N);
    for (let i = 0; i < C.length; ++i) maxDifference = Math.max(maxDifference, Math.abs(C[i] - reference[i]));
    // Warm up (let the JIT optimise), then size a sample to about sampleMs.
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < 150 || n < 50) kernel(A, B, C, M, K, N), ++n;
    calls[name] = Math.max(1, Math.round((n * sampleMs) / (performance.now() - start)));
    samples[name] = [];
  }
  for (let r = 0; r < rounds; ++r) {
    for (let k = 0; k < names.length; ++k) {
      const name = names[(k + r) % names.length], kernel = kernels[name], n = calls[name];
      const t = clock();
      for (let c = 0; c < n; ++c) kernel(A, B, C, M, K, N);
      samples[name].push((flop * n) / ((clock() - t) / 1000));
    }
  }
  const perKernel: Record<string, number> = {};
  for (const name of names) perKernel[name] = median(samples[name]);
  const best = names.reduce((a, b) => (perKernel[b] > perKernel[a] ? b : a));
  const bestKernel = kernels[best];
  return {perKernel, best, flops: perKernel[best], maxDifference, flopPerCall: flop, runBest: () => bestKernel(A, B, C, M, K, N)};
}
