import type { z } from "zod";

/**
 * Checks the rows of a raw SQL statement against the query's row schema and returns them typed.
 * A row that does not fit (a renamed column, a driver that returns another type) fails here,
 * naming the query, instead of travelling on as a lie told by a cast.
 */
export function parseRows<S extends z.ZodTypeAny>(query: string, schema: S, rows: unknown): z.output<S>[] {
  if (!Array.isArray(rows)) throw new Error(`${query}: expected rows, got ${typeof rows}`);
  return rows.map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new Error(`${query}: row ${i} does not fit: ${parsed.error.issues.map((e) => `${e.path.join(".")}: ${e.message}`).join("; ")}`);
    return parsed.data as z.output<S>;
  });
}

/** The one row a statement must return (an INSERT … RETURNING, a counter). */
export function parseOne<S extends z.ZodTypeAny>(query: string, schema: S, rows: unknown): z.output<S> {
  const [row] = parseRows(query, schema, rows);
  if (row === undefined) throw new Error(`${query}: expected a row, got none`);
  return row;
}
