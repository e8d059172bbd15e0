#!/usr/bin/env node
// The npm registry mirror on our build machines serves only this platform's builds of
// packages like @swc/core-darwin-arm64, so `npm install` leaves the other platforms'
// optional packages out of package-lock.json, and `npm ci` then refuses the lock file as
// "Missing: … from lock file". This adds a placeholder entry (optional, no version) where npm
// expects each one; npm skips them when installing, as it does any optional package for
// another platform. Run after changing dependencies: `npm install && node scripts/complete-lockfile.js`.
const fs = require("node:fs");

const file = "package-lock.json";
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const packages = lock.packages;

/** Where node would find `name` from the package at `from` (walking up the node_modules folders). */
function resolves(from, name) {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf("/node_modules/")))) {
    if (packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
  }
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (resolves(path, name)) continue;
    packages[`${path ? `${path}/` : ""}node_modules/${name}`] = { optional: true };
    added += 1;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} placeholder entries for other platforms' optional packages`);
