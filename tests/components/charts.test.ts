import {describe, expect, it} from "vitest";
import {logTickFormat, spreadLabels} from "../../src/components/log-axis.js";
import {describeRuns, runsStatus} from "../../src/components/LossCurves.js";
import {describeSkipScale, skipPathLine, skipScaleRows} from "../../src/components/SkipScaleGradients.js";
import {runStyles} from "../../src/components/scaling-styles.js";
import type {RunState} from "../../src/components/runs.js";

describe("logTickFormat(min, max)", () => {
  it("labels powers of ten, and 2× and 5× when the data span under three decades", () => {
    const narrow = logTickFormat(0.07, 0.7);
    expect([0.1, 0.2, 0.3, 0.5, 1].map(narrow)).toEqual(["0.1", "0.2", "", "0.5", "1"]);
    const wide = logTickFormat(1e-16, 10);
    expect([1e-16, 2e-16, 1e-4, 0.01, 10].map(wide)).toEqual(["1e-16", "", "1e-4", "0.01", "10"]);
  });
});

describe("spreadLabels(values, {lo, hi, height, gap})", () => {
  it("leaves far-apart labels alone and pushes close ones at least `gap` pixels apart", () => {
    // 100 px per decade: 0.1 and 10 are 200 px apart; 0.69 and 0.7 are under 1 px apart.
    expect(spreadLabels([0.1, 10], {lo: -1, hi: 1, height: 200})).toEqual([0, 0]);
    const dy = spreadLabels([0.7, 0.69], {lo: -1, hi: 1, height: 200, gap: 14});
    const y = [0.7, 0.69].map((v, i) => (1 - Math.log10(v)) * 100 + dy[i]);
    expect(Math.abs(y[1] - y[0])).toBeCloseTo(14, 9);
  });
});

const run = (points: [number, number][], extra: Partial<RunState> = {}): RunState => ({steps: 300, step: 300, points: points.map(([step, loss]) => ({step, loss})), diverged: null, error: null, done: true, ...extra});
const styles = runStyles([{key: "a", label: "ReZero"}, {key: "b", label: "He init"}, {key: "c", label: "Fixup"}]);

describe("describeRuns(runs, styles, lead)", () => {
  it("lists final losses lowest first, then the runs that diverged, then how to tell the lines apart", () => {
    const text = describeRuns({a: run([[10, 0.6], [300, 0.09]]), b: run([], {step: 3, diverged: "diverged at step 3"}), c: run([[300, 0.57]])}, styles, "Depth 100.");
    expect(text).toMatch(/^Depth 100\. Final training loss, lowest first: ReZero: 0\.09; Fixup: 0\.57\. He init diverged at step 3: /);
    expect(text).toContain("ReZero, solid line, triangles; He init, long dashes, squares; Fixup, dotted line, circles");
  });

  it("says 'latest' and each unfinished run's step while runs are going", () => {
    const text = describeRuns({a: run([[100, 0.3]], {step: 100, done: false}), b: run([[300, 0.2]]), c: run([], {step: 0, done: false})}, styles);
    expect(text).toContain("Latest training loss, lowest first: He init: 0.2; ReZero: 0.3 (step 100 of 300).");
  });
});

describe("runsStatus(runs, styles)", () => {
  it("names progress, divergence and failure, and is null when every run finished cleanly", () => {
    expect(runsStatus({a: run([], {step: 40, done: false}), b: run([], {diverged: "diverged at step 3"}), c: run([], {error: "invalid depth: 0"})}, styles)).toBe("ReZero: step 40 of 300 · He init: diverged at step 3 · Fixup: failed (invalid depth: 0)");
    expect(runsStatus({a: run([[300, 1]]), b: run([[300, 1]]), c: run([[300, 1]])}, styles)).toBeNull();
  });
});

describe("the skip-scale figure's rows and caption", () => {
  const data = {depth: 2, alpha: 0, series: [{lambda: 0.5, norms: [0.25, 0.5, 1]}, {lambda: 2, norms: [4, 2, 1]}]};

  it("predicts λ^(L−l) times the top gradient along the pure skip path", () => {
    expect(skipScaleRows(data).map((r) => r.skipPath)).toEqual([0.25, 0.5, 1, 4, 2, 1]);
  });

  it("draws each skip-path line through its two ends, which lie on the same straight line on the log scale as every layer's point", () => {
    const depth = 40;
    const rows = skipScaleRows({depth, alpha: 0.1, series: [{lambda: 0.9, norms: Array.from({length: depth + 1}, (_, l) => 1 + l)}]});
    const ends = skipPathLine(rows);
    expect(ends).toEqual([rows[0], rows[depth]]);
    // Every layer's log prediction sits on the chord between the ends' logs.
    const [a, b] = ends.map((r) => Math.log10(r.skipPath!));
    for (const r of rows) expect(Math.log10(r.skipPath!)).toBeCloseTo(a + ((b - a) * r.layer) / depth, 10);
  });

  it("draws a skip-path line through every row when some layer's prediction is not drawable (the line breaks there)", () => {
    const rows = skipScaleRows({depth: 2, alpha: 0, series: [{lambda: 1e300, norms: [1, 1, 1]}]});
    expect(rows[0].skipPath).toBeUndefined(); // (1e300)² overflows
    expect(skipPathLine(rows)).toBe(rows);
  });

  it("says each λ's first-to-last ratio next to λ^L, and that α = 0 leaves only the skip path", () => {
    const text = describeSkipScale(data);
    expect(text).toContain("the first block's gradient as a fraction of the last block's is 0.25 for λ = 0.5 (solid line, triangles; the skip path alone gives 0.5^2 = 0.25); 4 for λ = 2");
    expect(text).toContain("With α = 0 the branches are switched off");
    expect(describeSkipScale({...data, series: [{lambda: 0.5, norms: [0, 0.5, 1]}]})).toContain("not a finite positive number at one end (0 and 1)");
  });
});
