// storage: the browser's localStorage and sessionStorage, treated as optional. A browser set to block
// site data throws a SecurityError on any read of window.localStorage or window.sessionStorage, and a
// full (or zero-sized, as in some private windows) store throws QuotaExceededError on setItem. What a
// page remembers (an exercise answered, a veil lifted) is a convenience, never a reason for a figure
// or an exercise to fail: every use goes through these functions, and none of them throws.

/** Which store: kept across visits (localStorage) or for the tab's session (sessionStorage). */
export type StorageArea = "localStorage" | "sessionStorage";

/** The value stored under key, or fallback (default null) when there is none or storage is blocked. */
export function readItem(area: StorageArea, key: string, fallback: string | null = null): string | null {
  try {
    return globalThis[area].getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Stores value under key; dropped when storage is blocked or full (the page works on without it). */
export function writeItem(area: StorageArea, key: string, value: string): void {
  try {
    globalThis[area].setItem(key, value);
  } catch {
    // SecurityError (site data blocked) or QuotaExceededError (full): nothing is remembered.
  }
}

/** Whether what is written now can be read back later: a write and a removal both succeed. */
export function storageWorks(area: StorageArea): boolean {
  const probe = "px-storage-probe";
  try {
    const storage = globalThis[area];
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}
