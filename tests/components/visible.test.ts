import {afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {pauseOffscreen, visible} from "../../src/components/visible.js";

// A stand-in viewport: IntersectionObserver reports `onScreen` for every target at once and when
// `scroll()` changes it; the document is visible. Enough for visible() and pauseOffscreen().
let onScreen = true;
const observers = new Set<{callback: IntersectionObserverCallback; targets: Element[]}>();
function entry(): IntersectionObserverEntry {
  const area = onScreen ? {width: 100, height: 50} : {width: 0, height: 0};
  return {isIntersecting: onScreen, intersectionRect: area, boundingClientRect: {width: 100, height: 50}} as unknown as IntersectionObserverEntry;
}
function scroll(to: boolean) {
  onScreen = to;
  for (const o of observers) if (o.targets.length) o.callback([entry()], o as unknown as IntersectionObserver);
}
const element = {isConnected: true} as unknown as Element;

beforeEach(() => {
  onScreen = true;
  observers.clear();
  vi.stubGlobal(
    "IntersectionObserver",
    class {
      targets: Element[] = [];
      constructor(public callback: IntersectionObserverCallback) {
        observers.add(this);
      }
      observe(target: Element) {
        this.targets.push(target);
        queueMicrotask(() => this.callback([entry()], this as unknown as IntersectionObserver));
      }
      disconnect() {
        this.targets = [];
        observers.delete(this);
      }
    }
  );
  vi.stubGlobal("document", {visibilityState: "visible", addEventListener() {}, removeEventListener() {}, querySelector: () => null});
});
afterEach(() => void vi.unstubAllGlobals());

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("visible(target)", () => {
  it("resolves at once for an element on screen, and for a selector that matches nothing", async () => {
    await visible(element);
    await visible("#nothing");
  });

  it("waits while the element is off screen", async () => {
    onScreen = false;
    let done = false;
    const waiting = visible(element).then(() => (done = true));
    await tick();
    expect(done).toBe(false);
    scroll(true);
    await waiting;
    expect(observers.size).toBe(0); // the observer is let go
  });
});

describe("pauseOffscreen(source, target)", () => {
  it("passes values through while the target is visible", async () => {
    const values: number[] = [];
    for await (const value of pauseOffscreen([1, 2, 3], element)) values.push(value);
    expect(values).toEqual([1, 2, 3]);
  });

  it("does not ask the source for more while the target is off screen", async () => {
    let pulled = 0;
    const source = (function* () {
      for (;;) yield ++pulled;
    })();
    const run = pauseOffscreen(source, element);
    expect((await run.next()).value).toBe(1);
    scroll(false);
    const next = run.next();
    await tick();
    expect(pulled).toBe(1);
    scroll(true);
    expect((await next).value).toBe(2);
  });

  it("return() stops the source at once, even while waiting for the target", async () => {
    const stop = vi.fn(async () => ({done: true as const, value: undefined}));
    const source = {next: async () => ({done: false as const, value: 1}), return: stop, [Symbol.asyncIterator]() { return this; }};
    onScreen = false;
    const run = pauseOffscreen(source, element);
    const pending = run.next();
    await run.return!();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(await pending).toEqual({done: true, value: undefined});
  });

  it("makes the source's iterator only once the target is in view (a worker for a figure below the fold is not started)", async () => {
    const {source, started} = lazySource(7);
    onScreen = false;
    const run = pauseOffscreen(source, element);
    const first = run.next();
    await tick();
    expect(started()).toBe(0);
    scroll(true);
    expect((await first).value).toBe(7);
    expect(started()).toBe(1);
    await run.return!();
  });

  it("return() before the target was ever in view makes no iterator (nothing was started, nothing to stop)", async () => {
    const {source, started} = lazySource(7);
    onScreen = false;
    const run = pauseOffscreen(source, element);
    const pending = run.next();
    await run.return!();
    expect(await pending).toEqual({done: true, value: undefined});
    expect(started()).toBe(0);
  });
});

/** An iterable whose iterator (yielding `value` once) is made on demand, counting how often: a training run not yet started. */
function lazySource(value: number) {
  let made = 0;
  const source = {
    [Symbol.asyncIterator]() {
      made++;
      return [value][Symbol.iterator]() as unknown as AsyncIterator<number>;
    }
  };
  return {source, started: () => made};
}
