import {describe, expect, test} from "vitest";
import type {Snapshot} from "../../lib/index.js";
import {snapshot} from "./snapshot.js";
import {describeSeedSpread, seedResults} from "../../src/components/SeedSpread.js";
import type {OptionRun, SeedKey} from "../../src/components/shortcut-runs.js";

const final = (testAccuracy: number | null, diverged = false): Snapshot => snapshot(diverged ? 12 : 100, testAccuracy, {done: true, diverged});
const done = (snapshot: Snapshot): OptionRun => ({snapshots: [snapshot], done: true, error: null});
const running: OptionRun = {snapshots: [], done: false, error: null};

describe("seedResults(runs) and describeSeedSpread(runs)", () => {
  const runs = {
    "A:0": done(final(0.97)),
    "B:0": done(final(0.96)),
    "C:0": done(final(0.95)),
    "A:1": done(final(0.95)),
    "B:1": done(final(0.97)),
    "C:1": done(final(null, true)),
    "A:2": running,
    "B:2": running,
    "C:2": running
  } as Record<SeedKey, OptionRun>;

  test("keeps finished runs only, with option, seed, accuracy in percent and why one has none", () => {
    const results = seedResults(runs);
    expect(results.length).toBe(6);
    expect(results[3]).toEqual({option: "A", seed: 1, accuracy: 95, note: null});
    expect(results[5]).toEqual({option: "C", seed: 1, accuracy: null, note: "diverged at step 12"});
  });

  test("gives each option's mean and range, the gap between means against one option's spread, and the runs left out", () => {
    const caption = describeSeedSpread(runs);
    expect(caption).toContain("6 of 9 runs have finished; the rest are training, three at a time.");
    expect(caption).toContain("Final test accuracy: A 96.0% on average over 2 seeds (from 95.0 to 97.0), B 96.5% on average over 2 seeds (from 96.0 to 97.0) and C 95.0% (1 seed).");
    expect(caption).toContain("B has the best mean; the means differ by 1.5 percentage points, and the seeds of A alone spread over 2.0.");
    expect(caption).toContain("1 run diverged or failed and is left out.");
  });
});
