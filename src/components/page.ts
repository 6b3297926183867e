// page: what every chapter needs once, imported by each page's first cell (`import "./components/page.js"`).
//
// - Framework's template lacks <html lang> and a skip link, locks zoom (maximum-scale=1) and puts a
//   <label> straight inside the sidebar's <ol>; scripts/postbuild.js fixes all four in the built HTML,
//   before any script runs. The same fixes run here so `npm run dev` (Framework's preview, never post-built)
//   is right too; on a built page they find nothing to do. One fix is postbuild.js's alone: the guard on
//   the storage reads of Framework's inline sidebar script, which runs before any module; under
//   `npm run dev`, a browser blocking site data still logs that script's SecurityError (dev only).
// - Framework's sidebar toggle writes its state to sessionStorage on every click, which throws where
//   the browser blocks site data or its storage is full; that error is dropped here (the sidebar has
//   opened or closed by then).
// - The page tools: "Present (P)" and "Copy lesson link" (lesson.ts), and presenter mode (present.ts),
//   which a page enters when its URL has `?present`. The bar goes into the empty one postbuild.js
//   writes before <main>, so the page does not move when it comes.
// - Regions that scroll sideways (display math wider than the column, a figure on a phone) are made
//   focusable while they overflow, so a keyboard can scroll them too (WCAG 2.1.1).
// - A page that lets the browser skip the blocks out of view (<div class="px-skip-offscreen" hidden>,
//   style.css) counts a block never drawn as 200 px tall: a jump to an anchor far down would land
//   where those guesses put it, not at the anchor. Opened at an anchor, or jumping to one, the page
//   drops the marker (every block is laid out, as on any other page) and goes to the anchor again.
// - A browser that keeps no site data (blocked, or storage full) saves no exercise progress: the page
//   says so once, under its Exercises heading (storage.ts; Quiz.ts works on without it).
import {pageTools} from "./lesson.js";
import {presenter} from "./present.js";
import {storageWorks} from "./storage.js";

/** The key that enters and leaves presenter mode, named on the Present button. */
const presentKey = "p";

function fixFrameworkDefaults(): void {
  // Screen readers need the language to pick a voice.
  if (!document.documentElement.lang) document.documentElement.lang = "en";
  // maximum-scale=1 stops a reader on a phone from zooming in (WCAG 1.4.4).
  const viewport = document.querySelector<HTMLMetaElement>('meta[name="viewport"]');
  if (viewport && /maximum-scale|user-scalable/.test(viewport.content)) viewport.content = "width=device-width, initial-scale=1";
  // A list holds list items only: wrap the sidebar's close label in one (its CSS is unchanged).
  const label = document.querySelector("#observablehq-sidebar > ol > label#observablehq-sidebar-close");
  if (label) {
    const item = document.createElement("li");
    item.className = "px-sidebar-close";
    label.replaceWith(item);
    item.append(label);
  }
  // The keyboard's first stop skips the sidebar (WCAG 2.4.1). Followed here without changing the
  // address: a #observablehq-main in it would travel in every lesson link copied afterwards.
  const main = document.getElementById("observablehq-main");
  if (!main) return;
  let skip = document.querySelector<HTMLAnchorElement>("a.px-skip");
  if (!skip) {
    skip = Object.assign(document.createElement("a"), {className: "px-skip", href: "#observablehq-main", textContent: "Skip to content"});
    document.body.prepend(skip);
  }
  main.tabIndex = -1;
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
  });
}

/** Framework's toggle handler (client.js), with the storage error of its last line dropped (see above). */
function sidebarToggleWithoutStorage(): void {
  const toggle = document.getElementById("observablehq-sidebar-toggle");
  const click = toggle?.onclick;
  if (!toggle || !click) return;
  toggle.onclick = function (this: GlobalEventHandlers, event: PointerEvent) {
    try {
      return click.call(this, event);
    } catch (error) {
      // SecurityError (site data blocked) or QuotaExceededError (full); anything else is a real bug.
      if (!(error instanceof DOMException)) throw error;
    }
  };
}

