#!/usr/bin/env node
// Post-build fixes to Framework's page template, applied to every .html file in dist/ (run by
// `npm run build` after `observable build`). Framework 1.13 has no option for any of them, and
// fixing the HTML itself (not only at runtime in page.ts) means every reader, Lighthouse and axe
// see a correct page before any script runs, even with JavaScript off or a cell failing:
//   - <html> gets lang="en" (screen readers pick their voice from it; WCAG 3.1.1);
//   - the viewport meta loses maximum-scale=1, which blocks pinch-zoom on phones (WCAG 1.4.4);
//   - the sidebar's close <label>, a direct child of an <ol>, is wrapped in an <li> (lists hold
//     list items only; WCAG 1.3.1).
//
//   node scripts/postbuild.js [dist = dist]
import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {pathToFileURL} from "node:url";

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
    .replace(/(<ol>\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/, '$1<li class="px-sidebar-close">$2</li>');
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
    const fixed = fixHtml(html);
    if (fixed !== html) {
      writeFileSync(file, fixed);
      changed++;
    }
  }
  console.log(`postbuild: fixed ${changed} of ${files.length} pages in ${dist}/ (lang, viewport zoom, sidebar list)`);
}
