import { z } from "zod";
import type { Queryable } from "../tx";

/**
 * How a repository runs its SQL and checks what comes back. TypeORM's `query` returns `any`:
 * rows of a SELECT, but `[rows, affected]` for an UPDATE or DELETE with RETURNING. Every row is
 * parsed with the query's own schema, so a column renamed in a migration, or a number pg hands
 * back as a string, fails here with the column's name instead of somewhere far away as a wrong
 * value.
 */
export async function queryRows<S extends z.ZodType>(tx: Queryable, sql: string, params: unknown[], row: S): Promise<z.infer<S>[]> {
  const result: unknown = await tx.query(sql, params);
  // The statement's first line names it in the error.
  return parseRows(sql.trim().split("\n")[0] ?? sql, row, result);
}

/** Runs a statement whose rows are of no interest (an INSERT or UPDATE without RETURNING). */
export async function execute(tx: Queryable, sql: string, params: unknown[]): Promise<void> {
  await tx.query(sql, params);
}

function rowsOf(result: unknown): unknown {
  // [rows, affected] (UPDATE/DELETE … RETURNING); a SELECT's rows are objects, never [array, number].
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === "number") return result[0];
  return result;
}

/** Column types as pg (or PGlite) returns them. */
export const col = {
  /** int4 comes back as a number; bigint and count(*) as a string from pg (a bigint from some drivers): all parsed to a safe integer. */
  int: z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number), z.bigint().transform(Number)]).pipe(z.number().int().safe()),
  /** timestamptz: a Date from pg, possibly a string from another driver. */
  date: z.union([z.date(), z.string().transform((s) => new Date(s))]).pipe(z.date().refine((d) => !Number.isNaN(d.getTime()), "an invalid date")),
  /** numeric (extract(epoch …), avg) comes back as a string: parsed to a finite number. */
  num: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i).transform(Number)]).pipe(z.number().finite()),
  text: z.string(),
  bool: z.boolean(),
};

/**
 * Checks rows a statement already returned against the query's row schema (for a repository
 * that runs the statement itself); `query` names it in the error.
 */
export function parseRows<S extends z.ZodType>(query: string, schema: S, rows: unknown): z.infer<S>[] {
  const list = rowsOf(rows);
  if (!Array.isArray(list)) throw new Error(`${query}: expected rows, got ${typeof list}`);
  return list.map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new Error(`${query}: row ${i} does not fit: ${parsed.error.issues.map((e) => `${e.path.join(".")}: ${e.message}`).join("; ")}`);
    return parsed.data;
  });
}

/** The one row a statement must return (an INSERT … RETURNING, a counter). */
export function parseOne<S extends z.ZodType>(query: string, schema: S, rows: unknown): z.infer<S> {
  const [row] = parseRows(query, schema, rows);
  if (row === undefined) throw new Error(`${query}: expected a row, got none`);
  return row;
}
