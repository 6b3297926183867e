// Unit tests (lib/, components, scripts). The browser tests of the built site have their own config:
// tests/browser/vitest.config.ts (run by `npm run test:browser` after `npm run build`).
import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "node_modules/**", "dist/**", "bench/**"],
    // Generous: these tests are not timed (the benchmark measures speed); a shared 2-core machine can
    // be ten times slower than an idle one.
    testTimeout: 60_000
  }
});
