#!/usr/bin/env node
// Takes the README's screenshot of the built home page: 1280×900, Chromium via playwright-core.
// Any page, any size: a slide of presenter mode at 1080p is
//
//   npm run build && node scripts/screenshot.js [out = docs/home.png] [path = /] [size = 1280x900]
//   node scripts/screenshot.js /tmp/slide.png "/paths?present=3" 1920x1080
import {mkdirSync} from "node:fs";
import {dirname} from "node:path";
import {chromium} from "playwright-core";
import {ensureChromium, launchArgs} from "./chromium.js";
import {serve} from "./serve.js";

const [out = "docs/home.png", path = "/", size = "1280x900"] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
if (!(width > 0 && height > 0)) {
  console.error(`invalid size: ${size} (expected WIDTHxHEIGHT, e.g. 1920x1080)`);
  process.exit(1);
}
const server = await serve("dist", {port: 0});
const browser = await chromium.launch({executablePath: ensureChromium(), args: [...launchArgs]});
try {
  const page = await browser.newPage({viewport: {width, height}});
  await page.goto(new URL(path, server.url).href, {waitUntil: "networkidle"});
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0);
  await page.waitForSelector("figure svg");
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(500); // presenter mode re-cuts its slides once the figures are in
  mkdirSync(dirname(out), {recursive: true});
  await page.screenshot({path: out});
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
