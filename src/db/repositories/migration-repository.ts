import { z } from "zod";
import type { Queryable } from "../tx";
import { queryRows } from "./rows";

/** The names of the migrations applied to this database, oldest first. */
export async function appliedMigrations(db: Queryable): Promise<string[]> {
  const rows = await queryRows(db, `SELECT name FROM migrations ORDER BY id`, [], z.object({ name: z.string() }));
  return rows.map((r) => r.name);
}
