import {describe, expect, test} from "vitest";
import type {Snapshot} from "../../lib/index.js";
import {snapshot} from "./snapshot.js";
import {describeShortcutCurves, shortcutRunsStatus, spread} from "../../src/components/ShortcutCurves.js";
import type {OptionRun, OptionRuns} from "../../src/components/shortcut-runs.js";

const run = (snapshots: Snapshot[], {done = false, error = null as string | null} = {}): OptionRun => ({snapshots, done, error});

describe("describeShortcutCurves(runs, {steps, testSize})", () => {
  test("waits with nothing to show", () => {
    const runs: OptionRuns = {A: run([]), B: run([]), C: run([])};
    expect(describeShortcutCurves(runs, {steps: 300})).toMatch(/^Training the same network under options A, B and C in three workers \(300 steps each\): waiting/);
  });

  test("gives each option's latest accuracy and step while training, and who has none yet", () => {
    const runs: OptionRuns = {A: run([snapshot(20, 0.5), snapshot(40, 0.75)]), B: run([snapshot(20, 0.6)]), C: run([])};
    const caption = describeShortcutCurves(runs, {steps: 300, testSize: 400});
    expect(caption).toContain("Latest test accuracy (of 300 steps): A 75.0% at step 40 and B 60.0% at step 20.");
    expect(caption).toContain("A leads; the spread is 15.0 percentage points (one test digit is 0.25%).");
    expect(caption).toContain("No test accuracy yet for C.");
  });

  test("gives the final accuracies without steps once every run has finished, and names ties", () => {
    const last = (a: number) => run([snapshot(100, a, {done: true})], {done: true});
    const caption = describeShortcutCurves({A: last(0.9), B: last(0.95), C: last(0.95)}, {steps: 100});
    expect(caption).toContain("After 100 steps each, test accuracy is A 90.0%, B 95.0% and C 95.0%.");
    expect(caption).toContain("B and C tie for the lead; the spread is 5.0 percentage points.");
  });

  test("says which run diverged and where, and which failed", () => {
    const runs: OptionRuns = {
      A: run([snapshot(20, 0.4), snapshot(33, null, {diverged: true})], {done: true}),
      B: run([snapshot(20, 0.5)]),
      C: run([], {done: true, error: "the training worker failed"})
    };
    const caption = describeShortcutCurves(runs, {steps: 100});
    expect(caption).toContain("Option A diverged at step 33, so its curve stops there.");
    expect(caption).toContain("Option C failed: the training worker failed.");
    expect(shortcutRunsStatus(runs)).toBe(
      "Option A diverged at step 33: its loss or weights stopped being finite numbers. Try a smaller learning rate. Option C failed: the training worker failed."
    );
  });

  test("has no status when every run is healthy", () => {
    expect(shortcutRunsStatus({A: run([snapshot(20, 0.5)]), B: run([]), C: run([])})).toBeNull();
  });
});

describe("spread(values, gap, max)", () => {
  test("pushes close labels apart in their order and keeps the highest at or below max", () => {
    expect(spread([97.8, 97.2, 95.5], 6, 100)).toEqual([100, 94, 88]);
    expect(spread([50, 10, 80], 6, 100)).toEqual([50, 10, 80]);
    expect(spread([50, 52], 6)).toEqual([50, 56]);
  });
});
