import {afterEach, describe, expect, it} from "vitest";
import {readItem, storageWorks, writeItem} from "../../src/components/storage.js";

/** A working store, as a Map behind the Storage methods the module calls. */
function memory(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key)
  } as Storage;
}

/** A store that reads but is full: setItem throws, as Safari's private windows did. */
function full(): Storage {
  return {
    ...memory(),
    getItem: () => null,
    setItem: () => {
      throw new DOMException("quota", "QuotaExceededError");
    }
  } as Storage;
}

/** globalThis.localStorage as a browser blocking site data has it: reading the property throws. */
function block(): void {
  Object.defineProperty(globalThis, "localStorage", {
    configurable: true,
    get() {
      throw new DOMException("denied", "SecurityError");
    }
  });
}

function use(storage: Storage): void {
  Object.defineProperty(globalThis, "localStorage", {configurable: true, value: storage});
}

afterEach(() => {
  delete (globalThis as {localStorage?: Storage}).localStorage;
});

describe("readItem(area, key, fallback)", () => {
  it("reads what writeItem stored", () => {
    use(memory());
    writeItem("localStorage", "k", "right");
    expect(readItem("localStorage", "k")).toBe("right");
  });

  it("gives the fallback (default null) for a key never stored", () => {
    use(memory());
    expect(readItem("localStorage", "k")).toBe(null);
    expect(readItem("localStorage", "k", "none")).toBe("none");
  });

  it("gives the fallback when storage is blocked", () => {
    block();
    expect(readItem("localStorage", "k")).toBe(null);
    expect(readItem("localStorage", "k", "none")).toBe("none");
  });
});

describe("writeItem(area, key, value)", () => {
  it("drops the write when storage is blocked", () => {
    block();
    expect(() => writeItem("localStorage", "k", "right")).not.toThrow();
  });

  it("drops the write when storage is full (QuotaExceededError)", () => {
    use(full());
    expect(() => writeItem("localStorage", "k", "right")).not.toThrow();
    expect(readItem("localStorage", "k")).toBe(null);
  });
});

describe("storageWorks(area)", () => {
  it("is true for working storage, and leaves nothing behind", () => {
    const storage = memory();
    use(storage);
    expect(storageWorks("localStorage")).toBe(true);
    expect(storage.getItem("px-storage-probe")).toBe(null);
  });

  it("is false when storage is blocked", () => {
    block();
    expect(storageWorks("localStorage")).toBe(false);
  });

  it("is false when storage is full", () => {
    use(full());
    expect(storageWorks("localStorage")).toBe(false);
  });

  it("is false where there is no storage at all (a worker, Node)", () => {
    expect(storageWorks("sessionStorage")).toBe(false);
  });
});
