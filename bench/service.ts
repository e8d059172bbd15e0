import { Client } from "pg";
import { startApp, type App } from "../src/app";
import { loadSettings } from "../src/config/load";
import type { Deployment } from "../src/config/schema";
import type { Settings } from "../src/config/settings";
import { silentLogger } from "../src/log";

/** The run's own database on the server DATABASE_URL names, created at the start and dropped at the end. */
export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `minqing_bench_${process.pid}`;
  await withClient(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The demo county as shipped (config/default.yaml), with changes for one part of the bench. */
export function benchDeployment(change?: (d: Deployment) => void): Deployment {
  const d = structuredClone(loadSettings({}).deployment);
  change?.(d);
  return d;
}

/** The service as `npm start` composes it (startApp), on the bench's database, quiet, with the timers off. */
export async function startService(options: {
  /** PostgreSQL at this address, or the embedded database in this directory. */
  databaseUrl?: string;
  dataDir?: string;
  deployment: Deployment;
  telegram?: { apiUrl: string; token: string };
  /** How often the outbox looks for due messages unasked (the service's default: every second). */
  outboxPollMs?: number;
}): Promise<App> {
  const settings: Settings = {
    port: 0,
    publicUrl: "http://127.0.0.1",
    database: databaseOf(options),
    telegram: options.telegram,
    http: { trustedProxies: [] },
    log: { level: "error", format: "json" },
    deployment: options.deployment,
  };
  // The reminder timer is off: the sweep is measured on its own, on a database made for it.
  return startApp({
    settings,
    logger: silentLogger(),
    host: "127.0.0.1",
    schedule: false,
    ...(options.outboxPollMs === undefined ? {} : { dispatcher: { pollMs: options.outboxPollMs } }),
  });
}

function databaseOf(options: { databaseUrl?: string; dataDir?: string }): Settings["database"] {
  if (options.dataDir !== undefined) return { kind: "embedded", dataDir: options.dataDir };
  if (options.databaseUrl !== undefined) return { kind: "postgres", url: options.databaseUrl };
  throw new Error("startService: a databaseUrl or a dataDir");
}
