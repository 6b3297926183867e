import {afterEach, describe, expect, it} from "vitest";
import {createNetwork, mseLoss, sgdStep, type Layer, type Network, type NetworkSpec} from "../../lib/index.js";
import {normals} from "./gradcheck.js";

/**
 * A training step at a fixed batch size allocates nothing after the first (lib/layer.ts's contract).
 * Two independent witnesses:
 * - every layer, nested ones included, returns the very same buffer objects from forward and backward
 *   on every step after the first;
 * - no Float64Array is constructed during the steps: the global Float64Array is swapped for a counting
 *   Proxy, and the real one's Symbol.species points at that Proxy, so `new Float64Array(n)`,
 *   `Float64Array.from(...)` and the arrays that slice, subarray or map derive are all counted.
 */

const RealFloat64Array = Float64Array;
let restore: (() => void) | null = null;

/** Counts Float64Array constructions until restore() is called. */
function spyOnFloat64Array(): {count(): number; restore(): void} {
  let constructed = 0;
  const spy: Float64ArrayConstructor = new Proxy(RealFloat64Array, {
    construct(target, args, newTarget): object {
      ++constructed;
      return Reflect.construct(target, args, newTarget === spy ? target : newTarget);
    }
  });
  globalThis.Float64Array = spy;
  Object.defineProperty(RealFloat64Array, Symbol.species, {get: () => spy, configurable: true});
  restore = () => {
    globalThis.Float64Array = RealFloat64Array;
    delete (RealFloat64Array as unknown as Record<symbol, unknown>)[Symbol.species];
    restore = null;
  };
  return {count: () => constructed, restore: () => restore?.()};
}

afterEach(() => restore?.());

/** Every layer of a network, nested ones included (sequential chains, residual branches and posts). */
function allLayers(net: Network): Layer[] {
  const out: Layer[] = [];
  const visit = (layer: Layer | null | undefined) => {
    if (!layer) return;
    out.push(layer);
    const inner = layer as Layer & {layers?: readonly Layer[]; branch?: Layer; shortcut?: Layer | null; post?: Layer | null};
    inner.layers?.forEach(visit);
    visit(inner.branch);
    visit(inner.shortcut);
    visit(inner.post);
  };
  net.layers.forEach(visit);
  return out;
}

/** Wraps each layer's forward and backward to record the buffer it returns on each call. */
function recordBuffers(layers: Layer[]): Map<Layer, {forward: Float64Array[]; backward: Float64Array[]}> {
  const seen = new Map<Layer, {forward: Float64Array[]; backward: Float64Array[]}>();
  for (const layer of layers) {
    const record = {forward: [] as Float64Array[], backward: [] as Float64Array[]};
    seen.set(layer, record);
    const {forward, backward} = layer;
    Object.assign(layer, {
      forward: (x: Float64Array, batch: number, training: boolean) => {
        const y = forward.call(layer, x, batch, training);
        record.forward.push(y);
        return y;
      },
      backward: (dy: Float64Array, batch: number) => {
        const dx = backward.call(layer, dy, batch);
        record.backward.push(dx);
        return dx;
      }
    });
  }
  return seen;
}

function trainer(spec: NetworkSpec, batch: number) {
  const net = createNetwork(spec);
  const x = normals(batch * spec.inputSize, 1), y = normals(batch * spec.outputSize, 2);
  const grad = new Float64Array(batch * spec.outputSize);
  const step = (n = batch) => {
    const loss = mseLoss(net.forward(x, n), y, n, spec.outputSize, grad);
    net.backward(grad, n);
    sgdStep(net.params, {learningRate: 0.01});
    return loss;
  };
  return {net, step, x, grad};
}

const specs: NetworkSpec[] = [];
for (const skip of [true, false]) {
  for (const block of ["post", "pre"] as const) {
    for (const branch of ["single", "double"] as const) {
      specs.push({inputSize: 3, outputSize: 2, width: 8, depth: 4, activation: branch === "single" ? "tanh" : "relu", skip, block, branch, seed: 3});
    }
  }
}

describe("a training step at a fixed batch size allocates nothing after the first", () => {
  for (const spec of specs) {
    const name = `${spec.skip ? "residual" : "plain"}, ${spec.block} blocks, ${spec.branch} branch, ${spec.activation}`;

    it(`${name}: every layer returns the same buffers on every step`, () => {
      const {net, step} = trainer(spec, 16);
      const layers = allLayers(net);
      const buffers = recordBuffers(layers);
      const params = net.params.map((p) => [p.w, p.dw]);
      for (let s = 0; s < 5; ++s) step();
      for (const layer of layers) {
        const {forward, backward} = buffers.get(layer)!;
        expect(forward.length, `${layer.kind} forward calls`).toBe(5);
        expect(backward.length, `${layer.kind} backward calls`).toBe(5);
        for (let s = 1; s < 5; ++s) {
          expect(forward[s], `${layer.kind} forward buffer at step ${s + 1}`).toBe(forward[0]);
          expect(backward[s], `${layer.kind} backward buffer at step ${s + 1}`).toBe(backward[0]);
        }
      }
      net.params.forEach((p, k) => {
        expect(p.w).toBe(params[k][0]);
        expect(p.dw).toBe(params[k][1]);
      });
    });

    it(`${name}: constructs no Float64Array after the first step, and still learns`, () => {
      const {step} = trainer(spec, 16);
      const first = step();
      const spy = spyOnFloat64Array();
      let last = first;
      for (let s = 0; s < 20; ++s) last = step();
      spy.restore();
      expect(spy.count()).toBe(0);
      expect(last).toBeLessThan(first); // the steps did real work
    });
  }

  it("the spy sees allocations: a bigger batch grows the buffers, then nothing more", () => {
    const {step} = trainer(specs[0], 16);
    step(8);
    const spy = spyOnFloat64Array();
    step(16);
    const grown = spy.count();
    step(16);
    step(8);
    const after = spy.count();
    spy.restore();
    expect(grown).toBeGreaterThan(0);
    expect(after).toBe(grown);
  });

  it("the spy counts Float64Array.from, slice and subarray too, and restores the real constructor", () => {
    const spy = spyOnFloat64Array();
    const a = new Float64Array(4);
    Float64Array.from([1, 2]);
    a.slice(1);
    a.subarray(1);
    spy.restore();
    expect(spy.count()).toBe(4);
    expect(globalThis.Float64Array).toBe(RealFloat64Array);
    expect(new Float64Array(2).slice(1)).toBeInstanceOf(RealFloat64Array);
  });
});
