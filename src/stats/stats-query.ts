import type { EntityManager } from "typeorm";
import {
  answeredInTime,
  hoursSinceFiling,
  isOpen,
  isOverdue,
  isOwed,
  isResolved,
  isSatisfied,
  responseCounts,
} from "../ledger/definitions";
import type { LedgerFilter } from "../ledger/filter";
import { SqlParams } from "../ledger/sql";
import { ledgerWhere, type QueryContext } from "../ledger/where";

export const statsDimensions = ["department", "community", "category", "month"] as const;
export type StatsDimension = (typeof statsDimensions)[number];

/** The counts behind the three rates of the 12345 hotlines, and the times and backlog of one group. */
export interface StatsCounts {
  filed: number;
  /** Cases the response rate judges (answered, or their deadline passed while open) … */
  responseCounted: number;
  /** … and of those, answered by the deadline: 响应率. */
  answeredInTime: number;
  /** Cases owed a solution (not rejected, not withdrawn) … */
  owed: number;
  /** … and of those, resolved: 解决率. */
  resolved: number;
  /** Rated cases … */
  rated: number;
  /** … and of those, rated above the reopening threshold: 满意率. */
  satisfied: number;
  hoursToAccept: number | null;
  hoursToAnswer: number | null;
  hoursToFinish: number | null;
  open: number;
  overdue: number;
}

export interface StatsRow extends StatsCounts {
  /** The department, community or category id, or the month "2026-11"; null: cases with no community. */
  key: string | null;
}

export interface StatsResult {
  rows: StatsRow[];
  total: StatsCounts;
}

function groupKey(dimension: StatsDimension, p: SqlParams, ctx: QueryContext): string {
  switch (dimension) {
    case "department":
      return "c.department_id";
    case "community":
      return "c.community_id";
    case "category":
      return "c.category_id";
    case "month":
      return `to_char(c.created_at AT TIME ZONE ${p.once("tz", ctx.timeZone, "text")}, 'YYYY-MM')`;
  }
}

/**
 * The statistics of the cases a filter selects, per department, community, category or month, and
 * for all of them together: one pass over the rows (GROUPING SETS), counted by the definitions the
 * ledger's filters use. Rates are left to `rates()`, so a group with nothing to judge shows no rate
 * rather than a made-up 0 %.
 */
export async function statsBy(db: EntityManager, dimension: StatsDimension, filter: LedgerFilter, ctx: QueryContext): Promise<StatsResult> {
  const p = new SqlParams();
  const where = ledgerWhere(filter, ctx, p);
  const now = p.once("now", ctx.now, "timestamptz");
  const key = groupKey(dimension, p, ctx);
  const rows = await db.query<(StatsRow & { isTotal: number })[]>(
    `SELECT ${key} AS key, GROUPING(${key})::int AS "isTotal",
       count(*)::int AS filed,
       (count(*) FILTER (WHERE ${responseCounts(now)}))::int AS "responseCounted",
       (count(*) FILTER (WHERE ${responseCounts(now)} AND ${answeredInTime}))::int AS "answeredInTime",
       (count(*) FILTER (WHERE ${isOwed}))::int AS owed,
       (count(*) FILTER (WHERE ${isOwed} AND ${isResolved}))::int AS resolved,
       (count(*) FILTER (WHERE c.rating IS NOT NULL))::int AS rated,
       (count(*) FILTER (WHERE ${isSatisfied}))::int AS satisfied,
       avg(${hoursSinceFiling("c.accepted_at")})::float8 AS "hoursToAccept",
       avg(${hoursSinceFiling("c.first_answer_at")})::float8 AS "hoursToAnswer",
       avg(${hoursSinceFiling("c.resolved_at")})::float8 AS "hoursToFinish",
       (count(*) FILTER (WHERE ${isOpen}))::int AS open,
       (count(*) FILTER (WHERE ${isOverdue(now)}))::int AS overdue
     FROM cases c WHERE ${where}
     GROUP BY GROUPING SETS ((${key}), ())
     ORDER BY 2, 1`,
    p.values,
  );
  const total = rows.find((r) => r.isTotal === 1);
  return {
    rows: rows.filter((r) => r.isTotal === 0).map(({ isTotal: _, ...row }) => row),
    total: total ? withoutKey(total) : emptyCounts(),
  };
}

export interface Rates {
  /** 响应率: answered by the deadline, of the cases judged; null with none to judge. */
  responseRate: number | null;
  /** 解决率: resolved, of the cases owed a solution. */
  resolutionRate: number | null;
  /** 满意率: satisfied, of the rated cases. */
  satisfactionRate: number | null;
}

export function rates(c: StatsCounts): Rates {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return {
    responseRate: ratio(c.answeredInTime, c.responseCounted),
    resolutionRate: ratio(c.resolved, c.owed),
    satisfactionRate: ratio(c.satisfied, c.rated),
  };
}

function withoutKey(row: StatsRow & { isTotal: number }): StatsCounts {
  const { key: _key, isTotal: _total, ...counts } = row;
  return counts;
}

function emptyCounts(): StatsCounts {
  return { filed: 0, responseCounted: 0, answeredInTime: 0, owed: 0, resolved: 0, rated: 0, satisfied: 0, hoursToAccept: null, hoursToAnswer: null, hoursToFinish: null, open: 0, overdue: 0 };
}
