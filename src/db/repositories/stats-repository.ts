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
  nextDeadline,
  responseCounts,
} from "../../case-filters/definitions";
import type { LedgerFilter } from "../../case-filters/filter";
import { SqlParams } from "../../case-filters/sql";
import { ledgerWhere, type QueryContext } from "../../case-filters/where";
import type { Tx } from "../tx";
import { parseRows } from "./rows";

/**
 * The statistics and charts of the dashboard: grouped counts over the cases a ledger filter selects,
 * by the definitions in src/case-filters/definitions.ts. Rates are src/stats/rates.ts.
 */

export const statsDimensions = ["department", "community", "category", "month"] as const;
export type StatsDimension = (typeof statsDimensions)[number];

/** The counts behind the three rates of the 12345 hotlines, and the times and backlog of one group. */
export interface StatsCounts {
  filed: number;
  /** 人次: residents' appeals, each repeat of a matter by its resident once more. */
  people: number;
  /** 件: matters, the cases merged into another counted with it. */
  matters: number;
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
export async function statsBy(db: Tx, dimension: StatsDimension, filter: LedgerFilter, ctx: QueryContext): Promise<StatsResult> {
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

/** Age bands of open cases, in days since filing: under 1, 1–3, 3–7, 7–15, 15–30, 30 and more. */
export const backlogBandsDays = [1, 3, 7, 15, 30] as const;

export interface BacklogBand {
  /** Index into the bands: 0 is "under 1 day", backlogBandsDays.length is "30 days and more". */
  band: number;
  open: number;
  overdue: number;
}

const bandRow = z.object({ band: int, open: int, overdue: int }) satisfies z.ZodType<BacklogBand>;

/** Open cases by how long they have waited, with how many of each band are overdue. */
export async function backlogAging(db: Tx, filter: LedgerFilter, ctx: QueryContext): Promise<BacklogBand[]> {
  const p = new SqlParams();
  const where = ledgerWhere(filter, ctx, p);
  const now = p.once("now", ctx.now, "timestamptz");
  // width_bucket over the band edges: 0 below the first edge, n at or past the last.
  const edges = `ARRAY[${backlogBandsDays.map((d) => `${d}::float8`).join(", ")}]`;
  const rows = parseRows("backlog aging", bandRow, await db.query(
    `SELECT width_bucket(extract(epoch FROM (${now} - c.created_at)) / 86400, ${edges}) AS band,
       count(*)::int AS open, (count(*) FILTER (WHERE ${isOverdue(now)}))::int AS overdue
     FROM cases c WHERE ${where} AND ${isOpen}
     GROUP BY 1 ORDER BY 1`,
    p.values,
  ));
  return Array.from({ length: backlogBandsDays.length + 1 }, (_, band) => rows.find((r) => r.band === band) ?? { band, open: 0, overdue: 0 });
}

export interface HeatCell {
  categoryId: string;
  /** null: the resident named no community. */
  communityId: string | null;
  cases: number;
}

const heatRow = z.object({ categoryId: z.string(), communityId: z.string().nullable(), cases: int }) satisfies z.ZodType<HeatCell>;

/** Where problems cluster: cases per category and community (调查研究). */
export async function categoryCommunityHeat(db: Tx, filter: LedgerFilter, ctx: QueryContext): Promise<HeatCell[]> {
  const p = new SqlParams();
  const where = ledgerWhere(filter, ctx, p);
  return parseRows("category community heat", heatRow, await db.query(
    `SELECT c.category_id AS "categoryId", c.community_id AS "communityId", count(*)::int AS cases
     FROM cases c WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
    p.values,
  ));
}

/** What the daily and weekly reports count for one department. */
export interface DepartmentCounts {
  new: number;
  open: number;
  dueToday: number;
  overdue: number;
  unrated: number;
}

const departmentCountsRow = z.object({ departmentId: z.string(), new: int, open: int, dueToday: int, overdue: int, unrated: int });

/**
 * One pass over the open, resolved and recent cases, counted per department: filed since
 * `newSince`, open, with their next deadline before `dueBefore`, overdue at `now`, awaiting a rating.
 */
export async function departmentCounts(db: Tx, now: Date, dueBefore: Date, newSince: Date): Promise<Map<string, DepartmentCounts>> {
  const rows = parseRows(
    "department counts",
    departmentCountsRow,
    await db.query(
      `SELECT c.department_id AS "departmentId",
              count(*) FILTER (WHERE c.created_at >= $3) AS new,
              count(*) FILTER (WHERE ${isOpen}) AS open,
              count(*) FILTER (WHERE ${isOpen} AND ${nextDeadline} >= $1 AND ${nextDeadline} < $2) AS "dueToday",
              count(*) FILTER (WHERE ${isOverdue("$1")}) AS overdue,
              count(*) FILTER (WHERE c.state = 'resolved') AS unrated
       FROM cases c
       WHERE c.state IN ('submitted', 'accepted', 'in_progress', 'resolved') OR c.created_at >= $3
       GROUP BY c.department_id`,
      [now, dueBefore, newSince],
    ),
  );
  return new Map(rows.map(({ departmentId, ...counts }) => [departmentId, counts]));
}
