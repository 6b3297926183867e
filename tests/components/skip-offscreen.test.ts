import {afterEach, describe, expect, it} from "vitest";
import {skipOffscreen, skippingClass} from "../../src/components/skip-offscreen.js";

// Stand-ins for the few browser globals skipOffscreen reads: the document's load state, animation
// frames (counted), and an element's classes.
const globals = globalThis as Record<string, unknown>;
let frames = 0;
function stubPage(readyState: string, marker: {classList: Set<string>} | null) {
  const listeners: (() => void)[] = [];
  globals.document = {readyState, querySelector: () => (marker ? {classList: {add: (c: string) => marker.classList.add(c)}} : null)};
  globals.requestAnimationFrame = (callback: () => void) => setTimeout(() => (++frames, callback()), 1);
  globals.addEventListener = (_: string, listener: () => void) => listeners.push(listener);
  return {load: () => listeners.forEach((listener) => listener())};
}

afterEach(() => {
  delete globals.document;
  delete globals.requestAnimationFrame;
  delete globals.addEventListener;
  frames = 0;
});

describe("skipOffscreen(marker)", () => {
  it("marks the marker two animation frames after the page has loaded, not before", async () => {
    const marker = {classList: new Set<string>()};
    const page = stubPage("interactive", marker);
    const done = skipOffscreen();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(marker.classList.has(skippingClass)).toBe(false); // still loading: nothing laid out yet
    page.load();
    await done;
    expect(frames).toBe(2);
    expect([...marker.classList]).toEqual(["px-skipping"]);
  });

  it("starts at once on a page already loaded, and does nothing on a page without a marker", async () => {
    const marker = {classList: new Set<string>()};
    stubPage("complete", marker);
    await skipOffscreen();
    expect(marker.classList.has(skippingClass)).toBe(true);
    stubPage("complete", null);
    await expect(skipOffscreen()).resolves.toBeUndefined();
  });
});
