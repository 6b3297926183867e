import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from "vitest";
import {figureGap, keepNewest, paced} from "../../src/components/pace.js";

/** A source that gives the values the test pushes, one per next(), in order; it records how often it was asked and whether it was returned. */
function pushed<T>() {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: Error | null = null;
  const state = {returned: false, asked: 0};
  const source: AsyncIterableIterator<T> = {
    async next() {
      ++state.asked;
      while (queue.length === 0 && !ended && !failure && !state.returned) await new Promise<void>((resolve) => (wake = resolve));
      if (queue.length > 0) return {done: false, value: queue.shift()!};
      if (failure) throw failure;
      return {done: true, value: undefined};
    },
    async return() {
      state.returned = true;
      wake?.();
      return {done: true, value: undefined};
    },
    [Symbol.asyncIterator]() {
      return source;
    }
  };
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    source,
    state,
    queued: () => queue.length,
    push: (value: T) => (queue.push(value), poke()),
    end: () => ((ended = true), poke()),
    fail: (error: Error) => ((failure = error), poke())
  };
}

/** Watches a next(): `result` is null until it settles. */
function watchNext<T>(iterator: AsyncIterator<T>): {result: IteratorResult<T> | null; error: unknown} {
  const seen: {result: IteratorResult<T> | null; error: unknown} = {result: null, error: null};
  iterator.next().then(
    (r) => (seen.result = r),
    (e) => (seen.error = e)
  );
  return seen;
}

/** next(), with fake timers run long enough for its turn (a frame) to come. */
async function step<T>(iterator: AsyncIterator<T>): Promise<IteratorResult<T>> {
  const result = iterator.next();
  await vi.advanceTimersByTimeAsync(figureGap + 20);
  return result;
}

const flush = async () => {
  for (let i = 0; i < 10; ++i) await Promise.resolve();
};

/**
 * Stubs the globals visible() reads: an IntersectionObserver that reports `onScreen()` when it starts
 * observing and whenever report() is called, and a visible document. Undone in afterEach.
 */
function stubView(onScreen: () => boolean): {report: () => void} {
  const observers = new Set<() => void>();
  vi.stubGlobal(
    "IntersectionObserver",
    class {
      private observer: (() => void) | null = null;
      constructor(private callback: IntersectionObserverCallback) {}
      observe() {
        this.observer = () => {
          const on = onScreen();
          this.callback([{isIntersecting: on, intersectionRect: {width: on ? 10 : 0, height: 10}, boundingClientRect: {width: 10, height: 10}} as unknown as IntersectionObserverEntry], this as unknown as IntersectionObserver);
        };
        observers.add(this.observer);
        queueMicrotask(this.observer);
      }
      disconnect() {
        if (this.observer) observers.delete(this.observer);
      }
    }
  );
  vi.stubGlobal("document", {visibilityState: "visible", addEventListener() {}, removeEventListener() {}});
  return {report: () => [...observers].forEach((report) => report())};
}
const figure = {isConnected: true} as unknown as Element;

// One fake clock for the whole file: the page's turn queue (module state of pace.ts, as on a page)
// must see time run on, not restart, between tests.
beforeAll(() => void vi.useFakeTimers());
afterAll(() => void vi.useRealTimers());
afterEach(() => void vi.unstubAllGlobals());

describe("paced(source, {every})", () => {
  it("passes the first value on in a later frame, not in the task that asked", async () => {
    const s = pushed<number>();
    s.push(1);
    const seen = watchNext(paced(s.source));
    await flush();
    expect(seen.result).toBeNull();
    await vi.advanceTimersByTimeAsync(figureGap + 20);
    expect(seen.result).toEqual({done: false, value: 1});
  });

  it("asks the source for the next value only `every` ms after the last one was passed on", async () => {
    const s = pushed<number>();
    const live = paced(s.source, {every: 500});
    s.push(1);
    expect(await step(live)).toEqual({done: false, value: 1});
    s.push(2);
    const seen = watchNext(live);
    await vi.advanceTimersByTimeAsync(300);
    expect(s.state.asked).toBe(1);
    expect(seen.result).toBeNull();
    await vi.advanceTimersByTimeAsync(300);
    expect(s.state.asked).toBe(2);
    expect(seen.result).toEqual({done: false, value: 2});
  });

  it("never passes two figures' values on in the same frame: they take turns, figureGap ms apart", async () => {
    const a = pushed<string>();
    const b = pushed<string>();
    a.push("a");
    b.push("b");
    const at: Record<string, number> = {};
    void paced(a.source).next().then(() => (at.a = performance.now()));
    void paced(b.source).next().then(() => (at.b = performance.now()));
    await vi.advanceTimersByTimeAsync(4 * figureGap);
    expect(Object.keys(at).sort()).toEqual(["a", "b"]);
    expect(at.b - at.a).toBeGreaterThanOrEqual(figureGap);
  });

  it("passes the source's end on", async () => {
    const s = pushed<number>();
    s.end();
    expect(await step(paced(s.source))).toEqual({done: true, value: undefined});
  });

  it("returns the source at once when returned mid-wait, and then ends", async () => {
    const s = pushed<number>();
    const live = paced(s.source, {every: 1000});
    s.push(1);
    await step(live);
    const waiting = live.next();
    await live.return();
    expect(s.state.returned).toBe(true);
    expect((await waiting).done).toBe(true);
    expect((await live.next()).done).toBe(true);
  });

  it("refuses an `every` that is not a number of ms from 0 to 10000", () => {
    expect(() => paced(pushed<number>().source, {every: -1})).toThrow("invalid every: -1 (expected a number of milliseconds from 0 to 10000)");
    expect(() => paced(pushed<number>().source, {every: NaN})).toThrow("invalid every: NaN");
    expect(() => paced(pushed<number>().source, {every: 60_000})).toThrow("invalid every: 60000");
  });
});

