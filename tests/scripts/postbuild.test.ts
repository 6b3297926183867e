import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {runInNewContext} from "node:vm";
import {describe, expect, it} from "vitest";
import {figureHeight, fixHtml, htmlFiles, katexFonts, reserveKnobs, scriptsAfterText, sidebarStorage, skipLink, typesetMath} from "../../scripts/postbuild.js";

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
<main id="observablehq-main" class="observablehq">
</main>
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

  it("puts a skip link first in the body, to a <main> that can take focus", () => {
    expect(fixed).toContain(`<body>\n${skipLink}\n<nav id="observablehq-sidebar">`);
    expect(fixed).toContain('<main id="observablehq-main" tabindex="-1" class="observablehq">');
  });

  it("is idempotent and keeps a language already set", () => {
    expect(fixHtml(fixed)).toBe(fixed);
    expect(fixHtml('<html lang="fr"><head></head></html>')).toBe('<html lang="fr"><head></head></html>');
  });

  it("changes nothing else", () => {
    expect(fixed.replace(' lang="en"', "").replace(", maximum-scale=1", "").replace('<li class="px-sidebar-close">', "").replace("</label></li>", "</label>").replace(`${skipLink}\n`, "").replace(' tabindex="-1"', "").replace('<div class="px-pagetools"></div>\n', "")).toBe(
      page.replace(", maximum-scale=1", "")
    );
  });
});

// The inline sidebar script of every page, as @observablehq/framework 1.13.4 writes it (minified).
const sidebarScript =
  '<script>{const e=document.querySelector("#observablehq-sidebar"),o=document.querySelector("#observablehq-sidebar-toggle"),r=sessionStorage.getItem("observablehq-sidebar");r?o.checked=r==="true":o.indeterminate=!0;for(const t of document.querySelectorAll("#observablehq-sidebar summary")){const s=t.parentElement;switch(sessionStorage.getItem(`observablehq-sidebar:${t.textContent}`)){case"true":s.open=!0;break;case"false":s.classList.contains("observablehq-section-active")||(s.open=!1);break}}addEventListener("beforeunload",()=>sessionStorage.setItem("observablehq-sidebar-scrolly",`${e.scrollTop}`));const a=sessionStorage.getItem("observablehq-sidebar-scrolly");a!=null&&(e.style.cssText="overflow: hidden;",e.scrollTop=+a,e.style.cssText="");}</script>';

/**
 * Runs a page's sidebar script against a stand-in page whose sessionStorage is `storage` (a getter, so
 * it can throw as a blocking browser's does), then its beforeunload listener; returns the toggle.
 */
function runSidebar(html: string, storage: () => Partial<Storage>): {indeterminate: boolean; checked: boolean} {
  const toggle = {indeterminate: false, checked: false};
  const sidebar = {scrollTop: 0, style: {cssText: ""}};
  const listeners: (() => void)[] = [];
  const window = {
    document: {querySelector: (selector: string) => (selector === "#observablehq-sidebar" ? sidebar : toggle), querySelectorAll: () => []},
    addEventListener: (_: string, listener: () => void) => listeners.push(listener)
  };
  Object.defineProperty(window, "sessionStorage", {get: storage});
  Object.assign(window, {window});
  runInNewContext(html.match(/<script>([\s\S]*?)<\/script>/)![1], window);
  for (const listener of listeners) listener();
  return toggle;
}

