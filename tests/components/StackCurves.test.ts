import {describe, expect, it} from "vitest";
import {describeStackLoss, describeStackWeights, placement} from "../../src/components/StackCurves.js";
import {snap} from "./curves.test.js";

const references = {identity: 0.005, zero: 3.6};
const runs = (plain: number[], residual: number[], weights = false) => [
  {name: "plain", skip: false, snapshots: plain.map((v, i) => snap(10 * (i + 1), weights ? 1 : v, {done: i === plain.length - 1, weightNorm: weights ? v : null}))},
  {name: "residual", skip: true, snapshots: residual.map((v, i) => snap(10 * (i + 1), weights ? 1 : v, {done: i === residual.length - 1, weightNorm: weights ? v : null}))}
];

describe("placement(loss, identity, zero)", () => {
  it("places a loss below the identity map's, near it, or near the zero map's", () => {
    expect(placement(0.0025, 0.005, 3.6)).toBe("2 times below the identity map's: it has learnt part of the wiggle on top of the identity");
    expect(placement(0.006, 0.005, 3.6)).toBe("about the identity map's");
    expect(placement(0.01, 0.005, 3.6)).toBe("2 times the identity map's, nearer the identity than the zero map");
    expect(placement(3.6, 0.005, 3.6)).toBe("100% of the zero map's, nearer the zero map than the identity");
  });
});

describe("describeStackLoss(data)", () => {
  it("says where each stack's loss sits between the two reference maps", () => {
    const caption = describeStackLoss({steps: 20, references, runs: runs([3.5, 3.6], [0.006, 0.005])});
    expect(caption).toMatch(/^After 20 steps, the residual stack's training loss is 0\.005, about the identity map's; the plain stack's training loss is 3\.6, 100% of the zero map's, nearer the zero map than the identity\./);
    expect(caption).toContain("the identity map scores 0.005 and the zero map 3.6");
  });
});

describe("describeStackWeights(data)", () => {
  it("gives each stack's weight norm now and at its first snapshot", () => {
    const caption = describeStackWeights({steps: 20, references, runs: runs([20, 2], [17, 0.5], true)});
    expect(caption).toContain("the norm of all weights ‖w‖ (biases left out) is the plain stack's 2 (20 at step 10) and the residual stack's 0.5 (17 at step 10)");
  });
});
