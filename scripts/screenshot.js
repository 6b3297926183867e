#!/usr/bin/env node
// Takes the README's screenshot of the built home page: 1280×900, Chromium via playwright-core.
//
//   npm run build && node scripts/screenshot.js [out = docs/home.png] [path = /]
import {mkdirSync} from "node:fs";
import {dirname} from "node:path";
import {chromium} from "playwright-core";
import {ensureChromium, launchArgs} from "./chromium.js";
import {serve} from "./serve.js";

const [out = "docs/home.png", path = "/"] = process.argv.slice(2);
const server = await serve("dist", {port: 0});
const browser = await chromium.launch({executablePath: ensureChromium(), args: [...launchArgs]});
try {
  const page = await browser.newPage({viewport: {width: 1280, height: 900}});
  await page.goto(new URL(path, server.url).href, {waitUntil: "networkidle"});
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0);
  await page.waitForSelector("figure svg");
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  mkdirSync(dirname(out), {recursive: true});
  await page.screenshot({path: out});
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
