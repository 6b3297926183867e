// scripts/serve.js: clean URLs like Framework's, the right MIME types, nothing outside its root.
import {get as httpGet} from "node:http";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {serve, type Server} from "../../scripts/serve.js";

let root: string;
let server: Server;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "plus-x-serve-"));
  const files: Record<string, string> = {
    "index.html": "home",
    "degradation.html": "degradation",
    "guide/index.html": "guide",
    "_observablehq/client.js": "js",
    "_import/style.css": "css",
    "fonts/KaTeX_Main-Regular.woff2": "woff2",
    "data/x.json": "{}",
    "data/x.csv": "a,b",
    "img/x.svg": "<svg/>",
    "img/x.png": "png"
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), {recursive: true});
    writeFileSync(join(root, path), content);
  }
  server = await serve(root, {port: 0});
});

afterAll(async () => {
  await server?.close();
  rmSync(root, {recursive: true, force: true});
});

const get = (path: string) => fetch(new URL(path, server.url));

function rawStatus(path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    httpGet({host: "127.0.0.1", port: server.port, path}, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on("error", reject);
  });
}

describe("serve(root, {port: 0})", () => {
  test("listens on a free port of 127.0.0.1", () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  test("maps clean URLs to .html files: / → index.html, /degradation → degradation.html, /guide/ → guide/index.html", async () => {
    for (const [path, body] of [["/", "home"], ["/degradation", "degradation"], ["/degradation.html", "degradation"], ["/guide/", "guide"], ["/guide", "guide"]]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe(body);
      expect(response.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
    }
  });

  test("sends the right MIME types", async () => {
    const expected: Record<string, string> = {
      "/_observablehq/client.js": "text/javascript; charset=utf-8",
      "/_import/style.css": "text/css; charset=utf-8",
      "/fonts/KaTeX_Main-Regular.woff2": "font/woff2",
      "/data/x.json": "application/json; charset=utf-8",
      "/data/x.csv": "text/csv; charset=utf-8",
      "/img/x.svg": "image/svg+xml",
      "/img/x.png": "image/png"
    };
    for (const [path, type] of Object.entries(expected)) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toBe(type);
    }
  });

  test("answers 404 for missing files and for paths that climb out of root", async () => {
    expect((await get("/nope")).status).toBe(404);
    // Raw requests: fetch would normalise the dots away before sending.
    for (const path of ["/../../../../etc/passwd", "/..%2f..%2f..%2f..%2fetc%2fpasswd"]) {
      expect(await rawStatus(path), path).toBe(404);
    }
  });

  test("rejects a root that is not a folder", async () => {
    await expect(serve(join(root, "missing"))).rejects.toThrow(/invalid root: .*missing \(not a folder/);
  });
});
