import {describe, expect, it} from "vitest";
import {FakeWorker} from "./fake-worker.js";
import {gradientLedger} from "../../lib/index.js";
import {ledgerInWorker} from "../../src/components/ledger.js";
import {answer, runLedgerJob, type FromLedgerWorker, type LedgerJob} from "../../src/components/ledger-worker.js";

const spec = {inputSize: 4, outputSize: 1, width: 6, depth: 5, activation: "sigmoid", seed: 2} as const;

const fakeWorker = () => new FakeWorker<LedgerJob, FromLedgerWorker>(answer);

describe("runLedgerJob({spec, batchSize})", () => {
  it("gives the plain and the residual ledger of the same spec, as gradientLedger does", () => {
    const {plain, residual, ms} = runLedgerJob({spec, batchSize: 3});
    expect(plain).toEqual(gradientLedger({...spec, skip: false}, {batchSize: 3}));
    expect(residual).toEqual(gradientLedger({...spec, skip: true}, {batchSize: 3}));
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("answers a bad job with the engine's message instead of throwing", () => {
    expect(answer({spec: {...spec, depth: 0}})).toEqual({type: "error", name: "RangeError", message: "invalid depth: 0 (expected an integer from 1 to 2000)"});
  });
});

describe("ledgerInWorker(job, {worker, invalidation})", () => {
  it("resolves with the worker's ledgers and stops the worker", async () => {
    const worker = fakeWorker();
    const run = ledgerInWorker({spec, batchSize: 3}, {worker: worker as unknown as Worker});
    const {plain} = await run.result;
    expect(plain).toEqual(gradientLedger({...spec, skip: false}, {batchSize: 3}));
    expect(worker.terminated).toBe(true);
  });

  it("rejects with the engine's message for a bad spec", async () => {
    const run = ledgerInWorker({spec: {...spec, width: 0}}, {worker: fakeWorker() as unknown as Worker});
    await expect(run.result).rejects.toThrow("invalid width: 0 (expected an integer from 1 to 1024)");
  });

  it("stops the worker when invalidated, before it answers", async () => {
    const worker = fakeWorker();
    let invalidate!: () => void;
    const invalidation = new Promise<void>((resolve) => (invalidate = resolve));
    const run = ledgerInWorker({spec}, {worker: worker as unknown as Worker, invalidation});
    let settled = false;
    run.result.then(() => (settled = true), () => (settled = true));
    invalidate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.terminated).toBe(true);
    expect(settled).toBe(false);
  });
});
