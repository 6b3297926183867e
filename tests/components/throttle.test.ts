import {afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {later, liveFigure, nextTask, throttle} from "../../src/components/throttle.js";

/** A source whose values the test pushes; it records when it was returned. */
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
    push: (value: T) => (queue.push(value), poke()),
    end: () => ((ended = true), poke()),
    fail: (error: Error) => ((failure = error), poke())
  };
}

/** next(), with fake timers run until it settles (the first value waits one task). */
async function step<T>(t: AsyncIterator<T>): Promise<IteratorResult<T>> {
  const result = t.next();
  await vi.advanceTimersByTimeAsync(1);
  return result;
}

const flush = async () => {
  for (let i = 0; i < 5; ++i) await Promise.resolve();
};

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe("throttle(source, {interval})", () => {
  it("hands on the first value at once, then only the latest, at most once per interval", async () => {
    const s = pushed<number>();
    const t = throttle(s.source, {interval: 250});
    s.push(1);
    expect(await step(t)).toEqual({done: false, value: 1});
    let second: IteratorResult<number> | null = null;
    void t.next().then((r) => (second = r));
    s.push(2);
    s.push(3);
    await flush();
    await vi.advanceTimersByTimeAsync(100);
    expect(second).toBeNull(); // too soon
    s.push(4);
    await vi.advanceTimersByTimeAsync(200);
    expect(second).toEqual({done: false, value: 4}); // 2 and 3 were dropped
  });

  it("hands the first value on in a later task than the one that asked (the figure draws in a task of its own)", async () => {
    const t = throttle([1]);
    let got = false;
    void t.next().then(() => (got = true));
    await flush();
    expect(got).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toBe(true);
  });

  it("hands on the source's last value before ending, and ends", async () => {
    const s = pushed<string>();
    const t = throttle(s.source, {interval: 1000});
    s.push("a");
    expect((await step(t)).value).toBe("a");
    s.push("b");
    s.push("last");
    s.end();
    const last = t.next();
    await vi.advanceTimersByTimeAsync(1000);
    expect(await last).toEqual({done: false, value: "last"});
    expect((await t.next()).done).toBe(true);
  });

  it("throws the source's error after the values before it", async () => {
    const s = pushed<number>();
    const t = throttle(s.source, {interval: 0});
    s.push(1);
    s.fail(new Error("bad depth"));
    expect((await step(t)).value).toBe(1);
    await expect(t.next()).rejects.toThrow("bad depth");
  });

  it("returns the source at once when returned, and then ends", async () => {
    const s = pushed<number>();
    const t = throttle(s.source);
    const waiting = t.next();
    await t.return!();
    expect(s.state.returned).toBe(true);
    expect((await waiting).done).toBe(true);
    expect((await t.next()).done).toBe(true);
  });

  it("waits for ready() before handing on each value after the first, then hands on the newest", async () => {
    const s = pushed<number>();
    let open: (() => void) | null = null;
    let signal: AbortSignal | null = null;
    const t = throttle(s.source, {interval: 0, ready: (abort) => ((signal = abort), new Promise<void>((resolve) => (open = resolve)))});
    s.push(1);
    expect((await step(t)).value).toBe(1); // the first value does not wait
    s.push(2);
    let next: IteratorResult<number> | null = null;
    void t.next().then((r) => (next = r));
    await vi.advanceTimersByTimeAsync(50);
    expect(next).toBeNull(); // held: not ready
    s.push(3);
    await vi.advanceTimersByTimeAsync(1);
    open!();
    await flush();
    expect(next).toEqual({done: false, value: 3});
    expect(signal!.aborted).toBe(false);
    await t.return!();
    expect(signal!.aborted).toBe(true);
  });

  it("refuses an interval that is not a number of ms from 0 to 60000", () => {
    expect(() => throttle([1], {interval: -1})).toThrow("invalid interval: -1 (expected a number of ms from 0 to 60000)");
    expect(() => throttle([1], {interval: NaN})).toThrow("invalid interval: NaN");
  });
});

/**
 * Stubs the globals visible() reads: an IntersectionObserver that reports `onScreen()` when it starts
 * observing and whenever report() is called, and a visible document. Undo with vi.unstubAllGlobals().
 */
function stubView(onScreen: () => boolean): {report: () => void} {
  let observer: (() => void) | null = null;
  vi.stubGlobal(
    "IntersectionObserver",
    class {
      constructor(private callback: IntersectionObserverCallback) {}
      observe() {
        observer = () => {
          const on = onScreen();
          this.callback([{isIntersecting: on, intersectionRect: {width: on ? 10 : 0, height: 10}, boundingClientRect: {width: 10, height: 10}} as unknown as IntersectionObserverEntry], this as unknown as IntersectionObserver);
        };
        queueMicrotask(observer);
      }
      disconnect() {}
    }
  );
  vi.stubGlobal("document", {visibilityState: "visible", addEventListener() {}, removeEventListener() {}});
  return {report: () => observer?.()};
}

describe("liveFigure(source, figure)", () => {
  it("lets the first value through while the figure is out of view, and holds the rest until it is back", async () => {
    let onScreen = false;
    const view = stubView(() => onScreen);
    try {
      const s = pushed<number>();
      const live = liveFigure(s.source, {isConnected: true} as unknown as Element, {interval: 0});
      s.push(0);
      s.push(1);
      expect(await step(live)).toEqual({done: false, value: 0});
      let next: IteratorResult<number> | null = null;
      void live.next().then((r) => (next = r));
      await vi.advanceTimersByTimeAsync(50);
      expect(next).toBeNull(); // out of view: the source is not asked again
      expect(s.state.asked).toBe(1);
      onScreen = true;
      view.report();
      await vi.advanceTimersByTimeAsync(50);
      expect(next).toEqual({done: false, value: 1});
      await live.return!();
      expect(s.state.returned).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("return() stops the source even when the figure never came into view", async () => {
    stubView(() => false);
    try {
      const s = pushed<number>();
      const live = liveFigure(s.source, {isConnected: true} as unknown as Element, {interval: 0});
      s.push(0);
      expect(await step(live)).toEqual({done: false, value: 0});
      void live.next();
      await vi.advanceTimersByTimeAsync(50);
      await live.return!();
      expect(s.state.returned).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("nextTask(value)", () => {
  it("resolves with the value after the current task, not within it", async () => {
    let got: number | null = null;
    void nextTask(7).then((v) => (got = v));
    await flush();
    expect(got).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toBe(7);
  });
});

describe("later(make)", () => {
  it("calls make in a later task, not within the current one, and resolves with its value", async () => {
    let calls = 0;
    let got: string | null = null;
    void later(() => (++calls, "drawn")).then((v) => (got = v));
    await flush();
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    expect(got).toBe("drawn");
  });

  it("rejects with what make throws", async () => {
    const drawn = later(() => {
      throw new RangeError("invalid width: -1");
    });
    const seen = drawn.catch((error: Error) => error.message);
    await vi.advanceTimersByTimeAsync(0);
    expect(await seen).toBe("invalid width: -1");
  });
});
