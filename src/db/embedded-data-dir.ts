import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

/** Memory PGlite gives PostgreSQL's buffers: enough for a small office; the default 128 MB costs ~130 MB more RSS. */
export const embeddedPostgresConf = "shared_buffers=16MB";

/**
 * A fresh data directory for this version of PGlite, made once and copied for every new embedded
 * database: `.cache/pglite-<version>` in the project. `npm ci` makes it (the `prepare` script,
 * scripts/embedded-template.js, which names it the same way), so the first `npm start` copies
 * 40 MB in a few milliseconds instead of running initdb for four seconds; the tests copy it too.
 */
export function embeddedTemplateDir(): string {
  const entry = require.resolve("@electric-sql/pglite");
  let packageDir = dirname(entry);
  while (!existsSync(join(packageDir, "package.json")) && dirname(packageDir) !== packageDir) packageDir = dirname(packageDir);
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  return join(projectRoot(), ".cache", `pglite-${version}`);
}

/** The folder with the project's package.json: the sources' root, and dist/'s parent. */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/**
 * Creates an embedded database's data directory if it does not exist yet: a copy of the template
 * when there is one, else PostgreSQL's initdb. Under WebAssembly initdb takes seconds and grows
 * the process to ~800 MB, memory a Node process never gives back; so it runs in a short-lived
 * child process, and the service opens the result. The directory is built aside and renamed, so
 * an interrupted first start leaves nothing half-made.
 */
export async function ensureEmbeddedDataDir(dataDir: string, template = embeddedTemplateDir()): Promise<void> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  mkdirSync(dirname(dataDir), { recursive: true });
  const building = `${dataDir}.init-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  if (template !== dataDir && existsSync(join(template, "PG_VERSION"))) {
    cpSync(template, building, { recursive: true });
  } else {
    const script = `
      const { PGlite } = require(${JSON.stringify(require.resolve("@electric-sql/pglite"))});
      PGlite.create(process.argv[1]).then((db) => db.close()).catch((err) => { console.error(err); process.exit(1); });`;
    await promisify(execFile)(process.execPath, ["-e", script, building]);
  }
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
}
