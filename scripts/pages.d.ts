// Types for scripts/pages.js (tsconfig has allowJs off; the tests import it from TypeScript).
export declare function discoverPages(distDir: string): string[];
