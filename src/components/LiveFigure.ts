// LiveFigure: a place on the page where a live run's figure redraws in place. A page makes one per run
// (a cell that depends on the run's settings), displays it once, and calls update(render) from the cell
// that sees each new value of the run, so the redraws never re-run the display cell.
//
// Why not simply redraw in the display cell: a veiled figure (predict first) would then be replaced
// several times a second, and a press on its Reveal button would land on one button and end on its
// replacement, so no click would happen. A veiled figure here holds still; on Reveal it redraws at once.

export interface LiveFigureElement extends HTMLDivElement {
  /** Draws render(width) in place, now and whenever the width changes; null clears. Holds while veiled. */
  update(render: ((width: number) => Node) | null): void;
}

export function LiveFigure(): LiveFigureElement {
  const root = document.createElement("div") as LiveFigureElement;
  root.className = "px-live-figure";
  let render: ((width: number) => Node) | null = null;
  let width = 0;
  let drawn = false; // a figure from some render is on show

  const draw = () => {
    if (render === null) {
      root.replaceChildren();
      drawn = false;
      return;
    }
    if (width === 0) return; // not laid out yet: the ResizeObserver calls again
    // A veiled figure shows nothing of its data: keep it, so the reader's press on Reveal is not lost.
    if (drawn && root.querySelector(":scope > .px-veiled")) return;
    root.replaceChildren(render(width));
    drawn = true;
  };

  new ResizeObserver(([entry]) => {
    const w = Math.floor(entry.contentRect.width);
    if (w !== width) {
      width = w;
      draw();
    }
  }).observe(root);
  // Frame's Reveal handler runs on the button first; by the time the click bubbles here the veil is gone.
  root.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest(".px-veil")) draw();
  });
  root.update = (next) => {
    render = next;
    draw();
  };
  return root;
}
