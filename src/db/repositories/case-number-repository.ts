import { z } from "zod";
import type { Tx } from "../tx";
import { named, runNamed } from "./named";
import { parseOne } from "./rows";

const counterRow = z.object({ last: z.coerce.number().int().positive() });

const NEXT = named(
  "next_case_number",
  `INSERT INTO case_number_counters (day, last) VALUES ($1, 1)
   ON CONFLICT (day) DO UPDATE SET last = case_number_counters.last + 1 RETURNING last`,
);

/**
 * The next number of the day's counter, from 1. The upsert locks the counter row until the
 * transaction ends, so concurrent instances never get the same number.
 */
export async function nextCaseNumberOfDay(tx: Tx, day: string): Promise<number> {
  const rows = await runNamed(tx, NEXT, [day]);
  return parseOne("next case number", counterRow, rows).last;
}
