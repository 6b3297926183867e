import {afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {later, nextTask} from "../../src/components/tasks.js";

const flush = async () => {
  for (let i = 0; i < 5; ++i) await Promise.resolve();
};

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

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
