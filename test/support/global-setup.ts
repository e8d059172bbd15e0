import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ensureEmbeddedTemplate } from "../../src/db/database";

/**
 * Initialising a PGlite data directory and migrating it takes seconds; copying one takes
 * milliseconds. So it is done once (npm ci does it, or the first test run) and every test
 * database starts from a copy. The pages are built here too when front/ changed since the last
 * build, so the browser tests never drive yesterday's pages.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [join(__dirname, "..", "..", "scripts", "build-front.js"), "--if-stale"], { stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "" } });
  await ensureEmbeddedTemplate();
}
