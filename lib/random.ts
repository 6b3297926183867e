/**
 * Seeded randomness. Nothing in Plus x calls Math.random: every init, dataset and shuffle takes a
 * `Random` made here, so the same seed gives the same numbers, bit for bit, on every machine (the
 * normal draws use lib/fmath.ts's log, sin and cos, whose bits do not depend on the runtime).
 */
import {cos, log, sin} from "./fmath.js";

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

const UINT32 = 4294967296;

/** Checks that a seed is an integer in [0, 2^32). */
export function checkSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed >= UINT32) {
    throw new RangeError(`invalid seed: ${seed} (expected an integer from 0 to 4294967295)`);
  }
  return seed;
}

/** splitmix32: spreads one 32-bit seed into well-mixed state words. */
function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A uniform generator on [0, 1) from a 32-bit seed (sfc32, seeded by splitmix32).
 * @param seed an integer from 0 to 2^32 - 1
 */
export function randomSeeded(seed: number): Random {
  const mix = splitmix32(checkSeed(seed));
  let a = mix(), b = mix(), c = mix(), d = mix();
  const random = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / UINT32;
  };
  for (let i = 0; i < 12; ++i) random(); // discard the first outputs, as sfc32's authors advise
  return random;
}

/**
 * A child seed from a seed and a path of integer keys (a layer's index, say), so that each part of a
 * network draws from its own stream: adding a layer never shifts the weights of the others.
 */
export function deriveSeed(seed: number, ...keys: number[]): number {
  let h = checkSeed(seed) ^ 0x5bd1e995;
  for (const key of keys) {
    h = Math.imul(h ^ (key >>> 0), 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
    h = Math.imul(h, 0x1b873593) ^ 0xe6546b64;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Standard normal draws from a uniform source (Box–Muller; the second value of each pair is kept). */
export function randomNormal(random: Random): () => number {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const u = 1 - random(); // in (0, 1], so log(u) is finite
    const v = random();
    const r = Math.sqrt(-2 * log(u));
    spare = r * sin(2 * Math.PI * v);
    return r * cos(2 * Math.PI * v);
  };
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Shuffles an array in place (Fisher–Yates) and returns it. */
export function shuffle<T extends {length: number; [i: number]: unknown}>(random: Random, array: T): T {
  for (let i = array.length - 1; i > 0; --i) {
    const j = randomInt(random, i + 1);
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}
