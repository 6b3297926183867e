// Two ways to give a figure a task of its own: nextTask(value) hands a cell's value on after the
// current task, later(make) builds a figure in a later task. (A live figure's pace, at most a few
// redraws a second and never two figures in one frame, is pace.ts's paced.)

/**
 * Resolves with `value` after the current task. A cell whose value awaits it computes, and the figures
 * that read it draw, in a task of their own: two figures that depend on one value then cost two short
 * tasks instead of one long one.
 */
export function nextTask<T>(value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), 0));
}

/**
 * Calls `make` in a task of its own and resolves with what it returns (or rejects with what it throws).
 * Framework recomputes a page's cells inside an animation frame, and the browser then lays the page
 * out and paints in the same task: a figure built there costs its JavaScript plus the page's layout
 * in one main-thread task. Built in a later task instead, the figure is drawn in one task and laid
 * out in the next; meanwhile the cell keeps showing its previous figure (Framework replaces a cell's
 * output only when its new value arrives), so nothing flickers.
 *
 *   <div class="figure-wide">${later(() => fit((width) => BlockFactor(curve, {width})))}</div>
 */
export function later<T>(make: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(make());
      } catch (error) {
        reject(error);
      }
    }, 0)
  );
}
