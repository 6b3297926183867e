// Presenter mode: any page opened with `?present` (or after pressing P) shows one slide at a time,
// sized for a projector. Slides are cut by slides.ts from the page's own blocks: each h1/h2 starts
// one, a section too tall for the screen continues on the next. Nothing is moved or copied: the
// blocks of other slides get the class px-off (zero height, invisible, full width: see ui.css), so
// Framework keeps rendering its cells in place, resize() keeps its width, and knobs stay live.
//
// Keys (ignored while typing in a box, a select or a slider, so knobs keep their arrow keys):
//   PageDown, ArrowRight, Space: next slide    PageUp, ArrowLeft: previous    Home, End
//   Escape: leave presenter mode               P: enter or leave
// The slide number lives in the URL (`?present=3`, written with replaceState) so a reload keeps
// the place.
import {chartCap, paginate, slideNumber, type Block, type Slide} from "./slides.js";
import {writeParam} from "./state.js";

/** The design size of a slide: layouts are computed for it and zoomed to fill larger screens. */
const design = {width: 1280, height: 720};
/** Charts a slide may shrink (Frame marks its charts role=img). */
const charts = ".px-figure-body svg[role='img'], .px-figure-body canvas";
/** The smallest a chart is drawn to fit a slide, in design pixels. */
const chartFloor = 240;
/** The floor for each of a block's `count` charts, in design pixels: one chart gets chartFloor, a stack shares 1.5 floors, down to 160 px each. */
const floorEach = (count: number) => Math.min(chartFloor, Math.max((chartFloor * 2) / 3, (chartFloor * 1.5) / Math.max(1, count)));
/** Height of the slide bar at the bottom, in design pixels (see .px-present-bar in ui.css). */
const barHeight = 40;
/** Room kept free under the last block, in design pixels (margin estimates are not exact). */
const slack = 12;

export interface Presenter {
  /** Enters presenter mode at slide n (1-based; default the URL's or 1). */
  enter(n?: number): void;
  leave(): void;
  toggle(): void;
  readonly presenting: boolean;
}

