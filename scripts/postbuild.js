#!/usr/bin/env node
// Post-build fixes to Framework's page template, applied to every .html file in dist/ (run by
// `npm run build` after `observable build`). Framework 1.13 has no option for any of them, and
// fixing the HTML itself (not only at runtime in page.ts) means every reader, Lighthouse and axe
// see a correct page before any script runs, even with JavaScript off or a cell failing:
//   - <html> gets lang="en" (screen readers pick their voice from it; WCAG 3.1.1);
//   - the viewport meta loses maximum-scale=1, which blocks pinch-zoom on phones (WCAG 1.4.4);
//   - the sidebar's close <label>, a direct child of an <ol>, is wrapped in an <li> (lists hold
//     list items only; WCAG 1.3.1);
//   - a "Skip to content" link comes first in the body, and <main> can take focus from it: without
//     it a keyboard passed the sidebar toggle and thirteen sidebar links before the chapter (WCAG 2.4.1).
//   - Framework's inline sidebar script (its open state and scroll, kept in sessionStorage) reads
//     through a guard of its own: a browser that blocks site data throws a SecurityError on any
//     read of window.sessionStorage, and the script stopped there, logging an error on every page
//     (issue 20). The guard reads nothing and drops writes then, and the sidebar opens as on a first visit.
// Two more keep the page still while its scripts load (Lighthouse's layout shift, issue 7):
//   - math is typeset here, at build time: a cell that is only a formula (tex`...` or a ```tex
//     fence, no ${} inside) is replaced by KaTeX's HTML in the page, and its define() is dropped.
//     Typeset in the browser, each formula arrived after the text around it, widening lines and
//     pushing everything below down; 20 to 50 formulas a page also cost 100-500 ms of main thread
//     at load. KaTeX's stylesheet is linked in the head (and its two commonest fonts preloaded)
//     so the formulas are drawn right at first paint. Same KaTeX, same options as
//     src/components/tex.ts (throwOnError false): the markup is what tex`...` would have made.
//   - the page is painted before any cell runs: Framework's inline module script awaits one frame
//     (a requestAnimationFrame, then a task; 200 ms at most, as a hidden tab runs no frames)
//     before its first define(). Framework's runtime computes cells in a requestAnimationFrame
//     callback, and when the modules arrive before the first frame (a fast server, a busy CPU),
//     loading the modules and running every cell came before the first paint: the reader, and
//     Lighthouse's first and largest contentful paint, waited a second or more for text that
//     was in the HTML all along.
//   - an empty page-tools bar (<div class="px-pagetools">) is put before <main>, with its height
//     set in ui.css: page.ts fills it with the buttons, and nothing below moves when they come.
//
//   node scripts/postbuild.js [dist = dist]
import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import katex from "katex";

/** Awaited at the top of Framework's inline module script, before its cells are defined (see above). */
const firstPaint = "// px-first-paint: let the browser paint the page before the cells run (scripts/postbuild.js)\nawait new Promise((painted) => (requestAnimationFrame(() => setTimeout(painted)), setTimeout(painted, 200)));\n";

/**
 * Declared first in the block of Framework's inline sidebar script, it shadows the global there:
 * sessionStorage as optional, as src/components/storage.ts has it (a plain script cannot import it).
 */
export const sidebarStorage = "const sessionStorage={getItem(k){try{return window.sessionStorage.getItem(k)}catch{return null}},setItem(k,v){try{window.sessionStorage.setItem(k,v)}catch{}}};";

/**
 * The fixed page. Idempotent: a page already fixed comes back unchanged.
 * @param {string} html
 * @returns {string}
 */
