// Types for scripts/postbuild.js (tsconfig has allowJs off; the tests import it from TypeScript).
export declare function fixHtml(html: string): string;
export declare function htmlFiles(dir: string): string[];
