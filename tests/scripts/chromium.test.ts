// scripts/chromium.js: which browser the tests run, and the flags they run it with.
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, test} from "vitest";
import {findChromium, launchArgs} from "../../scripts/chromium.js";

const dir = mkdtempSync(join(tmpdir(), "plus-x-chromium-"));
const fake = join(dir, "chromium-browser");
writeFileSync(fake, "#!/bin/sh\n");
chmodSync(fake, 0o755);

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("findChromium(env)", () => {
  test("prefers CHROMIUM_PATH when it is executable", () => {
    expect(findChromium({CHROMIUM_PATH: fake, PATH: ""})).toBe(fake);
  });

  test("rejects a CHROMIUM_PATH that is not executable, naming it", () => {
    expect(() => findChromium({CHROMIUM_PATH: join(dir, "nope"), PATH: ""})).toThrow(`invalid CHROMIUM_PATH: ${join(dir, "nope")}`);
  });

  test("falls back to /usr/bin/chromium, then to chromium-browser or google-chrome on PATH", () => {
    const found = findChromium({PATH: dir});
    expect(found === "/usr/bin/chromium" || found === fake).toBe(true);
  });
});

test("launchArgs run headless, sandbox-free and offline-quiet", () => {
  for (const flag of ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]) {
    expect(launchArgs).toContain(flag);
  }
});
