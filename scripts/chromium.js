#!/usr/bin/env node
// Finds a Chromium for the browser tests (and the README screenshot); installs Debian's when it
// can (root with apt-get). The browser tests import findChromium and launchArgs from here, so the
// check before the tests and the tests themselves agree on which browser runs.
//
//   node scripts/chromium.js    prints the path, or installs, or exits 1 saying how to get one
import {spawnSync} from "node:child_process";
import {accessSync, constants} from "node:fs";
import {delimiter, join, resolve} from "node:path";
import {pathToFileURL} from "node:url";

/** Command names tried on PATH after CHROMIUM_PATH and /usr/bin/chromium, in order. */
export const chromiumNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** Flags for a headless, offline, quiet run (no sandbox: CI containers often run as root). */
export const launchArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named on PATH, or null. */
function which(name, path = process.env.PATH ?? "") {
  for (const dir of path.split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/**
 * The path of a Chromium to run: $CHROMIUM_PATH if set (an error if it is not executable, so a
 * typo is not silently replaced by another browser), else /usr/bin/chromium, else the first of
 * chromiumNames on PATH; null if there is none.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | null}
 */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (isExecutable(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(`invalid CHROMIUM_PATH: ${env.CHROMIUM_PATH} (not an executable file)`);
  }
  if (isExecutable("/usr/bin/chromium")) return "/usr/bin/chromium";
  for (const name of chromiumNames) {
    const path = which(name, env.PATH);
    if (path) return path;
  }
  return null;
}

const howTo = `No Chromium found. Install one, e.g. on Debian or Ubuntu:
  sudo apt-get update && sudo apt-get install -y chromium
or point the tests at an installed Chromium or Chrome:
  CHROMIUM_PATH=/path/to/chromium npm test`;

/**
 * findChromium, and if that finds nothing while running as root on a system with apt-get, installs
 * Debian's chromium first. Throws with instructions when there is still none.
 * @returns {string}
 */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !which("apt-get")) throw new Error(howTo);
  console.error("No Chromium found; installing Debian's chromium (apt-get, as root)…");
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const {status} = spawnSync("apt-get", args, {stdio: "inherit", env: {...process.env, DEBIAN_FRONTEND: "noninteractive"}});
    if (status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${status}).\n${howTo}`);
  }
  const installed = findChromium();
  if (!installed) throw new Error(`apt-get installed chromium, but it was not found.\n${howTo}`);
  return installed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    console.log(ensureChromium());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
