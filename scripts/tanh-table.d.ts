// Types for scripts/tanh-table.js (tsconfig has allowJs off; the tests import it from TypeScript).
export declare const PER_UNIT: number;
export declare const TOP: number;
export declare function tanhTable(): number[];
