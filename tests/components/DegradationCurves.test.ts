import {describe, expect, it} from "vitest";
import {describeDegradation, type DegradationRunData} from "../../src/components/DegradationCurves.js";
import {snap} from "./curves.test.js";

function run(skip: boolean, layers: number, losses: number[], {done = true} = {}): DegradationRunData {
  return {name: `${skip ? "residual" : "plain"}-${layers}`, skip, layers, snapshots: losses.map((l, i) => snap(10 * (i + 1), l, {done: done && i === losses.length - 1}))};
}

describe("describeDegradation(data)", () => {
  it("lists every network's final loss and compares the deepest with the 20-layer one of its kind", () => {
    const caption = describeDegradation({
      steps: 30,
      runs: [run(false, 8, [2, 1, 0.9]), run(false, 20, [2, 1, 0.5]), run(false, 56, [2.3, 2.3, 2.3]), run(true, 8, [2, 1, 0.8]), run(true, 20, [2, 0.5, 0.3]), run(true, 56, [1, 0.3, 0.2])]
    });
    expect(caption).toContain("After 30 steps, the training loss (averaged over the last tenth of the steps) is, for the plain networks: 8 layers 0.9, 20 layers 0.5, 56 layers 2.3; for the residual networks: 8 layers 0.8, 20 layers 0.3, 56 layers 0.2.");
    expect(caption).toContain("The 56-layer plain network trains worse than the 20-layer one (2.3 against 0.5): deeper, yet worse on its own training data.");
    expect(caption).toContain("The 56-layer residual network trains at least as well as the 20-layer one (0.2 against 0.3).");
    expect(caption).toContain("dashed vermillion lines with triangles (left panel)");
  });

  it("compares at the step every network has reached while training is still going", () => {
    const caption = describeDegradation({steps: 100, runs: [run(false, 20, [2, 1, 0.5], {done: false}), run(false, 56, [2.2], {done: false})]});
    expect(caption).toContain("At step 10 of 100 (the step every network has reached so far)");
    expect(caption).toContain("20 layers 2, 56 layers 2.2");
  });

  it("says the training has started before any snapshot, and marks a precomputed run", () => {
    expect(describeDegradation({steps: 300, runs: [run(false, 8, []), run(true, 8, [])]})).toMatch(/^Training 2 networks for 300 steps each/);
    expect(describeDegradation({steps: 30, runs: [run(false, 8, [1])]}, {precomputed: true, stacked: true})).toMatch(/^Precomputed at build time\. .*\(top panel\)/);
  });

  it("says diverged for a run that diverged, and skips its comparison", () => {
    const diverged = {...run(true, 56, [5]), snapshots: [snap(10, 5), snap(12, null, {diverged: true})]};
    const caption = describeDegradation({steps: 30, runs: [run(true, 20, [1, 1, 1]), diverged]});
    expect(caption).toContain("56 layers diverged");
    expect(caption).not.toContain("The 56-layer residual network");
  });
});
