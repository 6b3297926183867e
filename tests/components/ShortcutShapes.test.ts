// The shapes grid's caption is its text alternative: it must name the shapes and counts the census holds.
import {describe, expect, test} from "vitest";
import {shortcutCensus} from "../../lib/index.js";
import {describeShortcutShapes} from "../../src/components/ShortcutShapes.js";

const digits = {input: {channels: 1, height: 8, width: 8}, classes: 10, blocksPerStage: 1, baseChannels: 4};

describe("describeShortcutShapes(census, input)", () => {
  test("names the stem's output, the blocks that change shape and what each option puts there", () => {
    const caption = describeShortcutShapes(shortcutCensus(digits));
    expect(caption).toContain("The stem turns each 1×8×8 image into 4×8×8.");
    expect(caption).toContain("Blocks 2 and 3 each halve the image and double the channels (4×8×8 → 8×4×4 and 8×4×4 → 16×2×2)");
    expect(caption).toContain("A zero-pads (0 parameters) while B and C use a 1×1 projection (48 and 160 parameters)");
    expect(caption).toContain("In the 1 block whose shape holds, A and B keep the identity and C projects anyway (24 parameters in all).");
  });

  test("sums C's same-shape projections over every block that keeps its shape", () => {
    // n = 2: blocks 1, 2, 4 and 6 keep their shape (4→4, 4→4, 8→8, 16→16): 24 + 24 + 80 + 288.
    const caption = describeShortcutShapes(shortcutCensus({...digits, blocksPerStage: 2}));
    expect(caption).toContain("Blocks 3 and 5 each halve");
    expect(caption).toContain("In the 4 blocks whose shape holds");
    expect(caption).toContain("(416 parameters in all)");
  });

  test("says so when no block changes shape (one stage)", () => {
    const caption = describeShortcutShapes(shortcutCensus({...digits, stages: 1, blocksPerStage: 3}), [1, 8, 8]);
    expect(caption).toContain("No block changes shape, so A and B keep the identity everywhere and only C projects, in all 3 blocks.");
    expect(caption).not.toContain("halve");
  });

  test("rejects a census that is missing an option", () => {
    const {A, B} = shortcutCensus(digits);
    expect(() => describeShortcutShapes({A, B} as never)).toThrow("invalid census: option C is missing");
  });
});
