import {describe, expect, it} from "vitest";
import {transformerGradients} from "../../lib/index.js";
import {
  collapseSublayer,
  concatenationAsSum,
  exerciseSpec,
  identityStacks,
  lastSublayerRatio,
  ratioBin,
  ratioBins
} from "../../src/components/everywhere-answers.js";

const small = {tokens: 4, inputSize: 2, outputSize: 2, width: 8, blocks: 2, heads: 2, seed: 3};

describe("the /everywhere exercises' answers", () => {
  it("lastSublayerRatio divides post-LN's last weight gradient by pre-LN's", () => {
    const post = transformerGradients({...small, norm: "post"}).weights.at(-1)!;
    const pre = transformerGradients({...small, norm: "pre"}).weights.at(-1)!;
    expect(lastSublayerRatio(small)).toBe(post / pre);
  });

  it("ratioBin puts a ratio in its bin", () => {
    expect([0.5, 1, 2.9, 3, 9.99, 10, 1e6].map(ratioBin)).toEqual([ratioBins[0], ratioBins[1], ratioBins[1], ratioBins[2], ratioBins[2], ratioBins[3], ratioBins[3]]);
  });

  it("collapseSublayer finds where the plain stack's tokens become one vector", () => {
    const k = collapseSublayer(exerciseSpec);
    const spread = transformerGradients({...exerciseSpec, norm: "pre", skip: false}).spread;
    expect(k).toBeGreaterThan(0);
    expect(spread[k]).toBeLessThan(1e-6);
    expect(spread[k - 1]).toBeGreaterThanOrEqual(1e-6);
  });

  it("concatenationAsSum finds that [I I] on [u; s] is u + s", () => {
    expect(concatenationAsSum()).toBe("A = I, B = I");
  });

  it("identityStacks finds that only pre-LN is the identity when every sublayer's last projection is zero", () => {
    expect(identityStacks(small)).toBe("pre-LN only");
  });
});
