import { z } from "zod";
import {
  answeredInTime,
  hoursSinceFiling,
  isOpen,
  isOverdue,
  isMatter,
  isOwed,
  isResolved,
  peopleOfCase,
  isSatisfied,
  responseCounts,
} from "../../src/case-filters/definitions";
import type { LedgerFilter } from "../../src/case-filters/filter";
import { SqlParams } from "../../src/case-filters/sql";
import { ledgerWhere, type QueryContext } from "../../src/case-filters/where";
import type { StatsCounts, StatsDimension, StatsResult } from "../../src/db/repositories/stats-repository";
import { parseRows } from "../../src/db/repositories/rows";
import type { Tx } from "../../src/db/tx";

/**
 * The statistics as they were computed before the sums of final cases (issue 13): one GROUP BY over
 * every case the filter selects. Kept here unchanged, as the reference the statistics must equal
 * (test/integration/final-case-stats.test.ts).
 */

/**
 * What to group by, and how to show a group's key. A month is grouped as a timestamp and written
 * out once per group: to_char on every row cost 0.4 s over a million cases.
 */
function groupKey(dimension: StatsDimension, p: SqlParams, ctx: QueryContext): { by: string; shown: string } {
  switch (dimension) {
    case "department":
      return { by: "c.department_id", shown: "c.department_id" };
    case "community":
      return { by: "c.community_id", shown: "c.community_id" };
    case "category":
      return { by: "c.category_id", shown: "c.category_id" };
    case "month": {
      const month = `date_trunc('month', c.created_at AT TIME ZONE ${p.once("tz", ctx.timeZone, "text")})`;
      return { by: month, shown: `to_char(${month}, 'YYYY-MM')` };
    }
  }
}

/** What one group's row holds before its averages are taken: sums and counts add up across groups. */
interface GroupSums extends Omit<StatsCounts, "hoursToAccept" | "hoursToAnswer" | "hoursToFinish"> {
  key: string | null;
  sumAccept: number | null;
  nAccept: number;
  sumAnswer: number | null;
  nAnswer: number;
  sumFinish: number | null;
  nFinish: number;
}

const int = z.coerce.number().int();
/** A sum of hours: float8, which pg returns as a number. */
const hours = z.coerce.number().nullable();
const groupRow = z.object({
  key: z.string().nullable(),
  filed: int,
  people: int,
  matters: int,
  responseCounted: int,
  answeredInTime: int,
  owed: int,
  resolved: int,
  rated: int,
  satisfied: int,
  open: int,
  overdue: int,
  sumAccept: hours,
  nAccept: int,
  sumAnswer: hours,
  nAnswer: int,
  sumFinish: hours,
  nFinish: int,
}) satisfies z.ZodType<GroupSums>;

/**
 * The statistics of the cases a filter selects, per department, community, category or month, and
 * for all of them together, counted by the definitions the ledger's filters use. One pass over the
 * rows: plain GROUP BY lets PostgreSQL aggregate in parallel, and the total is the sum of the groups
 * (every case is in exactly one), so averages are kept as sums and counts until the end. Rates are
 * left to `rates()`, so a group with nothing to judge shows no rate rather than a made-up 0 %.
 */
export async function statsByScanning(db: Tx, dimension: StatsDimension, filter: LedgerFilter, ctx: QueryContext): Promise<StatsResult> {
  const p = new SqlParams();
  const where = ledgerWhere(filter, ctx, p);
  const now = p.once("now", ctx.now, "timestamptz");
  const key = groupKey(dimension, p, ctx);
  const timing = (name: string, column: string) =>
    `sum(${hoursSinceFiling(column)})::float8 AS "sum${name}", count(${column})::int AS "n${name}"`;
  const groups: GroupSums[] = parseRows("statistics", groupRow, await db.query(
    `SELECT ${key.shown} AS key,
       count(*)::int AS filed,
       sum(${peopleOfCase})::int AS people,
       (count(*) FILTER (WHERE ${isMatter}))::int AS matters,
       (count(*) FILTER (WHERE ${responseCounts(now)}))::int AS "responseCounted",
       (count(*) FILTER (WHERE ${responseCounts(now)} AND ${answeredInTime}))::int AS "answeredInTime",
       (count(*) FILTER (WHERE ${isOwed}))::int AS owed,
       (count(*) FILTER (WHERE ${isOwed} AND ${isResolved}))::int AS resolved,
       (count(*) FILTER (WHERE c.rating IS NOT NULL))::int AS rated,
       (count(*) FILTER (WHERE ${isSatisfied}))::int AS satisfied,
       ${timing("Accept", "c.accepted_at")}, ${timing("Answer", "c.first_answer_at")}, ${timing("Finish", "c.resolved_at")},
       (count(*) FILTER (WHERE ${isOpen}))::int AS open,
       (count(*) FILTER (WHERE ${isOverdue(now)}))::int AS overdue
     FROM cases c WHERE ${where}
     GROUP BY ${key.by} ORDER BY 1`,
    p.values,
  ));
  return { rows: groups.map((g) => ({ key: g.key, ...averaged(g) })), total: averaged(sumOf(groups)) };
}

function sumOf(groups: GroupSums[]): GroupSums {
  const total: GroupSums = { key: null, filed: 0, people: 0, matters: 0, responseCounted: 0, answeredInTime: 0, owed: 0, resolved: 0, rated: 0, satisfied: 0, open: 0, overdue: 0, sumAccept: 0, nAccept: 0, sumAnswer: 0, nAnswer: 0, sumFinish: 0, nFinish: 0 };
  for (const g of groups) {
    for (const k of Object.keys(total) as (keyof GroupSums)[]) {
      if (k !== "key") total[k] = (total[k] ?? 0) + (g[k] ?? 0);
    }
  }
  return total;
}

function averaged(g: GroupSums): StatsCounts {
  const { key: _key, sumAccept, nAccept, sumAnswer, nAnswer, sumFinish, nFinish, ...counts } = g;
  const avg = (sum: number | null, n: number) => (n > 0 && sum !== null ? sum / n : null);
  return { ...counts, hoursToAccept: avg(sumAccept, nAccept), hoursToAnswer: avg(sumAnswer, nAnswer), hoursToFinish: avg(sumFinish, nFinish) };
}

