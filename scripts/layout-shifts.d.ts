// Types for scripts/layout-shifts.js (tsconfig has allowJs off).
export declare function layoutShifts(dist?: string, pages?: string[], ms?: number): Promise<{page: string; cls: number; shifts: {time: number; value: number; input: boolean; moved: string[]}[]; growth: string[]}[]>;
