import {describe, expect, it} from "vitest";
import {trainInWorker} from "../../src/components/trainer.js";
import {startJob, workerHandler, type FromWorker, type ToWorker, type TrainJob} from "../../src/components/trainer-worker.js";
import {blobs, createNetwork, deriveSeed, randomSeeded, sgd, split, train, type Snapshot} from "../../lib/index.js";

/**
 * A stand-in for a module worker: workerHandler runs in this thread, and messages cross as tasks
 * (setImmediate) through structuredClone, transfers included, as they would between threads.
 */
class FakeWorker {
  onmessage: ((event: {data: FromWorker}) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  sent = 0; // snapshots the worker has posted
  private handle = workerHandler((message, transfer) => {
    if (this.terminated) return;
    if (message.type === "snapshot") ++this.sent;
    const data = structuredClone(message, {transfer});
    setImmediate(() => !this.terminated && this.onmessage?.({data}));
  });
  postMessage(message: ToWorker): void {
    const data = structuredClone(message);
    setImmediate(() => !this.terminated && this.handle(data));
  }
  terminate(): void {
    this.terminated = true;
  }
}

const tick = (n = 20) => new Promise<void>((resolve) => {
  const loop = (k: number) => (k === 0 ? resolve() : setImmediate(() => loop(k - 1)));
  loop(n);
});

const spec = {inputSize: 2, outputSize: 3, width: 8, depth: 2, activation: "tanh", seed: 4} as const;
const job: TrainJob = {
  model: {kind: "mlp", spec},
  data: {name: "blobs", n: 90, options: {classes: 3, noise: 0.3, seed: 2}, testFraction: 0.2},
  train: {steps: 60, every: 10, seed: 5, optimizer: {kind: "sgd", learningRate: 0.1, momentum: 0.9}}
};

async function collect(run: AsyncIterable<Snapshot>): Promise<Snapshot[]> {
  const all: Snapshot[] = [];
  for await (const s of run) all.push(s);
  return all;
}

describe("startJob(job)", () => {
  it("builds the model, data, split and optimiser from the job's seeds, as a direct train() call would", () => {
    const data = blobs(90, {classes: 3, noise: 0.3, random: randomSeeded(2)});
    // The split draws from deriveSeed(data seed, "splt"), as trainer-worker.ts documents.
    const {train: trainSet, test} = split(data, {testFraction: 0.2, random: randomSeeded(deriveSeed(2, 0x73706c74))});
    const direct = [...train(createNetwork(spec), trainSet, {steps: 60, every: 10, seed: 5, optimizer: sgd({learningRate: 0.1, momentum: 0.9}), test})];
    const jobRun = [...startJob(job)];
    expect(jobRun.map((s) => s.step)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(jobRun.every((s) => s.testLoss !== null)).toBe(true);
    expect(jobRun).toEqual(direct);
  });

  it("takes arrays as data, an adam optimiser and a schedule", () => {
    const data = blobs(60, {random: randomSeeded(1)});
    const snapshots = [
      ...startJob({
        model: {kind: "mlp", spec},
        data,
        test: data,
        train: {steps: 20, every: 10, optimizer: {kind: "adam", learningRate: 0.01}, schedule: {initial: 0.01, milestones: [10]}}
      })
    ];
    expect(snapshots.map((s) => s.learningRate)).toEqual([0.01, 0.01 * 0.1]);
    expect(snapshots[1].testAccuracy).not.toBeNull();
  });

  it.each([
    [{model: {kind: "vgg", spec}}, 'invalid model kind: "vgg" (expected one of mlp, resnet, stack, transformer)'],
    [{data: {name: "mnist", n: 10}}, 'invalid dataset: "mnist" (expected one of spiral, circles, xor, moons, blobs, sine)'],
    [{train: {steps: 10, optimizer: {kind: "rmsprop"}}}, 'invalid optimizer kind: "rmsprop" (expected one of sgd, adam)'],
    [{model: {kind: "mlp", spec: {...spec, depth: 0}}}, "invalid depth: 0 (expected an integer from 1 to 2000)"]
  ])("rejects %o with %s", (bad, message) => {
    expect(() => startJob({...job, ...bad} as TrainJob)).toThrow(message);
  });
});

describe("trainInWorker(job, {worker, ahead})", () => {
  it("delivers the worker's snapshots in order, the same as the job run in this thread, then ends", async () => {
    const worker = new FakeWorker();
    const snapshots = await collect(trainInWorker(job, {worker: worker as unknown as Worker}));
    expect(snapshots).toEqual([...startJob(job)]);
    expect(snapshots.at(-1)!.gradNorms).toBeInstanceOf(Float64Array);
    expect(worker.terminated).toBe(true);
  });

  it("surfaces a bad job as an Error with the worker's message", async () => {
    const run = trainInWorker({...job, model: {kind: "mlp", spec: {...spec, width: 0}}}, {worker: new FakeWorker() as unknown as Worker});
    await expect(run.next()).rejects.toThrow("invalid width: 0 (expected an integer from 1 to 1024)");
    await expect(run.next()).resolves.toEqual({done: true, value: undefined});
  });

  it("lets the worker run at most `ahead` snapshots beyond those taken", async () => {
    const worker = new FakeWorker();
    const run = trainInWorker({...job, train: {...job.train, every: 1}}, {worker: worker as unknown as Worker, ahead: 3});
    await tick();
    expect(worker.sent).toBe(3);
    await run.next();
    await tick();
    expect(worker.sent).toBe(4);
    run.cancel();
  });

  it("stops the worker when a for-await loop breaks (return()), as Framework does on invalidation", async () => {
    const worker = new FakeWorker();
    const run = trainInWorker({...job, train: {...job.train, steps: 10_000}}, {worker: worker as unknown as Worker});
    for await (const s of run) if (s.step === 20) break;
    expect(worker.terminated).toBe(true);
    await expect(run.next()).resolves.toEqual({done: true, value: undefined});
  });

  it("rejects a bad ahead", () => {
    expect(() => trainInWorker(job, {ahead: 0, worker: new FakeWorker() as unknown as Worker})).toThrow("invalid ahead: 0 (expected an integer from 1 to 1000)");
  });
});
