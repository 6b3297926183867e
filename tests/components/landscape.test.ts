import {describe, expect, it} from "vitest";
import {landscapeHandler, landscapeJob, type FromLandscapeWorker, type LandscapeJob} from "../../src/components/landscape-worker.js";
import {landscapesInWorkers, type LandscapeState, type WorkerLike} from "../../src/components/landscape.js";
import {describeLandscape, landscapeStatus, levelDomain, panelWaiting, sliceContours} from "../../src/components/LossLandscape.js";
import {createNetwork, evaluate, randomSeeded, spiral, train, adam} from "../../lib/index.js";

const job = (skip: boolean, extra: Partial<LandscapeJob> = {}): LandscapeJob => ({
  spec: {inputSize: 2, outputSize: 2, width: 4, depth: 2, skip, seed: 3},
  data: {name: "spiral", n: 40, options: {noise: 0.05, seed: 1}},
  train: {steps: 20, every: 10},
  plane: {resolution: 3, range: 0.5, seed: 2},
  ...extra
});

/** A stand-in for the module worker: the handler runs in this thread, messages cross as tasks. */
class FakeWorker implements WorkerLike {
  onmessage: WorkerLike["onmessage"] = null;
  onerror: WorkerLike["onerror"] = null;
  terminated = false;
  private handle = landscapeHandler((message: FromLandscapeWorker) => {
    const data = structuredClone(message);
    setImmediate(() => !this.terminated && this.onmessage?.({data} as MessageEvent<FromLandscapeWorker>));
  });
  postMessage(message: {type: "start"; job: LandscapeJob}): void {
    setImmediate(() => !this.terminated && this.handle(structuredClone(message)));
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe("landscapeJob(job)", () => {
  it("trains as train() would, then yields the plane's rows, whose middle is the trained network's loss", () => {
    const events = [...landscapeJob(job(true))];
    const snapshots = events.flatMap((e) => (e.type === "training" ? [e.snapshot] : []));
    const rows = events.flatMap((e) => (e.type === "row" ? [e.row] : []));
    const model = createNetwork(job(true).spec);
    const data = spiral(40, {noise: 0.05, random: randomSeeded(1)});
    const direct = [...train(model, data, {steps: 20, every: 10, optimizer: adam({learningRate: 3e-3})})];
    expect(snapshots).toEqual(direct);
    expect(rows.map((r) => r.b)).toEqual([-0.5, 0, 0.5]);
    expect(rows[1].losses[1]).toBe(evaluate(model, data).loss);
  });

  it("stops after the snapshot that diverged, with no plane", () => {
    // λ = 1000 on every skip of 110 blocks: the forward pass overflows (1000^110 > 1.8e308) at step 1.
    const events = [...landscapeJob(job(true, {spec: {inputSize: 2, outputSize: 2, width: 4, depth: 110, skipScale: 1000, block: "pre"}}))];
    expect(events.every((e) => e.type === "training")).toBe(true);
    expect(events[events.length - 1].type === "training" && events[events.length - 1]).toMatchObject({snapshot: {message: expect.stringMatching(/^diverged at step \d+$/)}});
  });

  it("refuses an unknown dataset, naming it", () => {
    expect(() => [...landscapeJob({...job(true), data: {name: "nope" as "spiral", n: 10}})]).toThrow(/invalid dataset: "nope"/);
  });
});

describe("landscapesInWorkers(jobs)", () => {
  it("ends with both slices complete and terminates its workers", async () => {
    const workers: FakeWorker[] = [];
    const run = landscapesInWorkers({plain: job(false), residual: job(true)}, {makeWorker: () => (workers.push(new FakeWorker()), workers[workers.length - 1])});
    let last;
    for await (const value of run) last = value;
    for (const key of ["plain", "residual"] as const) {
      expect(last![key]).toMatchObject({step: 20, steps: 20, done: true, error: null, diverged: null});
      expect(last![key].rows).toHaveLength(3);
    }
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it("reports a bad job as the run's error, not a thrown one", async () => {
    const run = landscapesInWorkers({plain: job(false, {spec: {inputSize: 2, outputSize: 2, width: 4, depth: 0}})}, {makeWorker: () => new FakeWorker()});
    let last;
    for await (const value of run) last = value;
    expect(last!.plain.error).toMatch(/invalid depth: 0/);
  });
});

describe("the landscape caption and status", () => {
  const state = (rows: (number | null)[][], extra = {}) => ({
    steps: 100, step: 100, loss: 0.05, diverged: null, done: true, error: null, resolution: 3,
    rows: rows.map((losses, index) => ({index, b: index - 1, a: [-1, 0, 1], losses})),
    ...extra
  });
  const bowl = [[3, 2, 3], [2, 1, 2], [3, 2, 3]];
  const dimple = [[3, 2, 3], [2, 4, 2], [3, 2, 3]];

  it("says each slice's range, its value at the trained weights, minima and downward curvature", () => {
    const text = describeLandscape({plain: state(dimple), residual: state(bowl)}, {depth: 8});
    expect(text).toMatch(/^Both networks have 8 blocks\./);
    expect(text).toContain("Plain: trained to a minibatch loss of 0.05; the loss on the slice runs from 2 to 4, 4 at the trained weights; 0 local minima and 100% of inner points curving downward in some direction.");
    expect(text).toContain("Residual: trained to a minibatch loss of 0.05; the loss on the slice runs from 1 to 3, 1 at the trained weights; 1 local minimum and 0% of inner points");
  });

  it("names a diverged run and counts points that are not numbers", () => {
    const text = describeLandscape({plain: state([], {diverged: "diverged at step 12"}), residual: state([[1, null, 1], [1, 1, 1], [1, 1, 1]])});
    expect(text).toContain("The plain network's training diverged at step 12; it has no slice.");
    expect(text).toContain("1 points of the residual slice have a loss that is not a finite number (grey).");
    expect(landscapeStatus({plain: state([], {diverged: "diverged at step 12"}), residual: state(bowl)})).toBe("plain: training diverged at step 12, so there is no slice to draw");
  });

  it("reports progress while training and while computing rows, and nothing once done", () => {
    expect(landscapeStatus({plain: state([], {step: 40, done: false}), residual: state([bowl[0]], {done: false})})).toBe("plain: training, step 40 of 100 · residual: slice row 1 of 3");
    expect(landscapeStatus({plain: state(bowl), residual: state(bowl)})).toBeNull();
  });

  it("says in an empty panel where its run stands", () => {
    expect(panelWaiting(state([], {steps: 600, step: 150, loss: 0.83, done: false}))).toBe("training: step 150 of 600, loss 0.83");
    expect(panelWaiting(state([], {step: 0, loss: null, done: false}))).toBe("training: step 0 of 100");
    expect(panelWaiting(state([], {done: false}))).toBe("computing the slice…");
    expect(panelWaiting(state([], {diverged: "diverged at step 12"}))).toBe("training diverged at step 12: no slice");
    expect(panelWaiting(state([], {error: "bad depth"}))).toBe("failed");
  });

  it("colours both slices on one log scale, at most six decades tall", () => {
    expect(levelDomain({plain: state([[0.01, 1e9, 1]]), residual: state([[0.5]])})).toEqual([-2, 4]);
    expect(levelDomain({plain: state([[2, 3]]), residual: state([])})).toEqual([0, 1]);
  });
});

describe("sliceContours(state, network, {thresholds, domain, range})", () => {
  // A 21 × 21 slice of a bowl whose log₁₀ loss is 2(a² + b²) on [−1, 1]²: the level-1 line is the circle a² + b² = 1/2.
  const bowl = (resolution = 21, rows = resolution): LandscapeState => {
    const a = Array.from({length: resolution}, (_, i) => -1 + (2 * i) / (resolution - 1));
    return {steps: 10, step: 10, loss: 1, diverged: null, resolution, done: rows === resolution, error: null, rows: a.slice(0, rows).map((b, index) => ({index, a, b, losses: a.map((x) => 10 ** (2 * (x * x + b * b)))}))};
  };

  it("draws nothing for a slice still missing rows", () => {
    expect(sliceContours(bowl(21, 20), "plain", {thresholds: [1], domain: [0, 4]})).toEqual([]);
  });

  it("puts the level-t line where the slice's log loss crosses t, in plane coordinates", () => {
    const [line] = sliceContours(bowl(), "residual", {thresholds: [1], domain: [0, 4]});
    expect(line).toMatchObject({type: "MultiPolygon", value: 1, network: "residual"});
    const points = line.coordinates.flat(2);
    // The region at or above the level runs out to the grid's edge, half a step beyond ±1 ...
    expect(Math.max(...points.map(([a]) => a))).toBeCloseTo(1.05, 12);
    expect(Math.min(...points.map(([, b]) => b))).toBeCloseTo(-1.05, 12);
    // ... and its inner edge is the circle of radius √½, to within the grid's linear interpolation.
    const inner = points.filter(([a, b]) => Math.max(Math.abs(a), Math.abs(b)) < 1.04);
    expect(inner.length).toBeGreaterThan(20);
    for (const [a, b] of inner) expect(Math.abs(Math.hypot(a, b) - Math.SQRT1_2)).toBeLessThan(0.02);
  });

  it("computes a complete slice's lines once, and again only for other thresholds or another domain", () => {
    const state = bowl();
    const first = sliceContours(state, "plain", {thresholds: [1, 2], domain: [0, 4]});
    const redraw = {...state, rows: state.rows.slice()}; // the figure's next value: a copy sharing the rows
    expect(sliceContours(redraw, "plain", {thresholds: [1, 2], domain: [0, 4]})).toBe(first);
    const other = sliceContours(redraw, "plain", {thresholds: [1], domain: [0, 4]});
    expect(other).not.toBe(first);
    expect(other[0].coordinates).toEqual(first[0].coordinates);
    expect(sliceContours(redraw, "plain", {thresholds: [1], domain: [0, 3]})).not.toBe(other);
  });

  it("leaves a point whose loss is not a number out of the grid, as the raster shows it grey", () => {
    const state = bowl();
    state.rows[10] = {...state.rows[10], losses: state.rows[10].losses.map((l, i) => (i === 10 ? null : l))};
    const [line] = sliceContours(state, "plain", {thresholds: [1], domain: [0, 4]});
    expect(line.coordinates.flat(2).every(([a, b]) => Number.isFinite(a) && Number.isFinite(b))).toBe(true);
  });
});
