// The worker must run exactly what lib/ runs headless: same snapshots, bit for bit.
import {describe, expect, it} from "vitest";
import {degradationData, degradationSetup, reformulationSetup, trainRun, trainStack} from "../../lib/index.js";
import {degradationJobs, reformulationJobs} from "../../src/components/experiments.js";
import {startJob} from "../../src/components/trainer-worker.js";

describe("degradationJobs(setup, data)", () => {
  it("gives one job per run whose worker snapshots equal trainRun's", () => {
    const data = degradationData("spiral");
    const setup = degradationSetup(data, {layers: [8, 12], steps: 20, every: 5});
    const jobs = degradationJobs(setup, data);
    expect(jobs.map((job) => job.model.kind)).toEqual(["mlp", "mlp", "mlp", "mlp"]);
    setup.runs.forEach((run, i) => expect([...startJob(jobs[i])]).toEqual([...trainRun(run, data, setup.train)]));
  }, 20_000);
});

describe("reformulationJobs(setup)", () => {
  it("gives a plain and a residual job whose worker snapshots equal trainStack's", () => {
    const setup = reformulationSetup({depth: 3, steps: 20, every: 5, weightDecay: 0.01});
    const jobs = reformulationJobs(setup);
    expect(jobs.map((job) => job.model.kind)).toEqual(["stack", "stack"]);
    setup.runs.forEach((run, i) => expect([...startJob(jobs[i])]).toEqual([...trainStack(run, setup)]));
  });
});
