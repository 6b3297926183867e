import {describe, expect, it} from "vitest";
import {randomSeeded, sequenceTask} from "../../lib/index.js";
import {byStack, spreadLabels, stackJobs, stackKinds, stackRows, stackSpec} from "../../src/components/stacks.js";
import {startJob} from "../../src/components/trainer-worker.js";

describe("stackSpec(spec, stack)", () => {
  const spec = {tokens: 4, inputSize: 1, outputSize: 1, width: 8, blocks: 2};
  it("gives pre-LN and post-LN the residual stream, and the plain stack pre-LN's placement without it", () => {
    expect(stackSpec(spec, "pre")).toEqual({...spec, norm: "pre", skip: true});
    expect(stackSpec(spec, "post")).toEqual({...spec, norm: "post", skip: true});
    expect(stackSpec(spec, "plain")).toEqual({...spec, norm: "pre", skip: false});
  });
});

describe("stackJobs(spec, data, train)", () => {
  const data = sequenceTask("reverse", 32, {tokens: 3, random: randomSeeded(2)});
  const spec = {tokens: 3, inputSize: 1, outputSize: 1, width: 4, blocks: 1, seed: 1};
  const train = {steps: 4, batchSize: 8, every: 2, loss: "mse" as const, optimizer: {kind: "adam" as const, learningRate: 0.01}};
  it("makes one transformer job per stack, in stackKinds order, differing only in the stack", () => {
    const jobs = stackJobs(spec, data, train);
    expect(jobs.map((job) => job.model)).toEqual(stackKinds.map((stack) => ({kind: "transformer", spec: stackSpec(spec, stack)})));
    expect(jobs.every((job) => job.data === data && job.train === train)).toBe(true);
  });
  it("makes jobs a worker can train: two snapshots each at 4 steps, every 2", () => {
    for (const job of stackJobs(spec, data, train)) expect([...startJob(job)].map((s) => s.step)).toEqual([2, 4]);
  });
});

describe("byStack(values)", () => {
  it("names a list in stackKinds order by stack", () => {
    expect(byStack([["a"], ["b"], ["c"]])).toEqual({pre: ["a"], post: ["b"], plain: ["c"]});
  });
  it("refuses a list that is not one entry per stack", () => {
    expect(() => byStack([1, 2])).toThrow("invalid values: 2 entries (expected one per stack: 3)");
    expect(() => byStack(null as never)).toThrow("invalid values: null (expected one per stack: 3)");
  });
});

describe("stackRows(data, first, xs)", () => {
  it("places entry i at first + i, or at xs[i], and leaves out what a log scale cannot draw", () => {
    const rows = stackRows({pre: [1, 2], post: [0, 3], plain: [NaN]}, 1);
    expect(rows).toEqual([
      {stack: "pre", x: 1, y: 1},
      {stack: "pre", x: 2, y: 2},
      {stack: "post", x: 1, y: undefined},
      {stack: "post", x: 2, y: 3},
      {stack: "plain", x: 1, y: undefined}
    ]);
    expect(stackRows({pre: [5], post: [], plain: []}, 0, {pre: [10], post: [], plain: []})).toEqual([{stack: "pre", x: 10, y: 5}]);
  });

  it("rejects a stack with no array, naming it", () => {
    expect(() => stackRows({pre: [1], post: [1]} as never)).toThrow("invalid plain: undefined");
  });
});

describe("spreadLabels(wanted, gap)", () => {
  it("keeps labels that are already apart where they are", () => {
    expect(spreadLabels([10, 50, 100], 15)).toEqual([10, 50, 100]);
  });

  it("pushes colliding labels at least `gap` apart, keeping their order and their mean", () => {
    const placed = spreadLabels([100, 95, 102], 15);
    const sorted = [...placed].sort((a, b) => a - b);
    expect(sorted[1] - sorted[0]).toBeCloseTo(15, 12);
    expect(sorted[2] - sorted[1]).toBeCloseTo(15, 12);
    expect(placed[1]).toBe(sorted[0]); // 95 was the highest on screen (smallest y) and stays so
    expect(placed.reduce((a, b) => a + b, 0) / 3).toBeCloseTo(99, 12);
  });
});
