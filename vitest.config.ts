// Unit tests (lib/, components). The browser tests of the built site have their own config:
// tests/browser/vitest.config.ts (run by `npm run test:browser` after `npm run build`).
import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "node_modules/**", "dist/**"]
  }
});
