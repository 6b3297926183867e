// Reading what a figure's export buttons download.
import type {Download, Locator, Page} from "playwright-core";

/**
 * Clicks a figure's button with the mouse. Forced, and tried again if the figure was redrawn under
 * the pointer: a training figure is replaced many times a second, so Playwright's wait for a stable
 * element may never end, and the mouse lands on whichever drawing's button is there (Frame acts on
 * pointerdown for that reason).
 */
export async function pressButton(button: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await button.click({force: true, timeout: 5000});
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/** The downloaded file's bytes. */
export async function bytes(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses SVG text with the page's XML parser: the root element's name, or the parser's error. */
export function parseSvg(page: Page, text: string): Promise<string> {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, "image/svg+xml");
    const error = doc.querySelector("parsererror");
    return error ? `parse error: ${error.textContent}` : doc.documentElement.localName;
  }, text);
}

/** A PNG's size from its IHDR chunk, or null if the bytes do not start like a PNG. */
export function pngSize(png: Buffer): {width: number; height: number} | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((b, i) => png[i] !== b) || png.subarray(12, 16).toString("latin1") !== "IHDR") return null;
  return {width: png.readUInt32BE(16), height: png.readUInt32BE(20)};
}

/** One CSV line's fields (RFC 4180 quoting), enough to read a header. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    fields.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] === "") break;
  }
  return fields;
}