describe("keepNewest(source), paced", () => {
  it("takes the source's values as they come, and passes on only the newest, at most once per `every`", async () => {
    const s = pushed<number>();
    const live = paced(keepNewest(s.source), {every: 250});
    s.push(1);
    expect(await step(live)).toEqual({done: false, value: 1});
    const seen = watchNext(live);
    s.push(2);
    s.push(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(s.queued()).toBe(0); // taken although not yet passed on: a worker computing ahead never waits on the pace
    expect(seen.result).toBeNull(); // too soon
    s.push(4);
    await vi.advanceTimersByTimeAsync(250);
    expect(seen.result).toEqual({done: false, value: 4}); // 2 and 3 were dropped
  });

  it("passes the source's last value on before ending", async () => {
    const s = pushed<string>();
    const live = paced(keepNewest(s.source), {every: 1000});
    s.push("a");
    expect((await step(live)).value).toBe("a");
    s.push("b");
    s.push("last");
    s.end();
    const last = live.next();
    await vi.advanceTimersByTimeAsync(1000 + figureGap);
    expect(await last).toEqual({done: false, value: "last"});
    const end = live.next();
    await vi.advanceTimersByTimeAsync(1000);
    expect((await end).done).toBe(true);
  });

  it("throws the source's error after the values before it", async () => {
    const s = pushed<number>();
    const live = paced(keepNewest(s.source), {every: 0});
    s.push(1);
    s.fail(new Error("bad depth"));
    expect((await step(live)).value).toBe(1);
    const seen = watchNext(live);
    await vi.advanceTimersByTimeAsync(figureGap);
    expect(String(seen.error)).toContain("bad depth");
  });

  it("returns the source at once when returned, and then ends", async () => {
    const s = pushed<number>();
    const live = paced(keepNewest(s.source));
    const waiting = live.next();
    await live.return();
    expect(s.state.returned).toBe(true);
    expect((await waiting).done).toBe(true);
    expect((await live.next()).done).toBe(true);
  });
});

describe("keepNewest(source, {pauseOffscreen: figure})", () => {
  it("lets the first value through while the figure is out of view, and holds the rest until it is back", async () => {
    let onScreen = false;
    const view = stubView(() => onScreen);
    const s = pushed<number>();
    const live = paced(keepNewest(s.source, {pauseOffscreen: figure}), {every: 0});
    s.push(0);
    s.push(1);
    expect(await step(live)).toEqual({done: false, value: 0});
    const seen = watchNext(live);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen.result).toBeNull(); // out of view: the source is not asked again (its worker pauses)
    expect(s.state.asked).toBe(1);
    onScreen = true;
    view.report();
    await vi.advanceTimersByTimeAsync(figureGap + 20);
    expect(seen.result).toEqual({done: false, value: 1});
    await live.return();
    expect(s.state.returned).toBe(true);
  });

  it("holds a value taken in view until the figure is back, if it left the view before its turn", async () => {
    let onScreen = true;
    const view = stubView(() => onScreen);
    const s = pushed<number>();
    const live = paced(keepNewest(s.source, {pauseOffscreen: figure}), {every: 1000});
    s.push(0);
    expect((await step(live)).value).toBe(0);
    const seen = watchNext(live);
    s.push(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(s.queued()).toBe(0); // taken while in view
    onScreen = false;
    view.report();
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen.result).toBeNull(); // not drawn out of view
    onScreen = true;
    view.report();
    await vi.advanceTimersByTimeAsync(figureGap + 20);
    expect(seen.result).toEqual({done: false, value: 1});
  });

  it("with firstInView, holds the first value too until the figure is in view", async () => {
    let onScreen = false;
    const view = stubView(() => onScreen);
    const s = pushed<number>();
    const live = paced(keepNewest(s.source, {pauseOffscreen: figure, firstInView: true}), {every: 0});
    s.push(0);
    const seen = watchNext(live);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen.result).toBeNull();
    expect(s.state.asked).toBe(0);
    onScreen = true;
    view.report();
    await vi.advanceTimersByTimeAsync(figureGap + 20);
    expect(seen.result).toEqual({done: false, value: 0});
  });

  it("return() stops the source even when the figure never came into view", async () => {
    stubView(() => false);
    const s = pushed<number>();
    const live = paced(keepNewest(s.source, {pauseOffscreen: figure}), {every: 0});
    s.push(0);
    expect(await step(live)).toEqual({done: false, value: 0});
    const waiting = live.next();
    await vi.advanceTimersByTimeAsync(500);
    await live.return();
    expect(s.state.returned).toBe(true);
    expect((await waiting).done).toBe(true);
  });
});
