// Types for scripts/lighthouse.js (tsconfig has allowJs off; the tests import it from TypeScript).
export declare const thresholds: {performance: number | null; accessibility: number | null; "best-practices": number | null};
export declare const performanceRuns: number;
export declare function median(values: number[]): number;
export declare function medianRun<R extends {scores: Record<string, number>}>(rows: R[]): R & {runs: number[]};
export interface AuditRow {
  page: string;
  scores: Record<string, number>;
  metrics: Record<string, number>;
  lost: string[];
  longTasks: {url: string; startTime: number; duration: number}[];
  seconds: number;
  runs: number[];
}
export declare function audit(dist?: string, options?: {pages?: string[]; retry?: boolean}): Promise<AuditRow[]>;
