// Offline math: KaTeX from node_modules, never from a CDN.
//
// Framework's built-in `tex` imports npm:katex, its CSS and fonts from a CDN (the build dies
// offline). A page that imports this `tex` shadows the built-in one, ```tex fences included.
// Each literal import.meta.resolve below makes Framework copy that file into dist/ with the
// package's folder layout kept, so the stylesheet finds its fonts at their usual relative paths.
import katex from "katex";
import type {KatexOptions} from "katex";

/** The KaTeX stylesheet, served from our own origin. */
export const katexStylesheet = import.meta.resolve("katex/dist/katex.min.css");

/**
 * KaTeX's fonts (woff2 only: every browser that runs Framework picks woff2 first). Listed one by
 * one because Framework copies only files named by a literal import.meta.resolve.
 */
export const katexFonts: readonly string[] = [
  import.meta.resolve("katex/dist/fonts/KaTeX_AMS-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Caligraphic-Bold.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Caligraphic-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Fraktur-Bold.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Fraktur-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Main-Bold.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Main-BoldItalic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Main-Italic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Main-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Math-BoldItalic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Math-Italic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_SansSerif-Bold.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_SansSerif-Italic.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_SansSerif-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Script-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Size1-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Size2-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Size3-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Size4-Regular.woff2"),
  import.meta.resolve("katex/dist/fonts/KaTeX_Typewriter-Regular.woff2")
];

// Link the stylesheet once per document, however many modules import this one.
if (typeof document !== "undefined" && !document.querySelector("link[data-plus-x-katex]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = katexStylesheet;
  link.dataset.plusXKatex = "";
  document.head.appendChild(link);
}

/** A tagged template that typesets its (raw) TeX source into a DOM element. */
export interface TexTag {
  (strings: TemplateStringsArray, ...values: unknown[]): Element;
  /** Display (block) math: tex.block`\sum_i x_i`. */
  block: (strings: TemplateStringsArray, ...values: unknown[]) => Element;
  /** A tag with other KaTeX options, e.g. tex.options({macros: {...}}). */
  options: (options?: KatexOptions) => TexTag;
}

function renderer(options: KatexOptions): (strings: TemplateStringsArray, ...values: unknown[]) => Element {
  return (strings, ...values) => {
    // String.raw keeps backslashes, so tex`\frac{a}{b}` works as written; values interpolate.
    const source = String.raw({raw: strings.raw}, ...values);
    const root = document.createElement("span");
    // throwOnError false: a typo shows KaTeX's red source text instead of killing the cell.
    katex.render(source, root, {throwOnError: false, ...options});
    return root.firstElementChild ?? root;
  };
}

function makeTex(options: KatexOptions = {}): TexTag {
  const tag = renderer({...options, displayMode: false}) as TexTag;
  tag.block = renderer({...options, displayMode: true});
  tag.options = (more = {}) => makeTex({...options, ...more});
  return tag;
}

/**
 * Inline math: ${tex`x + F(x)`}; display math: ${tex.block`\frac{\partial y}{\partial x}`}.
 * KaTeX's default output keeps MathML next to the HTML, so screen readers read the formula.
 */
export const tex: TexTag = makeTex();