describe("fixHtml(html): Framework's sidebar script", () => {
  const blocked = () => {
    throw new DOMException("denied", "SecurityError");
  };
  const full = () => ({
    getItem: () => null,
    setItem: () => {
      throw new DOMException("full", "QuotaExceededError");
    }
  });

  it("throws as Framework writes it, where the browser blocks site data", () => {
    expect(() => runSidebar(sidebarScript, blocked)).toThrow("denied");
  });

  it("reads nothing and writes nothing once guarded: the sidebar starts as on a first visit", () => {
    expect(runSidebar(fixHtml(sidebarScript), blocked)).toEqual({indeterminate: true, checked: false});
    expect(runSidebar(fixHtml(sidebarScript), full)).toEqual({indeterminate: true, checked: false});
  });

  it("still reads and writes storage that works", () => {
    const items = new Map([["observablehq-sidebar", "false"]]);
    const storage = {getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value)};
    expect(runSidebar(fixHtml(sidebarScript), () => storage)).toEqual({indeterminate: false, checked: false});
    expect(items.get("observablehq-sidebar-scrolly")).toBe("0");
  });

  it("only declares the guard first in the script's block, once", () => {
    expect(fixHtml(sidebarScript)).toBe(sidebarScript.replace("<script>{", `<script>{${sidebarStorage}`));
    expect(fixHtml(fixHtml(sidebarScript))).toBe(fixHtml(sidebarScript));
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

// A built page's head, body and inline script, cut down to what the load fixes read, as
// @observablehq/framework 1.13.4 writes them.
const built = `<!DOCTYPE html>
<html lang="en">
<head>
<link rel="stylesheet" type="text/css" href="./_import/style.css">
<link rel="modulepreload" href="./_observablehq/client.d10d8454.js">
<link rel="modulepreload" href="./_import/components/page.d5f6ca37.js">
<link rel="modulepreload" href="./_import/components/tex.31c96e26.js">
<link rel="modulepreload" href="./_node/katex@0.19.1/index.aaa2a5d0.js">
<script type="module">

import {define} from "./_observablehq/client.d10d8454.js";

define({id: "3d4c24fd", outputs: ["Range","tex"], body: async () => {
const [{}, {Range}, {tex}] = await Promise.all([import("./_import/components/page.d5f6ca37.js"), import("./_import/components/knobs.e7f2cb8f.js"), import("./_import/components/tex.31c96e26.js")]);

return {Range,tex};
}});

define({id: "2ea59ba6", mode: "inline", inputs: ["tex","display"], body: async (tex,display) => {
display(await(
tex\`y = x + F(x)\`
))
}});

define({id: "4164a14e", inputs: ["tex","display"], body: async (tex,display) => {
display(await(
tex.block\`\\frac{d}{dx}\\bigl(x + F(x)\\bigr) = 1 + F'(x),\`
))
}});

define({id: "057a8ba9", inputs: ["view","Range","Choice"], outputs: ["depth","activation"], body: (view,Range,Choice) => {
const depth = view(Range("depth", {label: "depth (blocks)", min: 1, max: 200, value: 56}));
const activation = view(Choice("activation", {options: ["tanh", "relu"], value: "tanh"}));
return {depth,activation};
}});

define({id: "ba99e2a2", mode: "inline", inputs: ["ComputeStatus","run","depth","display"], body: async (ComputeStatus,run,depth,display) => {
display(await(
ComputeStatus(run.result, {working: \`Computing \${depth} blocks…\`})
))
}});

define({id: "328f7ed5", mode: "inline", inputs: ["norms","resize","GradientNorms","display"], body: async (norms,resize,GradientNorms,display) => {
display(await(
resize((width) => GradientNorms(norms, {width}))
))
}});

define({id: "5a5a5a5a", mode: "inline", inputs: ["depth","display"], body: async (depth,display) => {
display(await(
depth
))
}});

</script>
</head>
<body>
<div id="observablehq-center">
<main id="observablehq-main" class="observablehq">
<p>A block adds its input back: <observablehq-loading></observablehq-loading><!--:2ea59ba6:-->, at depth <observablehq-loading></observablehq-loading><!--:5a5a5a5a:-->.</p>
<div class="observablehq observablehq--block"><observablehq-loading></observablehq-loading><!--:4164a14e:--></div>
<div class="knobs">
<div class="observablehq observablehq--block"><!--:057a8ba9:--></div>
<div class="knob-status"><observablehq-loading></observablehq-loading><!--:ba99e2a2:--></div>
</div>
<div class="figure-wide"><observablehq-loading></observablehq-loading><!--:328f7ed5:--></div>
<div class="figure-wide"><observablehq-loading></observablehq-loading><!--:5a5a5a5a-1:--></div>
</main>
</div>
</body>
</html>`;

describe("typesetMath(html)", () => {
  const page = typesetMath(built);

  it("puts KaTeX's markup where a formula cell's loader was, and drops the cell", () => {
    expect(page).toMatch(/<p>A block adds its input back: <span class="katex">.*<annotation encoding="application\/x-tex">y = x \+ F\(x\)<\/annotation>.*<\/span><!--:2ea59ba6:-->/);
    expect(page).not.toContain('define({id: "2ea59ba6"');
    expect(page).not.toContain("<observablehq-loading></observablehq-loading><!--:2ea59ba6:-->");
  });

  it("typesets a tex.block cell (a ```tex fence) as display math, from the raw source", () => {
    expect(page).toMatch(/<div class="observablehq observablehq--block"><span class="katex-display">.*\\frac\{d\}\{dx\}\\bigl.*<!--:4164a14e:--><\/div>/);
    expect(page).not.toContain('define({id: "4164a14e"');
  });

  it("leaves every other cell to the browser", () => {
    for (const id of ["3d4c24fd", "057a8ba9", "ba99e2a2", "328f7ed5", "5a5a5a5a"]) expect(page).toContain(`define({id: "${id}"`);
    expect(page).toContain("<observablehq-loading></observablehq-loading><!--:5a5a5a5a:-->");
  });

  it("links KaTeX's stylesheet (marked for tex.ts) and preloads the fonts the formulas use", () => {
    expect(page).toContain('<link rel="stylesheet" type="text/css" href="./_node/katex@0.19.1/dist/katex.min.css" data-plus-x-katex>');
    expect(page).toContain('<link rel="preload" as="font" type="font/woff2" crossorigin href="./_node/katex@0.19.1/dist/fonts/KaTeX_Math-Italic.woff2">');
    expect(page).toContain("KaTeX_Size1-Regular.woff2"); // \bigl
  });

  it("answers the import of tex.js with an empty module when no cell calls tex any more, and preloads no KaTeX script", () => {
    expect(page).toContain("Promise.resolve({tex: undefined})]);");
    expect(page).not.toMatch(/components\/tex\.|katex@0\.19\.1\/index/);
  });

  it("keeps tex.js when a cell still calls tex", () => {
    const live = built.replace('inputs: ["depth","display"], body: async (depth,display)', 'inputs: ["tex","depth","display"], body: async (tex,depth,display)');
    expect(typesetMath(live)).toContain('import("./_import/components/tex.31c96e26.js")');
  });

  it("does not typeset a formula with a ${} in it", () => {
    const dynamic = built.replace("tex\`y = x + F(x)\`", "tex\`y = \${depth}\`");
    expect(typesetMath(dynamic)).toContain('define({id: "2ea59ba6"');
  });

  it("is idempotent", () => {
    expect(typesetMath(page)).toBe(page);
  });
});

describe("katexFonts(markup)", () => {
  it("always names KaTeX_Main-Regular, and each font a class of the markup is given in KaTeX's stylesheet", () => {
    expect(katexFonts('<span class="mord">1</span>')).toEqual(["KaTeX_Main-Regular"]);
    expect(katexFonts('<span class="mord mathnormal">x</span><span class="delimsizing size2">(</span>')).toEqual(["KaTeX_Main-Regular", "KaTeX_Math-Italic", "KaTeX_Size2-Regular"]);
  });
});

describe("fixHtml(html) on a built page", () => {
  const page = fixHtml(built);

  it("awaits a painted frame before the first define(), at most 200 ms", () => {
    expect(page).toMatch(/import \{define\} from "\.\/_observablehq\/client\.d10d8454\.js";\n\/\/ px-first-paint: .*\nawait new Promise\(\(painted\) => \(requestAnimationFrame\(\(\) => setTimeout\(painted\)\), setTimeout\(painted, 200\)\)\);\n\ndefine\(/);
  });

  it("puts an empty page-tools bar right before <main>", () => {
    expect(page).toContain('<div id="observablehq-center">\n<div class="px-pagetools"></div>\n<main id="observablehq-main"');
  });

  it("is idempotent", () => {
    expect(fixHtml(page)).toBe(page);
  });
});

describe("scriptsAfterText(html)", () => {
  const page = scriptsAfterText(built);

  it("drops the modulepreload links of the page's own modules and keeps Framework's", () => {
    expect(page).toContain('<link rel="modulepreload" href="./_observablehq/client.d10d8454.js">');
    expect(page).not.toContain('<link rel="modulepreload" href="./_import/');
    expect(page).not.toContain('<link rel="modulepreload" href="./_node/');
    expect(page).toContain('import("./_import/components/page.d5f6ca37.js")'); // the imports themselves stay
  });
});

describe("reserveKnobs(html)", () => {
  const page = reserveKnobs(built);

  it("tells a knob panel's block how many knobs its cell makes", () => {
    expect(page).toContain('<div class="knobs">\n<div class="observablehq observablehq--block" style="--px-knobs: 2"><!--:057a8ba9:--></div>');
  });

  it("marks a status line that holds a ComputeStatus", () => {
    expect(page).toContain('<div class="knob-status px-status-line"><observablehq-loading>');
  });

  it("gives a figure block that draws at the column's width a chart's height, and no other", () => {
    expect(page).toContain(`<div class="figure-wide" style="--px-figure: ${figureHeight}px"><observablehq-loading></observablehq-loading><!--:328f7ed5:-->`);
    expect(page).toContain('<div class="figure-wide"><observablehq-loading></observablehq-loading><!--:5a5a5a5a-1:-->');
  });

  it("is idempotent", () => {
    expect(reserveKnobs(page)).toBe(page);
  });
});
