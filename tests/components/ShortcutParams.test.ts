import {describe, expect, test} from "vitest";
import {shortcutCensus} from "../../lib/index.js";
import {describeShortcutParams} from "../../src/components/ShortcutParams.js";

describe("describeShortcutParams(census)", () => {
  test("gives each option's total, its shortcuts' count and share, and its excess over A", () => {
    const caption = describeShortcutParams(shortcutCensus({input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 4}));
    expect(caption).toBe(
      "Option A has 4,934 parameters, none of them in its shortcuts. " +
        "B has 5,142 (208 of them in 2 projections, 4.0%), 4.2% more than A; " +
        "C has 5,166 (232 of them in 3 projections, 4.5%), 4.7% more than A. " +
        "Grey: the rest of the network; coloured end of each bar: its shortcuts."
    );
  });

  test("says 1 projection in the singular", () => {
    const caption = describeShortcutParams(shortcutCensus({input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 2, stages: 2}));
    expect(caption).toMatch(/B has [\d,]+ \(\d+ of them in 1 projection,/);
  });
});
