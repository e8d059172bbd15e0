import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import type { DatabaseSettings } from "../../src/db/database";
import { pgliteTemplateDir } from "./paths";

export type Backend = DatabaseSettings["kind"];

/** Integration tests run on the embedded database always, and on real PostgreSQL when DATABASE_URL is set. */
export const backends: Backend[] = process.env.DATABASE_URL ? ["embedded", "postgres"] : ["embedded"];

export interface TestDatabase {
  settings: DatabaseSettings;
  drop(): Promise<void>;
}

/** A new, empty database of the given kind, for one test file. */
export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === "embedded") {
    const dataDir = join(mkdtempSync(join(tmpdir(), "minqing-test-")), "pg");
    cpSync(pgliteTemplateDir, dataDir, { recursive: true });
    return { settings: { kind: "embedded", dataDir }, drop: async () => rmSync(join(dataDir, ".."), { recursive: true, force: true }) };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const name = `minqing_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    settings: { kind: "postgres", url: url.toString(), poolSize: 5 },
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
