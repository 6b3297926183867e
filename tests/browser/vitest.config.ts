// Browser tests of the built site: `npm run build && npm run test:browser`.
// One Chromium and one static server for the whole suite, started in setup.ts.
import {fileURLToPath} from "node:url";
import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["tests/browser/**/*.test.ts"],
    globalSetup: ["tests/browser/setup.ts"],
    // Pages share one browser; running files one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
});
