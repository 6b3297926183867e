import {describe, expect, it} from "vitest";
import {mergeLatest} from "../../src/components/merge-latest.js";

/** An async iterator of `values`, one per macrotask, recording whether return() was called. */
function source<T>(values: T[], {fail = false} = {}) {
  let i = 0;
  const it = {
    returned: false,
    async next(): Promise<IteratorResult<T, undefined>> {
      await new Promise((r) => setImmediate(r));
      if (it.returned) return {done: true, value: undefined};
      if (i < values.length) return {done: false, value: values[i++]};
      if (fail) throw new Error("source failed");
      return {done: true, value: undefined};
    },
    async return(): Promise<IteratorResult<T, undefined>> {
      it.returned = true;
      return {done: true, value: undefined};
    }
  };
  return it;
}

async function all<T>(run: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of run) out.push(v);
  return out;
}

describe("mergeLatest(sources, start)", () => {
  it("yields the start value first and ends holding every source's last value", async () => {
    const values = await all(mergeLatest({a: source([1, 2, 3]), b: source([10, 20])}, {a: 0, b: 0}));
    expect(values[0]).toEqual({a: 0, b: 0});
    expect(values[values.length - 1]).toEqual({a: 3, b: 20});
    // Each key only moves forward.
    for (let i = 1; i < values.length; ++i) {
      expect(values[i].a).toBeGreaterThanOrEqual(values[i - 1].a);
      expect(values[i].b).toBeGreaterThanOrEqual(values[i - 1].b);
    }
  });

  it("merges news that arrived while the reader was busy into one value", async () => {
    const run = mergeLatest({a: source([1, 2, 3, 4, 5])}, {a: 0});
    expect((await run.next()).value).toEqual({a: 0});
    await new Promise((r) => setTimeout(r, 50)); // all five values arrive meanwhile
    expect((await run.next()).value).toEqual({a: 5});
    expect((await run.next()).done).toBe(true);
  });

  it("returns every source when returned, even while a next() is waiting", async () => {
    const a = source([1, 2, 3]), b = source([1]);
    const run = mergeLatest({a, b}, {a: 0, b: 0});
    await run.next();
    const pending = run.next();
    await run.return();
    expect(await pending).toEqual({done: true, value: undefined});
    expect(a.returned && b.returned).toBe(true);
    expect((await run.next()).done).toBe(true);
  });

  it("rejects with a source's error after the values before it, and stops the other sources", async () => {
    const other = source([1, 2, 3, 4, 5, 6, 7, 8]);
    const run = mergeLatest({bad: source([1], {fail: true}), other}, {bad: 0, other: 0});
    await expect(all(run)).rejects.toThrow("source failed");
    expect(other.returned).toBe(true);
  });
});
