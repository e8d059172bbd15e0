import { DataSource } from "typeorm";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockDataDir } from "./data-dir-lock";
import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureEmbeddedDataDir, embeddedPostgresConf, embeddedTemplateDir, removeOtherTemplates } from "./embedded-data-dir";
import { entities } from "./entities";
import { migrations } from "../../migrations";
import { LocalNotifications, PostgresNotifications, type Notifications } from "./notifications";
import type { DatabaseSettings } from "../config/settings";
import { forgetPreparedOnConnect } from "./repositories/named";

export type { DatabaseSettings } from "../config/settings";

export interface Database {
  readonly kind: DatabaseSettings["kind"];
  readonly dataSource: DataSource;
  /** What this instance tells every instance on the database (and hears from them). */
  readonly notifications: Notifications;
  close(): Promise<void>;
}

/** Opens the database and brings its schema up to date with the migrations. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  const db = settings.kind === "postgres" ? await openPostgres(settings.url, settings.poolSize ?? 10) : await openEmbedded(settings.dataDir);
  try {
    await db.dataSource.runMigrations({ transaction: "each" });
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

function dataSourceOptions() {
  return { type: "postgres" as const, entities, migrations, migrationsTableName: "migrations", synchronize: false };
}

/**
 * Minqing's sessions run without PostgreSQL's JIT: its queries are short, and compiling one costs
 * more than running it. The statistics over a million cases took 0.6 s a process to compile and
 * 0.5 s to run, and a slightly larger table tips the department statistics over JIT's threshold too.
 */
const sessionOptions = "-c jit=off";

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const dataSource = new DataSource({
    ...dataSourceOptions(),
    url,
    // A database that is unreachable without refusing (a network partition) fails a connection
    // attempt in 10 s instead of the operating system's minutes, and keepalives find connections
    // that died silently: either way the work is tried again rather than hanging.
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, keepAlive: true, options: sessionOptions },
  });
  await dataSource.initialize();
  const notifications = new PostgresNotifications(url);
  return {
    kind: "postgres",
    dataSource,
    notifications,
    async close() {
      await notifications.close();
      await dataSource.destroy();
    },
  };
}

/**
 * PGlite (PostgreSQL compiled to WebAssembly) in this process, kept in `dataDir`, reached through
 * its wire-protocol server so the ordinary `pg` driver and TypeORM run unchanged. PGlite has one
 * session: all connections share it, so a second connection would interleave with an open
 * transaction. Hence one connection in the pool, and the server admits one.
 */
async function openEmbedded(dataDir: string): Promise<Database> {
  await ensureEmbeddedDataDir(dataDir);
  const unlock = lockDataDir(dataDir);
  const pglite = await PGlite.create(dataDir, { postgresqlconf: embeddedPostgresConf }).catch((err: unknown) => {
    unlock();
    throw err;
  });
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 1 });
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  const dataSource = new DataSource({
    ...dataSourceOptions(),
    host: "127.0.0.1",
    port,
    username: "postgres",
    database: "postgres",
    extra: { max: 1 },
  });
  await dataSource.initialize();
  forgetPreparedOnConnect(dataSource);
  return {
    kind: "embedded",
    dataSource,
    notifications: new LocalNotifications(),
    async close() {
      await dataSource.destroy();
      await server.stop();
      await pglite.close();
      unlock();
    },
  };
}

/**
 * Makes the embedded databases' template if there is none for this PGlite and these migrations:
 * initdb and the migrations, aside, then renamed into place, so nobody copies half of one.
 * Run by `npm ci` (scripts/embedded-template.js) and before the tests.
 */
export async function ensureEmbeddedTemplate(): Promise<string> {
  const template = embeddedTemplateDir();
  if (existsSync(join(template, "PG_VERSION"))) return template;
  const building = `${template}.init-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const db = await openDatabase({ kind: "embedded", dataDir: join(building, "pg") });
  await db.close();
  rmSync(template, { recursive: true, force: true });
  renameSync(join(building, "pg"), template);
  rmSync(building, { recursive: true, force: true });
  removeOtherTemplates(template);
  return template;
}