export function fixHtml(html) {
  return html
    .replace(/<html(?![^>]*\blang=)([^>]*)>/i, '<html lang="en"$1>')
    .replace(/(<meta\s+name="viewport"\s+content=")([^"]*)(")/i, (_, open, content, close) => {
      const kept = content.split(",").map((s) => s.trim()).filter((s) => s && !/^(maximum-scale|user-scalable)\s*=/i.test(s));
      return open + kept.join(", ") + close;
    })
    .replace(/(<ol>\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/, '$1<li class="px-sidebar-close">$2</li>')
    .replace(/<body>(?!\n?<a class="px-skip")\n?/i, `<body>\n${skipLink}\n`)
    .replace(/<script>\{(?!const sessionStorage=)(?=[^<]*\bsessionStorage\.)/, `<script>{${sidebarStorage}`)
    .replace(/<main id="observablehq-main"(?![^>]*\btabindex=)/, '<main id="observablehq-main" tabindex="-1"')
    .replace(/(<script type="module">\s*import \{define\} from "[^"]+";\n)(?!\/\/ px-first-paint)/, `$1${firstPaint}`)
    .replace(/(?<!<div class="px-pagetools"><\/div>\n)(<main id="observablehq-main")/, '<div class="px-pagetools"></div>\n$1');
}

/** The first stop of the keyboard on every page (page.ts moves focus to <main> without changing the address). */
export const skipLink = '<a class="px-skip" href="#observablehq-main">Skip to content</a>';

/** Framework's own modules, which its inline script imports before anything else: still preloaded. */
const framework = /\/_observablehq\//;

/**
 * The page without modulepreload links for its own modules (Framework's own are kept): the browser
 * fetches the stylesheets and fonts the first paint needs without a megabyte of scripts competing
 * for the network, and the cells' imports fetch the modules once the page is painted (see
 * firstPaint). The cost is a few round trips as nested imports are found one level at a time
 * (adding the links back from a script after the paint cost 70-300 ms of main thread here: each
 * link resolved and compiled its module synchronously).
 * @param {string} html
 * @returns {string}
 */
export function scriptsAfterText(html) {
  return html.replace(/<link rel="modulepreload" href="([^"]+)"[^>]*>\n?/g, (link, href) => (framework.test(href) ? link : ""));
}

/** The room kept for a figure until it is drawn, in CSS pixels (see reserveKnobs). */
export const figureHeight = 480;

/**
 * The page with each figure block that will draw a chart given a height to keep (--px-figure), and
 * each knob panel's cell block told how many knobs it will hold (style="--px-knobs: N",
 * counted from the cell's view(Range(…)), view(Choice(…)) and view(Toggle(…)) calls), and each
 * panel's status line marked px-status-line when one of its cells is a ComputeStatus: ui.css
 * reserves their room while they are empty, so the text below does not move when the knobs come.
 * @param {string} html
 * @returns {string}
 */
export function reserveKnobs(html) {
  const body = (id) => html.match(new RegExp(`define\\(\\{id: "${id}"[^\\n]*\\n([\\s\\S]*?)\\n\\}\\}\\);`))?.[1] ?? "";
  return html
    // A figure block whose cell draws at the column's width (resize or fit): the height of a
    // typical chart here (a 400 px plot, its caption and tools) until it comes, unless it names its own.
    .replace(/<div class="figure-wide"((?: id="[^"]*")?)>(<observablehq-loading><\/observablehq-loading><!--:([0-9a-f-]+):-->)/g, (block, id, cell, cellId) =>
      /\b(?:resize|fit)\(\(width\)/.test(body(cellId)) ? `<div class="figure-wide"${id} style="--px-figure: ${figureHeight}px">${cell}` : block
    )
    .replace(/(<div class="knobs">\s*<div class="observablehq observablehq--block")(><!--:([0-9a-f-]+):--><\/div>)/g, (block, open, close, id) => {
      const knobs = body(id).match(/\bview\((?:Range|Choice|Toggle)\(/g)?.length ?? 0;
      return knobs > 0 ? `${open} style="--px-knobs: ${knobs}"${close}` : block;
    })
    .replace(/<div class="knob-status">((?:<observablehq-loading><\/observablehq-loading><!--:[0-9a-f-]+:-->)+)<\/div>/g, (status, cells) => {
      const ids = [...cells.matchAll(/<!--:([0-9a-f-]+):-->/g)].map((m) => m[1]);
      return ids.some((id) => /\bComputeStatus\(/.test(body(id))) ? `<div class="knob-status px-status-line">${cells}</div>` : status;
    });
}

/** KaTeX's stylesheet and font files, from the package the site is built with. */
const katexCss = createRequire(import.meta.url).resolve("katex/dist/katex.min.css");

/**
 * The KaTeX fonts a page's typeset math draws with (file names without .woff2): KaTeX_Main-Regular,
 * and each font that a rule of KaTeX's stylesheet gives to classes the page's markup uses (e.g.
 * .mathnormal → KaTeX_Math-Italic, .delimsizing.size1 → KaTeX_Size1-Regular). Preloaded, they
 * arrive with the stylesheet; found only when laid out, each came later and moved the text
 * around it (KaTeX's fonts have font-display: block).
 * @param {string} markup
 * @returns {string[]}
 */
export function katexFonts(markup) {
  const files = new Set(readdirSync(join(dirname(katexCss), "fonts")).filter((f) => f.endsWith(".woff2")).map((f) => f.slice(0, -6)));
  const classLists = new Set([...markup.matchAll(/class="([^"]*)"/g)].map((m) => m[1]));
  const used = new Set(["KaTeX_Main-Regular"]);
  for (const [, selectors, declarations] of readFileSync(katexCss, "utf8").matchAll(/([^{}]+)\{([^{}]*font-family:KaTeX_[^{}]*)\}/g)) {
    if (selectors.includes("@font-face")) continue;
    const family = declarations.match(/font-family:(KaTeX_\w+)/)?.[1];
    const variant = (/font-weight:(700|bold)/.test(declarations) ? "Bold" : "") + (/font-style:italic/.test(declarations) ? "Italic" : "");
    const file = `${family}-${variant || "Regular"}`;
    if (!files.has(file)) continue;
    // The classes of each selector's last element: one element of the page must carry them all.
    const wanted = selectors.split(",").map((selector) => selector.trim().split(/[\s>]+/).pop()?.split(".").filter(Boolean) ?? []);
    const matches = (list) => {
      const classes = new Set(list.split(/\s+/));
      return wanted.some((need) => need.length > 0 && need.every((c) => classes.has(c)));
    };
    if ([...classLists].some(matches)) used.add(file);
  }
  return [...used].sort();
}

/**
 * A cell that only typesets a formula, as Framework 1.13.4 compiles ${tex`...`} (mode "inline") and
 * a ```tex fence (tex.block): its id, whether it is display math, and its TeX source (the raw text
 * between the backticks, as String.raw gives it to tex; no ${} and no backtick inside).
 */
const texCell = /define\(\{id: "([^"]+)"(?:, mode: "inline")?, inputs: \["tex","display"\], body: async \(tex,display\) => \{\ndisplay\(await\(\ntex(\.block)?`((?:[^`$\\]|\\[^`]|\$(?!\{))*)`\n\)\)\n\}\}\);\n\n?/g;

/**
 * The page with every formula-only cell typeset: KaTeX's HTML where the cell's loading placeholder
 * was, the cell's define() removed, and (if any formula was typeset) KaTeX's stylesheet linked and
 * its commonest fonts preloaded in the head. A cell whose placeholder is not found is left to the
 * browser. Idempotent: a typeset page has no such cell left.
 * @param {string} html
 * @returns {string}
 */
export function typesetMath(html) {
  // Where KaTeX was copied to, from its module's preload link (taken out below).
  const katexDir = html.match(/href="((?:\.\/|\.\.\/)+_node\/katex@[^/"]+\/)/)?.[1];
  let page = html;
  let typeset = 0;
  for (const [cell, id, block, source] of html.matchAll(texCell)) {
    const placeholder = `<observablehq-loading></observablehq-loading><!--:${id}:-->`;
    if (!page.includes(placeholder)) continue;
    const markup = katex.renderToString(source, {throwOnError: false, displayMode: Boolean(block)});
    page = page.replace(placeholder, () => `${markup}<!--:${id}:-->`).replace(cell, "");
    typeset++;
  }
  // No cell left that calls tex: the page needs KaTeX's stylesheet and fonts, not its 260 kB of
  // script. The first cell's import of tex.js is answered with an empty module instead.
  if (!/inputs: \[[^\]]*"tex"/.test(page)) {
    page = page
      .replace(/import\("(?:\.\/|\.\.\/)+_import\/components\/tex\.[0-9a-f]+\.js"\)/g, "Promise.resolve({tex: undefined})")
      .replace(/<link rel="modulepreload" href="[^"]*\/(?:_import\/components\/tex|_node\/katex@[^/"]+\/index)\.[0-9a-f]+\.js"[^>]*>\n?/g, "");
  }
  if (typeset === 0 || page.includes("data-plus-x-katex")) return page;
  // The same files tex.ts links (it finds this link by its data attribute and adds no other).
  if (!katexDir) return page;
  const fonts = katexFonts(page).map((font) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="${katexDir}dist/fonts/${font}.woff2">`);
  const head = `<link rel="stylesheet" type="text/css" href="${katexDir}dist/katex.min.css" data-plus-x-katex>\n${fonts.join("\n")}\n`;
  return page.replace(/<link rel="modulepreload"/, (first) => head + first);
}

/**
 * Every .html file under dir, recursively.
 * @param {string} dir
 * @returns {string[]}
 */
export function htmlFiles(dir) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith(".html") ? [path] : [];
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dist = "dist"] = process.argv.slice(2);
  let changed = 0;
  const files = htmlFiles(dist);
  for (const file of files) {
    const html = readFileSync(file, "utf8");
    const fixed = reserveKnobs(scriptsAfterText(typesetMath(fixHtml(html))));
    if (fixed !== html) {
      writeFileSync(file, fixed);
      changed++;
    }
  }
  console.log(`postbuild: fixed ${changed} of ${files.length} pages in ${dist}/ (lang, viewport zoom, sidebar list and storage, page-tools bar, math typeset)`);
}
