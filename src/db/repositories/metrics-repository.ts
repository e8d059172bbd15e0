import { z } from "zod";
import type { Queryable } from "../tx";
import { col, queryRows } from "./rows";

/**
 * The counts /metrics reads from the cases table (the outbox's gauges are in
 * outbox-repository.ts). Read on the pool, outside any transaction.
 */

/** Cases per state (states without any are absent). Reads the whole table: see CASES_COUNT_MAX_AGE_MS. */
export async function countCasesByState(db: Queryable): Promise<{ state: string; n: number }[]> {
  return queryRows(db, `SELECT state, count(*) AS n FROM cases GROUP BY state`, [], z.object({ state: col.text, n: col.int }));
}
