// Types for scripts/chromium.js (tsconfig has allowJs off; the tests import it from TypeScript).
export declare const chromiumNames: readonly string[];
export declare const launchArgs: readonly string[];
export declare function findChromium(env?: NodeJS.ProcessEnv): string | null;
export declare function ensureChromium(): string;
