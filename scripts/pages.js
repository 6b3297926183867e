// The pages of a built site, found in dist/ (not listed anywhere by hand, so a new chapter is
// tested and audited as soon as it is built). Used by the browser tests and scripts/lighthouse.js.
import {readdirSync} from "node:fs";
import {join, relative, sep} from "node:path";

/**
 * URL paths of every page in distDir: index.html → "/", x.html → "/x", d/index.html → "/d/".
 * Framework's own folders (_observablehq, _import, _node, _file) and dot-folders are skipped.
 * @param {string} distDir
 * @returns {string[]}
 */
export function discoverPages(distDir) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue; // Framework's assets
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".html") && entry.name !== "404.html") files.push(relative(distDir, path).split(sep).join("/"));
    }
  };
  walk(distDir);
  return files.map((file) => "/" + file.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "")).sort();
}
