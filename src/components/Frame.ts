// Frame: the one wrapper every figure component returns. It holds the chart, a caption that says in
// words what the chart shows (the text alternative, made from the same data), downloads of what is
// drawn (SVG, PNG) and of the numbers behind it (CSV), a status line for runs that diverge or are
// still going, and an optional veil so a class commits to a prediction before seeing the answer.
import {csvFormat} from "d3";
import {withoutPlotStyle} from "./plot-style.js";
import {readItem, writeItem} from "./storage.js";

let serial = 0; // unique element ids only; never read as state

/**
 * The export button that has keyboard focus. A figure that trains is redrawn many times a second,
 * and the focused button goes with the old drawing; the next drawing of the same figure gives focus
 * to its own button of the same name, so a keyboard user can still reach SVG, PNG and CSV.
 */
let focusedTool: {name: string; label: string; button: HTMLButtonElement} | null = null;

export interface FrameOptions {
  /** Names the downloads and the figure (unique on its page), e.g. "gradient-norms". */
  name: string;
  /** What the figure shows, in words, computed from its data: the text alternative. */
  caption: string | Node;
  /** The rows behind the figure, offered as CSV. */
  data?: readonly object[];
  /** A note shown above the chart, such as "Diverged at step 120: the loss became infinite." */
  status?: string | null;
  /** Veil the chart and caption until revealed; a string is the question to predict. */
  veil?: boolean | string;
}

/** Returns <figure class="px-figure"> holding the chart, its status, caption and download buttons. */
export function Frame(chart: Element, {name, caption, data, status = null, veil = false}: FrameOptions): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "px-figure";
  figure.dataset.figure = name;
  const captionEl = document.createElement("figcaption");
  captionEl.id = `caption-${name}-${++serial}`;
  captionEl.append(caption);
  // Plot's own <style> in a chart restyles and re-lays out the whole page each time a redraw adds or
  // removes it: its rules go on the svg instead (plot-style.ts).
  withoutPlotStyle(chart);
  for (const svg of chartSvgs(chart)) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", captionEl.id);
    // Plot labels its <g> marks with aria-label, which ARIA prohibits on role-less elements; the
    // caption already says what the chart shows. Plot's pointer (tip) marks draw later, on
    // pointer moves, with labels again: strip those as they come.
    const strip = () => {
      for (const g of svg.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
    };
    strip();
    new MutationObserver(strip).observe(svg, {subtree: true, childList: true, attributeFilter: ["aria-label"]});
  }
  const body = document.createElement("div");
  body.className = "px-figure-body";
  body.append(chart);
  if (status) {
    const note = document.createElement("p");
    note.className = "px-figure-status";
    note.setAttribute("role", "status");
    note.textContent = status;
    figure.append(note);
  }
  figure.append(body, captionEl, tools(chart, name, data));
  if (veil) addVeil(figure, name, typeof veil === "string" ? veil : "Predict first: what will this figure show?");
  requestAnimationFrame(() => keepFocus(figure, name));
  return figure;
}

function chartSvgs(chart: Element): SVGSVGElement[] {
  const all = chart instanceof SVGSVGElement ? [chart] : [...chart.querySelectorAll("svg")];
  // Not legend swatches (Plot's, or a hand-made legend's decorative svgs): the charts themselves.
  return all.filter((svg) => !svg.closest("[class$='-swatches']") && svg.getAttribute("aria-hidden") !== "true");
}

function tools(chart: Element, name: string, data?: readonly object[]): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "px-figure-tools";
  const button = (text: string, title: string, action: () => void | Promise<void>) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.title = title;
    onPress(b, action);
    b.addEventListener("focus", () => (focusedTool = {name, label: text, button: b}));
    // A real blur leaves the button in the page; a redraw takes it out (then keepFocus moves focus on).
    b.addEventListener("blur", () => setTimeout(() => focusedTool?.button === b && b.isConnected && (focusedTool = null)));
    bar.append(b);
  };
  button("SVG", "Download the chart as SVG", () => download(`${name}.svg`, new Blob([svgText(chart)], {type: "image/svg+xml"})));
  button("PNG", "Download the chart as PNG", async () => download(`${name}.png`, await pngBlob(chart)));
  if (data) button("CSV", "Download the numbers behind the chart as CSV", () => download(`${name}.csv`, new Blob([csvFormat(data as object[] as Record<string, string>[])], {type: "text/csv"})));
  return bar;
}

/** Gives focus to this figure's button that the previous drawing of the same figure had focused. */
function keepFocus(figure: HTMLElement, name: string): void {
  const last = focusedTool;
  if (!last || last.name !== name || last.button.isConnected || !figure.isConnected) return;
  if (document.activeElement && document.activeElement !== document.body) return; // focus went elsewhere
  const successor = Array.from(figure.querySelectorAll<HTMLButtonElement>(".px-figure-tools button")).find((b) => b.textContent === last.label);
  successor?.focus({preventScroll: true});
}

/** The chart's main SVG as standalone text, its size made explicit. */
export function svgText(chart: Element): string {
  const svg = chartSvgs(chart)[0];
  if (!svg) throw new Error("this figure has no SVG to export");
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const {width, height} = svg.getBoundingClientRect();
  copy.setAttribute("width", String(Math.round(width)));
  copy.setAttribute("height", String(Math.round(height)));
  copy.style.background = "white";
  return new XMLSerializer().serializeToString(copy);
}

async function pngBlob(chart: Element, scale = 2): Promise<Blob> {
  const text = svgText(chart);
  const image = new Image();
  image.src = URL.createObjectURL(new Blob([text], {type: "image/svg+xml"}));
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth * scale;
  canvas.height = image.naturalHeight * scale;
  const context = canvas.getContext("2d")!;
  context.fillStyle = "white";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(image.src);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG export failed"))), "image/png"));
}

function download(filename: string, blob: Blob): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/**
 * Runs `action` when the button is pressed. A figure that trains is redrawn many times a second, and
 * a mouse click (press and release) often spans two drawings: the button pressed is gone before the
 * release, and no click event ever fires. So a mouse acts on pointerdown; keyboard and touch act on
 * click as usual (a touch that starts a scroll must not download anything).
 */
function onPress(button: HTMLButtonElement, action: () => void | Promise<void>): void {
  let pressed = false;
  button.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "mouse" || event.button !== 0) return;
    pressed = true;
    void action();
  });
  button.addEventListener("click", () => {
    if (pressed) pressed = false;
    else void action();
  });
}

/**
 * A figure revealed stays revealed: a new drawing of it (a figure that trains is drawn anew many times
 * a second) comes unveiled when the drawing it replaces, still in the page while this one is made,
 * was; and a reload or a return to the page in the same browser session finds it in sessionStorage,
 * where the browser keeps site data (storage.ts).
 */
function addVeil(figure: HTMLElement, name: string, question: string): void {
  const key = `px-revealed:${window.location.pathname}:${name}`;
  const drawn = document.querySelector(`.px-figure[data-figure="${CSS.escape(name)}"]`);
  if ((drawn && !drawn.classList.contains("px-veiled")) || readItem("sessionStorage", key) === "1") return;
  figure.classList.add("px-veiled");
  const veil = document.createElement("div");
  veil.className = "px-veil";
  const p = document.createElement("p");
  p.textContent = question;
  const reveal = document.createElement("button");
  reveal.type = "button";
  reveal.textContent = "Reveal";
  onPress(reveal, () => {
    writeItem("sessionStorage", key, "1");
    figure.classList.remove("px-veiled");
    veil.remove();
  });
  veil.append(p, reveal);
  figure.prepend(veil);
}
