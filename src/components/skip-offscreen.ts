// skip-offscreen: let the browser skip the style, layout and paint of a page's blocks while they are
// out of view (content-visibility: auto), once each has been laid out once. A page opts in with a
// marker before its blocks and this module's import:
//
//   <div class="px-skip-offscreen" hidden></div>        (first thing after the front matter)
//   import "./components/skip-offscreen.js";             (in the first cell)
//
// Why: a figure that redraws, or draws at load, makes the browser lay the page out again; on a long
// page of prose and math that costs a full layout of every block each time (issue 7: /projection's
// redraws and its load). Skipped blocks are left out of it.
//
// Why only after a first layout: a block skipped before it was ever laid out counts as a 200 px
// placeholder (style.css); when it is laid out later at its true height, everything below it moves,
// and a reader who jumped far down the page (a link to a figure, scrollIntoView) is carried away
// from what they jumped to. A block laid out once keeps its last height while skipped
// (contain-intrinsic-size: auto), so turning skipping on only then moves nothing.

/** The class style.css turns skipping on with, set on the marker. */
export const skippingClass = "px-skipping";

/**
 * Turns on skipping for the blocks after `marker` (an element, or found with the selector) once the
 * page has loaded and been laid out (two animation frames after the load event). Does nothing
 * without a marker. Returns a promise that resolves once skipping is on (or found nothing to do).
 */
export function skipOffscreen(marker: Element | string = ".px-skip-offscreen"): Promise<void> {
  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  const loaded = document.readyState === "complete" ? Promise.resolve() : new Promise<void>((resolve) => addEventListener("load", () => resolve(), {once: true}));
  return loaded
    .then(frame)
    .then(frame) // the first layout's sizes are recorded (contain-intrinsic-size: auto) by now
    .then(() => {
      const element = typeof marker === "string" ? document.querySelector(marker) : marker;
      element?.classList.add(skippingClass);
    });
}

if (typeof document !== "undefined") void skipOffscreen();
