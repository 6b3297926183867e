import {describe, expect, it} from "vitest";
import type {Snapshot} from "../../lib/index.js";
import {commonStep, curveRows, formatLoss, formatPair, logTicks, lossAt, runProblems} from "../../src/components/curves.js";

export function snap(step: number, loss: number | null, {done = false, diverged = false, weightNorm = null as number | null} = {}): Snapshot {
  return {
    step, epoch: 0, learningRate: 0.1, loss, accuracy: null, testLoss: null, testAccuracy: null, gradNorms: null, weightNorm,
    done: done || diverged, diverged: diverged ? {step} : null, message: diverged ? `diverged at step ${step}` : null
  };
}

describe("commonStep(runs)", () => {
  it("is the step every run has reached, 0 while one has none", () => {
    const a = {name: "a", skip: false, snapshots: [snap(10, 1), snap(20, 1)]};
    const b = {name: "b", skip: true, snapshots: [snap(10, 1)]};
    expect(commonStep([a, b])).toBe(10);
    expect(commonStep([a, {...b, snapshots: []}])).toBe(0);
    expect(commonStep([])).toBe(0);
  });
});

describe("lossAt(snapshots, step)", () => {
  it("is the final loss of the snapshots up to that step", () => {
    const run = [snap(10, 4), snap(20, 3), snap(30, 2)];
    expect(lossAt(run, 20)).toBe(3);
    expect(lossAt(run, 5)).toBeNull();
  });
});

describe("runProblems(runs, errors)", () => {
  it("names runs that diverged or stopped with an error, and is null otherwise", () => {
    const ok = {name: "plain-8", skip: false, snapshots: [snap(10, 1)]};
    const bad = {name: "residual-56", skip: true, snapshots: [snap(10, 1), snap(13, null, {diverged: true})]};
    expect(runProblems([ok])).toBeNull();
    expect(runProblems([ok, bad])).toBe("residual-56 diverged at step 13.");
    expect(runProblems([ok, bad], [new Error("invalid width: 0"), null])).toBe("plain-8 stopped: invalid width: 0; residual-56 diverged at step 13.");
  });
});

describe("curveRows(run, value, extra)", () => {
  it("keeps one row per snapshot with a finite value", () => {
    const run = {name: "r", skip: true, snapshots: [snap(10, 2), snap(20, null, {diverged: true})]};
    expect(curveRows(run, (s) => s.loss, {network: "r"})).toEqual([{network: "r", step: 10, value: 2}]);
  });
});

describe("formatLoss(loss) and logTicks(domain)", () => {
  it("writes two significant digits, or says diverged", () => {
    expect(formatLoss(0.1234)).toBe("0.12");
    expect(formatLoss(0.005113)).toBe("0.0051");
    expect(formatLoss(2.302)).toBe("2.3");
    expect(formatLoss(3e-6)).toBe("3e-6");
    expect(formatLoss(null)).toBe("diverged");
  });

  it("writes a pair with the digits it takes to tell them apart", () => {
    expect(formatPair(2.3024, 2.2841)).toEqual(["2.3", "2.28"]);
    expect(formatPair(0.5, 0.25)).toEqual(["0.5", "0.25"]);
    expect(formatPair(1, 1)).toEqual(["1", "1"]);
  });

  it("puts ticks at 1, 2 and 5 times powers of ten inside a domain of up to two decades, fewer on wider ones", () => {
    expect(logTicks([0.15, 2])).toEqual([0.2, 0.5, 1, 2]);
    expect(logTicks([0.03, 3])).toEqual([0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTicks([0.003, 3])).toEqual([0.01, 0.02, 0.1, 0.2, 1, 2]);
    expect(logTicks([1e-5, 10])).toEqual([1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });
});
