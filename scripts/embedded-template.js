#!/usr/bin/env node
// Run by npm ci / npm install (the `prepare` script): makes a fresh embedded database's data
// directory once per PGlite version, in .cache/pglite-<version>, which every new embedded
// database then copies (src/db/embedded-data-dir.ts names it the same way). PostgreSQL's initdb
// under WebAssembly takes about four seconds; paid here, the first `npm start` does not wait
// for it. If it cannot be made, nothing is lost: the service runs initdb at its first start.
const { existsSync, mkdirSync, readFileSync, renameSync, rmSync } = require("node:fs");
const { dirname, join } = require("node:path");

async function main() {
  const entry = require.resolve("@electric-sql/pglite");
  let packageDir = dirname(entry);
  while (!existsSync(join(packageDir, "package.json")) && dirname(packageDir) !== packageDir) packageDir = dirname(packageDir);
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const template = join(__dirname, "..", ".cache", `pglite-${version}`);
  if (existsSync(join(template, "PG_VERSION"))) return;
  mkdirSync(dirname(template), { recursive: true });
  const building = `${template}.init-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const { PGlite } = require(entry);
  const db = await PGlite.create(building);
  await db.close();
  rmSync(template, { recursive: true, force: true });
  renameSync(building, template);
}

main().catch((err) => {
  console.warn(`embedded database template not made (the first start will make its data directory instead): ${err instanceof Error ? err.message : err}`);
});