/** Sets up presenter mode for a page whose content is `main`; enters it at once if the URL asks. */
export function presenter(main: HTMLElement, {key = "p"}: {key?: string} = {}): Presenter {
  const root = document.documentElement;
  const bar = slideBar();
  let presenting = false;
  let wanted = 1; // the slide asked for (URL or keys); shown as min(wanted, slide count)
  // Once the presenter has moved to a slide, it is held by its first block: a figure that grows
  // or shrinks (training, a knob moved) can move the cuts, and the slide shown follows its content
  // rather than its number (which the URL then follows). Until then (a page just opened at
  // ?present=3, its figures still coming) the number holds. A focused control holds its slide
  // before anything else: a knob being moved stays on screen even when its figure moves the cuts.
  let anchor: {block: Element; from?: number} | null = null;
  let slides: Slide[] = [];
  let blocks: HTMLElement[] = [];
  let current = 0;
  let frame = 0;
  let timer = 0; // a re-cut is scheduled: see later()
  const marked = new Set<Element>(); // list items hidden by a split list, to unhide later

  // Re-cut the slides when a block changes size (a cell re-rendered, fonts loaded), also a block of
  // another slide (collapsed to zero height, its content keeps its own height: scrollHeight), when
  // Framework replaces the page's blocks (preview reload), and when the window changes size.
  const sizes = new WeakMap<Element, number>(); // each block's height as our last layout left it
  const contents = new WeakMap<Element, number>(); // each block's scrollHeight as our last layout left it
  const resized = new ResizeObserver((entries) => {
    // Our own layout shows, hides and resizes blocks: only a change we did not make calls for another.
    if (entries.some((entry) => Math.abs(entry.target.getBoundingClientRect().height - (sizes.get(entry.target) ?? -1)) > 0.5)) later();
  });
  const changed = new MutationObserver((records) => {
    const touched = new Set<Element>();
    for (const record of records) {
      if (record.target === main) return later(); // blocks added or removed
      let node: Node | null = record.target;
      while (node && node.parentNode !== main) node = node.parentNode;
      if (node instanceof Element) touched.add(node);
    }
    // A redraw at the same size (a training figure, many times a second) changes nothing here.
    for (const block of touched) if (Math.abs(block.scrollHeight - (contents.get(block) ?? -1)) > 1) return later();
  });
  const onResize = () => soon();

  function soon() {
    cancelAnimationFrame(frame);
    root.dataset.pxPending = ""; // a re-cut is on its way (the browser tests wait for it to land)
    frame = requestAnimationFrame(() => layout());
  }
  // A burst of changes (cells rendering one after another) re-cuts once, 120 ms after the first.
  function later() {
    root.dataset.pxPending = "";
    if (!timer) timer = window.setTimeout(() => ((timer = 0), soon()), 120);
  }

  /** Cuts the slides and shows the current one; `follow`: a focused control holds its slide (not when moving by keys). */
  function layout(follow = true) {
    if (!presenting) return;
    const zoom = Math.min(3, Math.max(1, Math.min(innerWidth / design.width, innerHeight / design.height)));
    root.style.setProperty("--px-zoom", String(zoom));
    main.style.transform = "";
    main.style.marginBottom = "";
    blocks = Array.from(main.children, (child) => child as HTMLElement);
    for (const block of blocks) resized.observe(block); // again is a no-op
    const available = innerHeight - (barHeight + slack) * zoom - parseFloat(getComputedStyle(main).paddingTop) * zoom;
    const measured = measure(blocks, zoom);
    slides = paginate(measured, Math.max(available, 100));
    // A control in use (a knob being moved) holds its slide; otherwise the slide's first block does.
    const focused = document.activeElement;
    const using = follow && focused && focused !== document.body && main.contains(focused) ? blocks.find((b) => b.contains(focused)) : undefined;
    const hold = using ? {block: using as Element, from: undefined} : anchor;
    const held = hold ? slides.findIndex((slide) => slide.pieces.some((p) => blocks[p.block] === hold.block && (hold.from === undefined || p.from === undefined || (hold.from >= p.from && hold.from < p.to!)))) : -1;
    current = held >= 0 ? held : Math.min(wanted, slides.length) - 1;
    if (held >= 0 && held + 1 !== wanted) writeParam("present", String((wanted = held + 1)));
    show(slides[current], measured, available, zoom);
    bar.update(current + 1, slides.length, sectionTitle(slides[current]));
    for (const block of blocks) {
      sizes.set(block, block.getBoundingClientRect().height);
      contents.set(block, block.scrollHeight);
    }
    root.dataset.pxSlides = String(slides.length);
    root.dataset.pxSlide = String(current + 1);
    root.dataset.pxCut = slides.map((slide) => slide.pieces[0].block).join(); // where the cuts fall
    if (!timer) delete root.dataset.pxPending;
  }

  function show(slide: Slide, measured: MeasuredBlock[], available: number, zoom: number) {
    for (const li of marked) li.classList.remove("px-off");
    marked.clear();
    const on = new Set(slide.pieces.map((piece) => piece.block));
    blocks.forEach((block, i) => {
      block.classList.toggle("px-off", !on.has(i));
      block.style.removeProperty("--px-chart-max");
    });
    for (const {block, from, to} of slide.pieces) {
      if (from === undefined || to === undefined) continue;
      Array.from(blocks[block].children).forEach((item, j) => {
        if (j >= from && j < to) return;
        item.classList.add("px-off");
        marked.add(item);
      });
    }
    // Grow the slide's charts into the space left, shared in proportion to how much each can grow;
    // if the estimate was off and the slide still overflows, take the excess back from the charts.
    const room = innerHeight - barHeight * zoom;
    const overflow = () => main.getBoundingClientRect().bottom - room;
    let spare = Math.max(0, available - slide.minHeight);
    const grown = growCharts(slide, measured, spare, zoom);
    scrollTo(0, 0);
    if (grown && overflow() > 0.5) growCharts(slide, measured, (spare = Math.max(0, spare - overflow())), zoom);
    // Last resort (a single block taller than the screen): scale the slide down to fit.
    const bottom = main.getBoundingClientRect().bottom;
    const fit = bottom > room ? Math.max(0.5, room / bottom) : 1;
    main.style.transform = fit < 1 ? `scale(${fit})` : "";
    // A transform leaves the layout box as it was: give back the height it no longer shows, or the
    // page would still scroll (in main's own pixels: its zoom applies to its margin too).
    main.style.marginBottom = fit < 1 ? `${-main.offsetHeight * (1 - fit)}px` : "";
    root.dataset.pxFit = String(fit);
  }

  /** Caps the charts of the slide's blocks so they share `spare` pixels of growth; false if it has none. */
  function growCharts(slide: Slide, measured: MeasuredBlock[], spare: number, zoom: number): boolean {
    const growable = slide.pieces.reduce((sum, {block}) => sum + measured[block].height - measured[block].minHeight, 0);
    let any = false;
    for (const {block} of slide.pieces) {
      const {charts: heights, height, minHeight} = measured[block];
      if (heights.length === 0) continue;
      const share = growable > 0 ? (spare * (height - minHeight)) / growable : 0;
      const floor = floorEach(heights.length) * zoom;
      const floorTotal = heights.reduce((sum, h) => sum + Math.min(h, floor), 0);
      const cap = chartCap(heights, floorTotal + share, Math.min(floor, Math.max(...heights)));
      blocks[block].style.setProperty("--px-chart-max", `${cap / zoom}px`);
      any = true;
    }
    return any;
  }

  function go(n: number) {
    if (!presenting) return;
    wanted = Math.max(1, Math.min(n, slides.length || 1));
    writeParam("present", String(wanted));
    const focused = document.activeElement;
    anchor = null;
    layout(false);
    const first = slides[current]?.pieces[0];
    anchor = first ? {block: blocks[first.block], from: first.from} : null;
    // Focus must not stay on a control that is now hidden; the new slide's heading takes it.
    if (focused instanceof HTMLElement && focused !== document.body && !focused.checkVisibility({visibilityProperty: true})) {
      const heading = Array.from(main.querySelectorAll<HTMLElement>("h1, h2, h3")).find((h) => h.checkVisibility({visibilityProperty: true}));
      (heading ?? main).focus({preventScroll: true});
    }
  }

  function enter(n = slideNumber(new URLSearchParams(location.search).get("present"))) {
    wanted = n;
    anchor = null;
    if (!presenting) {
      presenting = true;
      root.classList.add("px-presenting");
      document.body.append(bar.element);
      changed.observe(main, {childList: true, subtree: true, characterData: true});
      addEventListener("resize", onResize);
      void document.fonts?.ready.then(() => later());
    }
    writeParam("present", String(n));
    soon();
  }

  function leave() {
    if (!presenting) return;
    const first = blocks[slides[current]?.pieces[0]?.block ?? -1];
    presenting = false;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    timer = 0;
    resized.disconnect();
    changed.disconnect();
    removeEventListener("resize", onResize);
    root.classList.remove("px-presenting");
    for (const name of ["pxSlides", "pxSlide", "pxFit", "pxCut", "pxPending"]) delete root.dataset[name];
    root.style.removeProperty("--px-zoom");
    main.style.transform = "";
    main.style.marginBottom = "";
    for (const item of marked) item.classList.remove("px-off");
    for (const block of blocks) {
      block.classList.remove("px-off");
      block.style.removeProperty("--px-chart-max");
    }
    marked.clear();
    bar.element.remove();
    writeParam("present", null);
    first?.scrollIntoView({block: "start"}); // the reader is where the slides were
  }

  const step: Record<string, number> = {PageDown: 1, ArrowRight: 1, " ": 1, PageUp: -1, ArrowLeft: -1};
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isEditing(event.target)) return;
    if (event.key.toLowerCase() === key && !event.repeat) {
      event.preventDefault();
      return presenting ? leave() : enter(1);
    }
    if (!presenting) return;
    if (event.key === " " && event.target instanceof Element && event.target.closest("button, summary, a[href]")) return; // Space presses it
    if (event.key in step) go(current + 1 + step[event.key]);
    else if (event.key === "Home") go(1);
    else if (event.key === "End") go(slides.length);
    else if (event.key === "Escape") leave();
    else return;
    event.preventDefault();
  });
  bar.onPrevious(() => go(current));
  bar.onNext(() => go(current + 2));
  bar.onLeave(() => leave());

  if (new URLSearchParams(location.search).has("present")) enter();
  return {
    enter,
    leave,
    toggle: () => (presenting ? leave() : enter(1)),
    get presenting() {
      return presenting;
    }
  };

  function sectionTitle(slide: Slide | undefined): string {
    if (!slide) return "";
    const start = slides.find((s) => s.section === slide.section)!.pieces[0].block;
    const heading = blocks.slice(start).find((b) => /^H[12]$/.test(b.tagName));
    const title = heading?.textContent?.trim() ?? "";
    return slide.continued && title ? `${title} (continued)` : title;
  }
}

