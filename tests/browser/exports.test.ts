// Exports: every chart on every page sits in a Frame (.px-figure) that offers SVG, PNG and CSV,
// and each button downloads a non-empty, valid file: SVG that parses as SVG, PNG with the PNG
// signature and a non-empty image, CSV with a header row and at least one row of data. Veiled
// figures are revealed first (their tools are hidden until then).
import {chromium, type Browser, type Download, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {discoverPages, openPage, printTable, revealVeils, siteUrl, type OpenedPage} from "./harness.js";
import {distDir} from "./setup.js";

const pages = discoverPages(distDir);
const rows: Record<string, string | number>[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.connect(inject("wsEndpoint"));
});

afterAll(async () => {
  printTable("Figure exports per page", rows);
  await browser?.close();
});

async function bytes(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses SVG text in the page (Chromium's XML parser): the root's name, or the parser's error. */
function parseSvg(page: Page, text: string): Promise<string> {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, "image/svg+xml");
    const error = doc.querySelector("parsererror");
    return error ? `parse error: ${error.textContent}` : doc.documentElement.localName;
  }, text);
}

/** Splits one CSV line into fields (RFC 4180 quotes), enough to read a header. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = pattern.exec(line); m && m[0] !== ""; m = pattern.exec(line)) {
    fields.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] === "") break;
  }
  return fields;
}

describe.each(pages)("page %s", (path) => {
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await openPage(browser, siteUrl(path));
  });

  afterAll(async () => {
    await opened?.page.context().close();
  });

  test("every chart is inside a figure frame (.px-figure)", async () => {
    // Charts: svg or canvas bigger than an icon, not KaTeX's, not a legend's swatch, not in a button.
    const loose = await opened.page.$$eval("main svg, main canvas", (charts) =>
      charts
        .filter((chart) => !chart.closest(".px-figure, .katex, [class*='-swatches'], button"))
        .filter((chart) => chart.getBoundingClientRect().width * chart.getBoundingClientRect().height > 48 * 48)
        .map((chart) => chart.outerHTML.slice(0, 100))
    );
    expect(loose, "charts outside a Frame: no caption, no exports").toEqual([]);
  });

  test("every figure offers SVG, PNG and CSV, and each downloads a valid, non-empty file", async () => {
    const {page, problems} = opened;
    await revealVeils(page);
    const figures = page.locator(".px-figure");
    const count = await figures.count();
    const sizes: string[] = [];
    for (let i = 0; i < count; i++) {
      const figure = figures.nth(i);
      const name = (await figure.getAttribute("data-figure")) ?? `#${i}`;
      const labels = await figure.locator(".px-figure-tools button").allTextContents();
      expect(labels, `figure ${name}: export buttons`).toEqual(expect.arrayContaining(["SVG", "PNG", "CSV"]));
      const files: Record<string, Buffer> = {};
      for (const kind of ["SVG", "PNG", "CSV"]) {
        const [download] = await Promise.all([
          page.waitForEvent("download", {timeout: 15_000}),
          figure.locator(".px-figure-tools button", {hasText: kind}).click({force: true}) // see revealVeils
        ]);
        expect(download.suggestedFilename(), `figure ${name}: ${kind} file name`).toBe(`${name}.${kind.toLowerCase()}`);
        files[kind] = await bytes(download);
        expect(files[kind].length, `figure ${name}: ${kind} size`).toBeGreaterThan(0);
      }
      expect(await parseSvg(page, files.SVG.toString("utf8")), `figure ${name}: SVG`).toBe("svg");
      // PNG: the 8-byte signature, then an IHDR chunk with a non-zero width and height.
      const png = files.PNG;
      expect([...png.subarray(0, 8)], `figure ${name}: PNG signature`).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
      expect(png.readUInt32BE(16) * png.readUInt32BE(20), `figure ${name}: PNG pixels`).toBeGreaterThan(0);
      const lines = files.CSV.toString("utf8").split(/\r?\n/).filter((line) => line !== "");
      const header = csvFields(lines[0] ?? "");
      expect(header.length, `figure ${name}: CSV header fields`).toBeGreaterThan(0);
      expect(header.every((field) => field.trim() !== ""), `figure ${name}: CSV header ${lines[0]}`).toBe(true);
      expect(lines.length, `figure ${name}: CSV rows after the header`).toBeGreaterThan(1);
      sizes.push(`${name}: svg ${files.SVG.length} B, png ${png.readUInt32BE(16)}×${png.readUInt32BE(20)}, csv ${lines.length - 1} rows × ${header.length}`);
    }
    rows.push({page: path, figures: count, files: sizes.join("; ") || "none"});
    expect(problems).toEqual([]);
  });
});
