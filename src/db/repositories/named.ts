import { QueryFailedError, type DataSource } from "typeorm";
import type { Pool, PoolClient, QueryResult } from "pg";
import type { z } from "zod";
import type { Queryable } from "../tx";
import { parseRows } from "./rows";

/**
 * Named (prepared) statements for the hot paths (issue 13). An unnamed statement is parsed and
 * planned by PostgreSQL every time it is sent, which was 59 % of the database's time per appeal; a
 * named one is parsed once per connection (pg remembers which it has prepared on each client) and
 * then only bound and run.
 *
 * A statement is named by its text's job (`name`), never built from values: the name must stand
 * for one text only, or a connection would run the text it prepared first.
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

const names = new Map<string, string>();

/** Declares a named statement (at module level, once per text); a second text under one name is a bug, caught at start. */
export function named(name: string, text: string): NamedStatement {
  const known = names.get(name);
  if (known !== undefined && known !== text) throw new Error(`named statement "${name}" declared twice with different texts`);
  names.set(name, text);
  return { name: `mq_${name}`, text };
}

/**
 * Runs a named statement on the transaction's own connection. Outside a transaction (the pool's
 * manager has no connection of its own) it is sent unnamed, as `query` does. Errors are wrapped
 * as TypeORM wraps them, so callers (isTransientDatabaseError, the fault tests) see one shape.
 * The result is what TypeORM's `query` returns: the rows, or [rows, affected] for UPDATE/DELETE.
 */
export async function runNamed(tx: Queryable, statement: NamedStatement, params: unknown[]): Promise<unknown> {
  const runner = (tx as { queryRunner?: { isReleased: boolean; connect(): Promise<unknown> } }).queryRunner;
  if (!runner || runner.isReleased) return tx.query(statement.text, params);
  const client = (await runner.connect()) as PoolClient;
  let raw: QueryResult;
  try {
    raw = await client.query({ name: statement.name, text: statement.text, values: params });
  } catch (err) {
    throw new QueryFailedError(statement.text, params, err as Error);
  }
  return raw.command === "UPDATE" || raw.command === "DELETE" ? [raw.rows, raw.rowCount ?? 0] : raw.rows;
}

/** `queryRows` for a named statement: runs it and checks every row against the query's schema. */
export async function queryNamed<S extends z.ZodType>(tx: Queryable, statement: NamedStatement, params: unknown[], row: S): Promise<z.infer<S>[]> {
  return parseRows(statement.name, row, await runNamed(tx, statement, params));
}

/** `execute` for a named statement: its rows are of no interest. */
export async function executeNamed(tx: Queryable, statement: NamedStatement, params: unknown[]): Promise<void> {
  await runNamed(tx, statement, params);
}

/**
 * The embedded database (PGlite behind its socket server) has one session that outlives the
 * connections made to it: a statement prepared on a connection the pool has since closed is still
 * there, and the next connection, which pg knows has prepared nothing, would fail preparing it
 * again ("prepared statement already exists"). So each new connection starts by forgetting them.
 */
export function forgetPreparedOnConnect(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  pool?.on("connect", (client) => {
    // Queued before anything the pool's caller sends on this client, so it runs first.
    client.query("DEALLOCATE ALL").catch(() => undefined);
  });
}
