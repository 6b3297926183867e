import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {fixHtml, htmlFiles} from "../../scripts/postbuild.js";

// The head and sidebar of a page as @observablehq/framework 1.13.4 writes them.
const page = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
</head>
<body>
<nav id="observablehq-sidebar">
  <ol>
    <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>
    <li class="observablehq-link"><a href="./">Plus x</a></li>
  </ol>
</nav>
</body>
</html>`;

describe("fixHtml(html)", () => {
  const fixed = fixHtml(page);

  it("sets the document language", () => {
    expect(fixed).toContain('<html lang="en">');
  });

  it("lets readers zoom: drops maximum-scale from the viewport meta", () => {
    expect(fixed).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it("wraps the sidebar's close label in a list item", () => {
    expect(fixed).toContain('<ol>\n    <li class="px-sidebar-close"><label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label></li>');
  });

  it("is idempotent and keeps a language already set", () => {
    expect(fixHtml(fixed)).toBe(fixed);
    expect(fixHtml('<html lang="fr"><head></head></html>')).toBe('<html lang="fr"><head></head></html>');
  });

  it("changes nothing else", () => {
    expect(fixed.replace(' lang="en"', "").replace(", maximum-scale=1", "").replace('<li class="px-sidebar-close">', "").replace("</label></li>", "</label>")).toBe(
      page.replace(", maximum-scale=1", "")
    );
  });
});

describe("htmlFiles(dir)", () => {
  it("lists .html files in every folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "px-postbuild-"));
    mkdirSync(join(dir, "sub"));
    for (const file of ["index.html", "a.css", "sub/b.html"]) writeFileSync(join(dir, file), "");
    expect(htmlFiles(dir).map((f) => f.slice(dir.length + 1)).sort()).toEqual(["index.html", "sub/b.html"]);
    rmSync(dir, {recursive: true});
  });
});
