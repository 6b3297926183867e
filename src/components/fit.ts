/**
 * fit: Framework's resize(), for a figure that is redrawn often. resize() returns an empty box and
 * draws into it only when a ResizeObserver reports the box's width, so every redraw lays the page
 * out twice (once with the box empty and the page below it moved up, once with the figure back):
 * on a long page of typeset math that doubles the cost of a training figure's redraw (issue 7). fit()
 * draws at once, at the width the box will have (the main column's content width, at most `max`),
 * and still redraws when the box's width changes (a window resized, a phone turned).
 *
 *   <div class="figure-wide">${fit((width) => LossCurves(runs, {width}))}</div>
 */

export interface FitOptions {
  /** The most the figure's box is wide, in CSS pixels; default 960, as .figure-wide in style.css. */
  max?: number;
  /** Resolves when the cell is invalidated (Framework's `invalidation`): stops watching the width. */
  invalidation?: Promise<unknown>;
}

/** The main column and its content width as last measured or reported, or null before the first fit(). */
let column: {main: HTMLElement; width: number} | null = null;

/**
 * The content width of Framework's main column, or 640 outside a Framework page. Measured once per
 * page, then kept up to date by a ResizeObserver: reading clientWidth while the page holds changes
 * not yet laid out (a cell's new output, the previous figure drawn in the same task) forces a layout
 * of the whole page in the middle of the task, tens of milliseconds on a long page of typeset math,
 * and the observer is told of every change of the width anyway (after layout, before paint).
 */
export function columnWidth(): number {
  const main = document.getElementById("observablehq-main");
  if (!main) return 640;
  if (column?.main !== main) {
    const style = getComputedStyle(main);
    const seen = {main, width: main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)};
    column = seen;
    // contentRect is the content box: the client width less the padding, as measured above.
    new ResizeObserver(([entry]) => {
      if (entry.contentRect.width > 0) seen.width = entry.contentRect.width;
    }).observe(main);
  }
  return column.width;
}

/** A box holding render(width), drawn at once and again whenever the box's width changes. */
export function fit(render: (width: number) => Node, {max = 960, invalidation}: FitOptions = {}): HTMLElement {
  const box = document.createElement("div");
  box.style.position = "relative";
  let width = Math.min(max, columnWidth());
  if (width > 0) box.append(render(width));
  const observer = new ResizeObserver(([entry]) => {
    const seen = entry.contentRect.width;
    if (seen <= 0 || Math.abs(seen - width) < 0.5) return; // drawn at this width already
    width = seen;
    box.replaceChildren(render(width));
  });
  observer.observe(box);
  void invalidation?.then(() => observer.disconnect());
  return box;
}
