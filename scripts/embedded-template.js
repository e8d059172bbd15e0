#!/usr/bin/env node
// Run by npm ci / npm install (the `prepare` script): builds, then makes the embedded database's
// template (src/db/database.ts, ensureEmbeddedTemplate): a data directory with the schema in
// place, made once per PGlite version and set of migrations, which every new embedded database
// copies. Paid here, the first `npm start` does not wait four seconds for initdb and one for the
// migrations. If it cannot be made (no dev dependencies, say), nothing is lost: the first start
// makes its data directory itself.
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");

const root = join(__dirname, "..");
try {
  const swc = require.resolve("@swc/cli/bin/swc.js", { paths: [root] });
  execFileSync(process.execPath, [swc, "src", "adapters", "migrations", "-d", "dist", "--copy-files", "-q"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, ["dist/src/cli/embedded-template.js"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "" } });
} catch (err) {
  console.warn(`embedded database template not made (the first start will make its data directory itself): ${err instanceof Error ? err.message : err}`);
}