interface MeasuredBlock extends Block {
  /** Natural heights of the block's charts, in pixels. */
  charts: number[];
}

/** Lays out every block at presenter size (none hidden, charts uncapped) and reads their heights. */
function measure(blocks: readonly HTMLElement[], zoom: number): MeasuredBlock[] {
  const root = document.documentElement;
  root.classList.add("px-measuring");
  const boxes = blocks.map((block) => {
    const rect = block.getBoundingClientRect();
    const style = getComputedStyle(block);
    const shown = style.display !== "none" && rect.height + rect.width > 0;
    // Margins in the block's own pixels, times the presenter zoom, as seen.
    const zoom = rect.width / (block.offsetWidth || rect.width || 1);
    return {shown, top: rect.top, bottom: rect.bottom + parseFloat(style.marginBottom) * zoom, lead: parseFloat(style.marginTop) * zoom};
  });
  const measured = blocks.map((block, i): MeasuredBlock => {
    const box = boxes[i];
    const heading = /^H[12]$/.test(block.tagName);
    const keepWithNext = /^H[3-6]$/.test(block.tagName) || block.querySelector(".px-knob") !== null;
    if (!box.shown) return {height: 0, minHeight: 0, heading, keepWithNext: false, charts: []};
    // From this block's top to the next shown block's: the margin between them, collapsed, counts once.
    const next = boxes.slice(i + 1).find((b) => b.shown);
    const end = next ? next.top : box.bottom;
    const height = Math.max(0, end - box.top);
    const heights = Array.from(block.querySelectorAll(charts), (chart) => chart.getBoundingClientRect().height).filter((h) => h > 0);
    const floor = floorEach(heights.length) * zoom;
    const shrink = heights.reduce((sum, h) => sum + h - Math.min(h, floor), 0);
    const items = /^(UL|OL)$/.test(block.tagName) ? Array.from(block.children, (item) => item.getBoundingClientRect().top) : [];
    // A list's items split its height at their tops (the list's own padding goes with the first and last).
    const parts = items.length > 1 ? items.map((top, j) => (j + 1 < items.length ? items[j + 1] : end) - (j === 0 ? box.top : top)) : undefined;
    return {height, minHeight: height - shrink, heading, keepWithNext, parts, lead: box.lead, charts: heights};
  });
  root.classList.remove("px-measuring");
  return measured;
}

