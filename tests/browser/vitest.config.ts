// Browser tests of the built site: `npm run build && npm run test:browser`.
// One Chromium and one static server for the whole suite, started in setup.ts.
import {fileURLToPath} from "node:url";
import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["tests/browser/**/*.test.ts"],
    // The walk of every knob's edges (edges.test.ts, about 6 minutes alone) runs by itself,
    // `npm run test:edges`, to keep `npm test` within its 15 minutes.
    exclude: process.env.PX_EDGES ? [] : ["tests/browser/edges.test.ts"],
    globalSetup: ["tests/browser/setup.ts"],
    // Files share one browser. Two at a time: much of a browser test is waiting (for renders, the
    // smoothness windows, workers), and the 2-core machine has room for a second file meanwhile.
    // The smoothness checks measure CPU time per task, so a busy neighbour does not fail them.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
});
