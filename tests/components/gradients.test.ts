import {describe, expect, it} from "vitest";
import {FakeWorker} from "./fake-worker.js";
import {gradientNorms, transformerGradients} from "../../lib/index.js";
import {gradientsInWorker} from "../../src/components/gradients.js";
import {answer, runGradientsJob, type FromGradientsWorker, type GradientsJob} from "../../src/components/gradients-worker.js";

const spec = {inputSize: 4, outputSize: 1, width: 6, depth: 5, activation: "sigmoid", seed: 2} as const;
const stack = {tokens: 3, inputSize: 2, outputSize: 2, width: 4, blocks: 2, heads: 2, seed: 5} as const;

const fakeWorker = () => new FakeWorker<GradientsJob, FromGradientsWorker>(answer);

describe("runGradientsJob({kind, specs, batchSize})", () => {
  it("gives gradientNorms of every spec, in order", () => {
    const {results, ms} = runGradientsJob({kind: "gradientNorms", specs: [{...spec, skip: false}, {...spec, skip: true}], batchSize: 3});
    expect(results).toEqual([gradientNorms({...spec, skip: false}, {batchSize: 3}), gradientNorms({...spec, skip: true}, {batchSize: 3})]);
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("gives transformerGradients with the analysis's default batch when none is given", () => {
    expect(runGradientsJob({kind: "transformerGradients", specs: [stack]}).results).toEqual([transformerGradients(stack)]);
  });

  it("answers a bad spec or kind with a message instead of throwing", () => {
    expect(answer({kind: "gradientNorms", specs: [{...spec, depth: 0}]})).toEqual({type: "error", name: "RangeError", message: "invalid depth: 0 (expected an integer from 1 to 2000)"});
    expect(answer({kind: "hessian" as "gradientNorms", specs: []})).toMatchObject({type: "error", message: "invalid kind: hessian (expected one of gradientNorms, transformerGradients)"});
  });
});

describe("gradientsInWorker(job, {worker, invalidation})", () => {
  it("resolves with the worker's results and stops the worker", async () => {
    const worker = fakeWorker();
    const run = gradientsInWorker({kind: "gradientNorms", specs: [spec], batchSize: 3}, {worker: worker as unknown as Worker});
    expect(await run.result).toEqual([gradientNorms(spec, {batchSize: 3})]);
    expect(worker.terminated).toBe(true);
  });

  it("rejects with the engine's message for a bad spec", async () => {
    const run = gradientsInWorker({kind: "gradientNorms", specs: [{...spec, width: 0}]}, {worker: fakeWorker() as unknown as Worker});
    await expect(run.result).rejects.toThrow("invalid width: 0 (expected an integer from 1 to 1024)");
  });

  it("stops the worker when invalidated, before it answers", async () => {
    const worker = fakeWorker();
    let invalidate!: () => void;
    const invalidation = new Promise<void>((resolve) => (invalidate = resolve));
    const run = gradientsInWorker({kind: "gradientNorms", specs: [spec]}, {worker: worker as unknown as Worker, invalidation});
    let settled = false;
    run.result.then(() => (settled = true), () => (settled = true));
    invalidate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.terminated).toBe(true);
    expect(settled).toBe(false);
  });
});
