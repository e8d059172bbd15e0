import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

/** Memory PGlite gives PostgreSQL's buffers: enough for a small office; the default 128 MB costs ~130 MB more RSS. */
export const embeddedPostgresConf = "shared_buffers=16MB";

/**
 * A data directory with the schema in place, made once for this version of PGlite and these
 * migrations and copied for every new embedded database: `.cache/pglite-<version>-<schema>` in
 * the project, `<schema>` a hash of the migrations' sources (so editing one makes a new template).
 * `npm ci` makes it (the `prepare` script), so the first `npm start` copies 40 MB instead of
 * running initdb for four seconds and the migrations for one; the tests copy it too.
 */
export function embeddedTemplateDir(): string {
  const entry = require.resolve("@electric-sql/pglite");
  let packageDir = dirname(entry);
  while (!existsSync(join(packageDir, "package.json")) && dirname(packageDir) !== packageDir) packageDir = dirname(packageDir);
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  return join(templatesDir(), `pglite-${version}-${schemaHash()}`);
}

function templatesDir(): string {
  return join(projectRoot(), ".cache");
}

/** The migrations' sources as the checkout has them; without them (dist/ alone), their compiled code. */
function schemaHash(): string {
  const hash = createHash("sha256");
  for (const [dir, ext] of [[join(projectRoot(), "migrations"), ".ts"], [join(__dirname, "..", "..", "migrations"), ".js"]] as const) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(ext)).sort() : [];
    if (files.length === 0) continue;
    for (const file of files) hash.update(file).update(readFileSync(join(dir, file)));
    break;
  }
  return hash.digest("hex").slice(0, 10);
}

/** Templates of other versions or schemas are 40 MB each that nothing will copy again. */
export function removeOtherTemplates(keep: string): void {
  const dir = templatesDir();
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name.startsWith("pglite-") && join(dir, name) !== keep && !name.includes(".init-")) rmSync(join(dir, name), { recursive: true, force: true });
  }
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
 * when there is one (the migrations then find nothing to do), else PostgreSQL's initdb. Under WebAssembly initdb takes seconds and grows
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
