import { execFile } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

/** Memory PGlite gives PostgreSQL's buffers: enough for a small office; the default 128 MB costs ~130 MB more RSS. */
export const embeddedPostgresConf = "shared_buffers=16MB";

/**
 * Creates an embedded database's data directory if it does not exist yet. PostgreSQL's initdb
 * under WebAssembly takes seconds and grows the process to ~800 MB, memory a Node process never
 * gives back; so it runs in a short-lived child process, and the service opens the result.
 * The directory is built aside and renamed, so an interrupted first start leaves nothing half-made.
 */
export async function ensureEmbeddedDataDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  mkdirSync(dirname(dataDir), { recursive: true });
  const building = `${dataDir}.init-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const script = `
    const { PGlite } = require(${JSON.stringify(require.resolve("@electric-sql/pglite"))});
    PGlite.create(process.argv[1]).then((db) => db.close()).catch((err) => { console.error(err); process.exit(1); });`;
  await promisify(execFile)(process.execPath, ["-e", script, building]);
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
}
