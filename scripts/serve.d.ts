// Types for scripts/serve.js (tsconfig has allowJs off; the tests import it from TypeScript).
export declare const mimeTypes: Readonly<Record<string, string>>;
export interface Server {
  /** The port listened on (the free one chosen when asked for port 0). */
  port: number;
  /** http://127.0.0.1:<port>/ */
  url: string;
  close(): Promise<void>;
}
export declare function serve(root?: string, options?: {port?: number; host?: string}): Promise<Server>;
