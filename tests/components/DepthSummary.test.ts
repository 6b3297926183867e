import {describe, expect, it} from "vitest";
import {describeDepthSummary, trend} from "../../src/components/DepthSummary.js";
import {comparisonRows} from "../../src/components/PaperComparison.js";

describe("trend(values)", () => {
  it("says whether values rise, fall, or neither with depth", () => {
    expect(trend([1, 2, 3])).toBe("rises with every step in depth");
    expect(trend([3, 2, 1])).toBe("falls with every step in depth");
    expect(trend([1, 3, 2])).toBe("does not move steadily with depth");
  });
});

describe("describeDepthSummary(points, lead)", () => {
  it("lists each kind's final loss by depth with its trend", () => {
    const caption = describeDepthSummary(
      [
        {skip: false, layers: 20, loss: 0.5},
        {skip: false, layers: 56, loss: 2.3},
        {skip: true, layers: 56, loss: 0.05},
        {skip: true, layers: 20, loss: 0.06}
      ],
      "Precomputed at build time."
    );
    expect(caption).toBe(
      "Precomputed at build time. The plain networks' final training loss rises with every step in depth: 20 layers 0.5, 56 layers 2.3. The residual networks' final training loss falls with every step in depth: 20 layers 0.06, 56 layers 0.05. Plain: dashed vermillion line with triangles; residual: solid blue line with circles."
    );
  });
});

describe("comparisonRows(ours)", () => {
  it("puts the paper's CIFAR-10 errors and ours side by side, by depth, with dashes where a source has none", () => {
    const rows = comparisonRows([
      {skip: true, layers: 8, testAccuracy: 0.95},
      {skip: true, layers: 20, testAccuracy: 0.9},
      {skip: false, layers: 20, testAccuracy: null}
    ]);
    expect(rows.map((r) => r.layers)).toEqual([8, 20, 32, 44, 56, 110, 1202]);
    expect(rows[0]).toEqual({layers: 8, paper: "—", residual: "5.0%", plain: "—"});
    expect(rows[1]).toEqual({layers: 20, paper: "8.75%", residual: "10.0%", plain: "—"});
  });
});