/**
 * Gives each overflowing scroll region a tab stop (and takes it back when it no longer overflows).
 * Only the blocks that changed are looked at again (a training figure redraws several times a second,
 * and reading every region's widths forces a layout of the whole page); all of them when the column's
 * width changes or the fonts arrive. All widths are read before any tab stop is written: a write
 * between two reads would make each read lay the page out again (a page of 30 formulas spent over
 * half a second at load that way). The pass waits for an idle moment (at most a second), so it adds
 * nothing to the page's load, when cells render one after another.
 */
function keyboardScrollers(main: HTMLElement): void {
  const selector = ".katex-display, .px-figure-body, pre";
  const changed = new Set<Element>(); // blocks of main to look at again
  let everything = true;
  let width = -1;
  let queued = false;
  const update = () => {
    queued = false;
    const roots = everything ? [main] : [...changed].filter((block) => block.isConnected);
    everything = false;
    changed.clear();
    const regions = roots.flatMap((root) => [...(root.matches(selector) ? [root as HTMLElement] : []), ...root.querySelectorAll<HTMLElement>(selector)]);
    // Read every region first (one layout), then write.
    const scrolls = regions.map((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible");
    regions.forEach((el, i) => {
      if (scrolls[i] && !el.hasAttribute("tabindex")) {
        el.tabIndex = 0;
        el.dataset.pxScroller = "";
      } else if (!scrolls[i] && "pxScroller" in el.dataset) {
        el.removeAttribute("tabindex");
        delete el.dataset.pxScroller;
      }
    });
  };
  const queue = () => {
    if (queued) return;
    queued = true;
    if (typeof requestIdleCallback === "function") requestIdleCallback(update, {timeout: 1000});
    else setTimeout(update, 100);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      let node: Node | null = record.target;
      while (node && node !== main && node.parentNode !== main) node = node.parentNode;
      if (node instanceof Element && node !== main) changed.add(node);
      else everything = true; // blocks added or removed
    }
    queue();
  }).observe(main, {childList: true, subtree: true});
  new ResizeObserver(([entry]) => {
    if (entry.contentRect.width === width) return; // taller or shorter only: nothing new scrolls sideways
    width = entry.contentRect.width;
    everything = true;
    queue();
  }).observe(main);
  // Fonts arriving (KaTeX's come when the first formula needs them) change widths without a mutation.
  document.fonts?.addEventListener("loadingdone", () => ((everything = true), queue()));
  queue();
}

/** A quiet line under the page's Exercises heading when exercise progress cannot be saved (Quiz.ts). */
function noteUnsavedProgress(main: HTMLElement): void {
  const heading = main.querySelector("h2#exercises");
  if (!heading || storageWorks("localStorage")) return;
  heading.after(Object.assign(document.createElement("p"), {className: "px-unsaved", textContent: "Progress is not saved in this browser."}));
}

function anchorsLandTrue(): void {
  const land = () => {
    const markers = document.querySelectorAll(".px-skip-offscreen");
    if (location.hash.length <= 1 || markers.length === 0) return;
    for (const marker of markers) marker.remove();
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // a malformed escape: look the id up as written
    }
    document.getElementById(id)?.scrollIntoView();
  };
  land();
  addEventListener("hashchange", land);
}

function setUp(): void {
  fixFrameworkDefaults();
  sidebarToggleWithoutStorage();
  const main = document.getElementById("observablehq-main");
  if (!main || document.querySelector(".px-pagetools:not(:empty)")) return; // not a Framework page, or set up already
  noteUnsavedProgress(main);
  keyboardScrollers(main);
  anchorsLandTrue();
  const slides = presenter(main, {key: presentKey});
  const tools = pageTools({present: () => slides.toggle(), presentKey: presentKey.toUpperCase()});
  // A built page holds an empty bar of the same height (scripts/postbuild.js): filling it moves
  // nothing below. Framework's preview has none, and the page moves down once.
  const slot = document.querySelector(".px-pagetools:empty");
  if (slot) slot.replaceWith(tools);
  else main.before(tools);
}

setUp();