/** True when keys belong to the focused element: typing, choosing, sliding, editing. */
function isEditing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest("input, select, textarea, [contenteditable='true'], [role='slider']") !== null);
}

/** The bar at the bottom of a slide: where we are, the keys, and buttons for a mouse or a touch screen. */
function slideBar() {
  const element = document.createElement("div");
  element.className = "px-present-bar";
  const button = (text: string, label: string) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    return b;
  };
  const previous = button("‹", "Previous slide (PageUp, ←)");
  const next = button("›", "Next slide (PageDown, →, Space)");
  const exit = button("✕", "Leave presenter mode (Esc)");
  const where = document.createElement("span");
  where.className = "px-present-where";
  where.setAttribute("role", "status");
  const keys = document.createElement("span");
  keys.className = "px-present-keys";
  keys.textContent = "← → or PageUp/PageDown · Esc leaves";
  element.append(previous, where, next, keys, exit);
  return {
    element,
    update(n: number, count: number, title: string) {
      const text = `${n} / ${count}${title ? ` · ${title}` : ""}`;
      if (where.textContent !== text) where.textContent = text; // a status: announced when it changes
      previous.disabled = n <= 1;
      next.disabled = n >= count;
    },
    onPrevious: (f: () => void) => previous.addEventListener("click", f),
    onNext: (f: () => void) => next.addEventListener("click", f),
    onLeave: (f: () => void) => exit.addEventListener("click", f)
  };
}
