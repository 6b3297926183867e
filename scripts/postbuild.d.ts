// Types for scripts/postbuild.js (tsconfig has allowJs off; the tests import it from TypeScript).
export declare function fixHtml(html: string): string;
export declare function htmlFiles(dir: string): string[];
export declare function typesetMath(html: string): string;
export declare function katexFonts(markup: string): string[];
export declare function scriptsAfterText(html: string): string;
export declare function reserveKnobs(html: string): string;
export declare const figureHeight: number;
export declare const skipLink: string;
export declare const sidebarStorage: string;
