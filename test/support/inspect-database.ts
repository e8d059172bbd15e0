import { Client } from "pg";
import { openDatabase, type DatabaseSettings } from "../../src/db/database";

export type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * Runs `fn` with a query function on a database a service child process uses. PostgreSQL can
 * be read while the service runs; the embedded database only once the process has exited
 * (one process at a time: its lock file says so).
 */
export async function inspectDatabase<T>(settings: DatabaseSettings, fn: (query: Query) => Promise<T>): Promise<T> {
  if (settings.kind === "postgres") {
    const client = new Client({ connectionString: settings.url });
    await client.connect();
    try {
      return await fn(async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[]);
    } finally {
      await client.end();
    }
  }
  const db = await openDatabase(settings);
  try {
    return await fn(<R>(sql: string, params?: unknown[]) => db.dataSource.query(sql, params) as Promise<R[]>);
  } finally {
    await db.close();
  }
}
