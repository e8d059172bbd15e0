#!/usr/bin/env node
// Builds the pages (front/, Vue + Vite) into dist/front. `npm ci` runs it (prepare), `npm start`
// and the tests run it with --if-stale: then it builds only when dist/front is missing or older
// than a file under front/, so an edited page is never served stale and an unchanged one costs
// a directory walk.
const { readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const sources = join(root, "front");
const stamp = join(root, "dist", "front", "resident", "index.html");

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh() {
  try {
    return statSync(stamp).mtimeMs >= newestChange(sources);
  } catch {
    return false;
  }
}

async function main() {
  if (process.argv.includes("--if-stale") && isFresh()) return;
  const { build } = await import("vite");
  await build({ configFile: join(sources, "vite.config.mts"), logLevel: "warn" });
}

main().catch((error) => {
  console.error(`the pages could not be built: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
