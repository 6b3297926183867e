#!/usr/bin/env node
// Post-build fixes to Framework's page template, applied to every .html file in dist/ (run by
// `npm run build` after `observable build`). Framework 1.13 has no option for any of them, and
// fixing the HTML itself (not only at runtime in page.ts) means every reader, Lighthouse and axe
// see a correct page before any script runs, even with JavaScript off or a cell failing:
//   - <html> gets lang="en" (screen readers pick their voice from it; WCAG 3.1.1);
//   - the viewport meta loses maximum-scale=1, which blocks pinch-zoom on phones (WCAG 1.4.4);
//   - the sidebar's close <label>, a direct child of an <ol>, is wrapped in an <li> (lists hold
//     list items only; WCAG 1.3.1).
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
import {join, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import katex from "katex";

/** Awaited at the top of Framework's inline module script, before its cells are defined (see above). */
const firstPaint = "// px-first-paint: let the browser paint the page before the cells run (scripts/postbuild.js)\nawait new Promise((painted) => (requestAnimationFrame(() => setTimeout(painted)), setTimeout(painted, 200)));\n";

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
    .replace(/(<script type="module">\s*import \{define\} from "[^"]+";\n)(?!\/\/ px-first-paint)/, `$1${firstPaint}`)
    .replace(/(<div id="observablehq-center">\s*)(<main id="observablehq-main")/, '$1<div class="px-pagetools"></div>\n$2');
}

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
  const base = (page.match(/href="(\.\/(?:\.\.\/)*)_node\/katex@[^/"]+\//) ?? page.match(/href="(\.\/(?:\.\.\/)*)_observablehq\//))?.[1] ?? "./";
  const dir = page.match(/_node\/(katex@[^/"]+)\//)?.[1];
  if (!dir) return page;
  const fonts = ["KaTeX_Main-Regular", "KaTeX_Math-Italic"].map((font) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="${base}_node/${dir}/dist/fonts/${font}.woff2">`);
  const head = `<link rel="stylesheet" type="text/css" href="${base}_node/${dir}/dist/katex.min.css" data-plus-x-katex>\n${fonts.join("\n")}\n`;
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
    const fixed = scriptsAfterText(typesetMath(fixHtml(html)));
    if (fixed !== html) {
      writeFileSync(file, fixed);
      changed++;
    }
  }
  console.log(`postbuild: fixed ${changed} of ${files.length} pages in ${dist}/ (lang, viewport zoom, sidebar list, page-tools bar, math typeset)`);
}
