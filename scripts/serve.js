#!/usr/bin/env node
// A tiny static server for the built site (dist/), with no dependencies, for a classroom or a
// laptop offline. Clean URLs as Framework writes them: /degradation → degradation.html,
// / → index.html, /dir/ → dir/index.html. Listens on 127.0.0.1 only.
//
//   node scripts/serve.js [root = dist] [port = 3000]
//
// Also a module: `const {port, url, close} = await serve("dist", {port: 0})` (port 0: any free one).
import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer} from "node:http";
import {extname, join, resolve, sep} from "node:path";
import {pathToFileURL} from "node:url";

/** MIME types of everything Framework writes to dist/, and the data files chapters may load. */
export const mimeTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".bin": "application/octet-stream",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/vnd.apache.parquet"
};

/**
 * Serves the files under root.
 * @param {string} [root] folder to serve, default "dist"
 * @param {{port?: number, host?: string}} [options] port (default 0: a free one), host (default 127.0.0.1)
 * @returns {Promise<{port: number, url: string, close: () => Promise<void>}>}
 */
export async function serve(root = "dist", {port = 0, host = "127.0.0.1"} = {}) {
  const base = resolve(root);
  const info = await stat(base).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`invalid root: ${root} (not a folder; run \`npm run build\` first?)`);

  const server = createServer(async (request, response) => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.writeHead(405, {Allow: "GET, HEAD"}).end();
        return;
      }
      const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
      const file = await findFile(base, pathname);
      if (file) return send(request, response, file, 200);
      const notFound = join(base, "404.html");
      if (await isFile(notFound)) return send(request, response, notFound, 404);
      response.writeHead(404, {"Content-Type": "text/plain; charset=utf-8"}).end("Not found\n");
    } catch {
      response.writeHead(400, {"Content-Type": "text/plain; charset=utf-8"}).end("Bad request\n");
    }
  });

  await new Promise((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(port, host, () => resolveListen(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    port: actualPort,
    url: `http://${host}:${actualPort}/`,
    close: () =>
      new Promise((resolveClose, rejectClose) => {
        server.closeAllConnections();
        server.close((error) => (error ? rejectClose(error) : resolveClose(undefined)));
      })
  };
}

/** The file a URL path names, trying clean-URL forms; null if none (or if it escapes root). */
async function findFile(base, pathname) {
  const path = resolve(base, `.${pathname}`);
  if (path !== base && !path.startsWith(base + sep)) return null; // no ../ escapes
  const candidates = pathname.endsWith("/") ? [join(path, "index.html")] : [path, `${path}.html`, join(path, "index.html")];
  for (const candidate of candidates) if (await isFile(candidate)) return candidate;
  return null;
}

async function isFile(path) {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function send(request, response, file, status) {
  const {size} = await stat(file);
  response.writeHead(status, {
    "Content-Type": mimeTypes[extname(file).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": size,
    // Framework's hashed assets could be cached forever; pages should not. Keep it simple: revalidate.
    "Cache-Control": "no-cache"
  });
  if (request.method === "HEAD") return response.end();
  createReadStream(file).pipe(response);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [root = "dist", portArg = process.env.PORT ?? "3000"] = process.argv.slice(2);
  const port = Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid port: ${portArg} (expected an integer from 0 to 65535)`);
    process.exit(1);
  }
  try {
    const {url, close} = await serve(root, {port});
    console.log(`Plus x: serving ${root}/ at ${url} (Ctrl-C stops)`);
    const stop = () => close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
