// Global setup of the browser tests: serve dist/ on a free port with scripts/serve.js and start one
// Chromium (found by scripts/chromium.js, the same finder `npm run test:browser` checks first) that
// every test file connects to.
import {existsSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {chromium} from "playwright-core";
import type {TestProject} from "vitest/node";
import {findChromium, launchArgs} from "../../scripts/chromium.js";
import {serve} from "../../scripts/serve.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port>/ serving dist/ */
    baseURL: string;
    /** Playwright's endpoint of the shared Chromium */
    wsEndpoint: string;
  }
}

export const distDir = fileURLToPath(new URL("../../dist/", import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(distDir)) throw new Error(`no built site at ${distDir}: run \`npm run build\` first`);
  const executablePath = findChromium();
  if (!executablePath) throw new Error("no Chromium found: run `node scripts/chromium.js` to install one or set CHROMIUM_PATH");
  const server = await serve(distDir, {port: 0});
  const browser = await chromium.launchServer({executablePath, args: [...launchArgs]});
  project.provide("baseURL", server.url);
  project.provide("wsEndpoint", browser.wsEndpoint());
  return async () => {
    await browser.close();
    await server.close();
  };
}
