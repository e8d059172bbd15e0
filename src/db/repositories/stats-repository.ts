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
import { finalCaseStatsWhere, ledgerWhere, reportsHiddenWhere, type QueryContext } from "../../case-filters/where";
import { finalCaseStatsServe } from "./final-case-stats-repository";
import type { Tx } from "../tx";
import { parseRows } from "./rows";
import { statsDimensions, type StatsCounts, type StatsDimension } from "../../vocabulary/stats-figures";

/**
 * The statistics and charts of the dashboard: grouped counts over the cases a ledger filter selects,
 * by the definitions in src/case-filters/definitions.ts. Rates are src/stats/rates.ts.
 */

export { statsDimensions, type StatsCounts, type StatsDimension } from "../../vocabulary/stats-figures";

export interface StatsRow extends StatsCounts {
  /** The department, community or category id, or the month "2026-11"; null: cases with no community. */
  key: string | null;
}

export interface StatsResult {
  rows: StatsRow[];
  total: StatsCounts;
}

/**
 * What to group by, over the cases (`live`) and over the sums of final cases (`settled`), and how
 * to show a group's key. A month is grouped as a timestamp and written out once per group: to_char
 * on every row cost 0.4 s over a million cases.
 */
function groupKey(dimension: StatsDimension, p: SqlParams, ctx: QueryContext): { live: string; settled: string; shown: (key: string) => string } {
  switch (dimension) {
    case "department":
      return { live: "c.department_id", settled: "s.department_id", shown: (k) => k };
    case "community":
      return { live: "c.community_id", settled: "s.community_id", shown: (k) => k };
    case "category":
      return { live: "c.category_id", settled: "s.category_id", shown: (k) => k };
    case "month": {
      const live = `date_trunc('month', c.created_at AT TIME ZONE ${p.once("tz", ctx.timeZone, "text")})`;
      return { live, settled: "date_trunc('month', s.day::timestamp)", shown: (k) => `to_char(${k}, 'YYYY-MM')` };
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

type SumName = Exclude<keyof GroupSums, "key">;

/**
 * Each sum of a group: counted over the cases (`live`, by the definitions the ledger's filters use)
 * and read from the sums of final cases (`settled`, kept by final-case-stats-repository.ts, which
 * counts them by the same definitions), and whether it is hours (float8) or a count.
 */
function sums(now: string): { name: SumName; live: string; settled: string; hours?: true }[] {
  /**
   * Hours from filing to `column`, and how many have it: over the cases, or from the sums' exact
   * microseconds and count. Each row's microseconds are summed as float8 (exact below 2^53 µs, 285
   * years): numeric's accumulator was the slower half of reading the sums.
   */
  const timing = (name: "Accept" | "Answer" | "Finish", column: string, settled: { micros: string; count: string }) => [
    { name: `sum${name}` as const, live: `sum(${hoursSinceFiling(column)})`, settled: `sum(s.${settled.micros}::float8) / 3600000000`, hours: true as const },
    { name: `n${name}` as const, live: `count(${column})`, settled: `sum(s.${settled.count})` },
  ];
  return [
    { name: "filed", live: "count(*)", settled: "sum(s.filed)" },
    { name: "people", live: `sum(${peopleOfCase})`, settled: "sum(s.people)" },
    { name: "matters", live: `count(*) FILTER (WHERE ${isMatter})`, settled: "sum(s.matters)" },
    { name: "responseCounted", live: `count(*) FILTER (WHERE ${responseCounts(now)})`, settled: "sum(s.response_counted)" },
    { name: "answeredInTime", live: `count(*) FILTER (WHERE ${responseCounts(now)} AND ${answeredInTime})`, settled: "sum(s.answered_in_time)" },
    { name: "owed", live: `count(*) FILTER (WHERE ${isOwed})`, settled: "sum(s.owed)" },
    { name: "resolved", live: `count(*) FILTER (WHERE ${isOwed} AND ${isResolved})`, settled: "sum(s.resolved)" },
    { name: "rated", live: "count(*) FILTER (WHERE c.rating IS NOT NULL)", settled: "sum(s.rated)" },
    { name: "satisfied", live: `count(*) FILTER (WHERE ${isSatisfied})`, settled: "sum(s.satisfied)" },
    ...timing("Accept", "c.accepted_at", { micros: "accept_micros", count: "accepted" }),
    ...timing("Answer", "c.first_answer_at", { micros: "answer_micros", count: "answered" }),
    ...timing("Finish", "c.resolved_at", { micros: "finish_micros", count: "finished" }),
    // A final case is neither open nor overdue.
    { name: "open", live: `count(*) FILTER (WHERE ${isOpen})`, settled: "0" },
    { name: "overdue", live: `count(*) FILTER (WHERE ${isOverdue(now)})`, settled: "0" },
  ];
}

const typed = (sum: { hours?: true }, expression: string) => `(${expression})::${sum.hours ? "float8" : "bigint"}`;

/**
 * The statistics of the cases a filter selects, per department, community, category or month, and
 * for all of them together, counted by the definitions the ledger's filters use. Cases in a final
 * state are read from their sums per day (case_stats_daily, a few thousand rows); only the open
 * ones, whose figures change with the time they are read at, are counted live, and the two are
 * added per group. A filter the sums cannot answer (a state, the urgency, words …), or sums made
 * for another zone or other definitions, count every case live, as one plain GROUP BY (which
 * PostgreSQL aggregates in parallel). The total is the sum of the groups (every case is in exactly
 * one), so averages are kept as sums and counts until the end. Rates are left to `rates()`, so a
 * group with nothing to judge shows no rate rather than a made-up 0 %.
 */
export async function statsBy(db: Tx, dimension: StatsDimension, filter: LedgerFilter, ctx: QueryContext): Promise<StatsResult> {
  const p = new SqlParams();
  const where = ledgerWhere(filter, ctx, p);
  const now = p.once("now", ctx.now, "timestamptz");
  const key = groupKey(dimension, p, ctx);
  // The sums cannot tell reports apart: for a viewer one is hidden from, every case is counted live.
  const settledWhere = (await finalCaseStatsServe(db, ctx.timeZone)) && !(await hidesAnyReport(db, ctx)) ? finalCaseStatsWhere(filter, ctx, p) : null;
  const all = sums(now);
  const sql =
    settledWhere === null
      ? `SELECT ${key.shown(key.live)} AS key, ${all.map((x) => `${typed(x, x.live)} AS "${x.name}"`).join(", ")}
         FROM cases c WHERE ${where}
         GROUP BY ${key.live} ORDER BY 1`
      : `SELECT ${key.shown("g.k")} AS key, ${all.map((x) => `${typed(x, `sum(g."${x.name}")`)} AS "${x.name}"`).join(", ")}
         FROM (
           SELECT ${key.live} AS k, ${all.map((x) => `${typed(x, x.live)} AS "${x.name}"`).join(", ")}
           FROM cases c WHERE ${where} AND ${isOpen} GROUP BY 1
           UNION ALL
           SELECT ${key.settled} AS k, ${all.map((x) => `${typed(x, x.settled)} AS "${x.name}"`).join(", ")}
           FROM case_stats_daily s WHERE ${settledWhere} GROUP BY 1
         ) g
         GROUP BY g.k HAVING sum(g.filed) > 0 ORDER BY 1`;
  const groups: GroupSums[] = parseRows("statistics", groupRow, await db.query(sql, p.values));
  return { rows: groups.map((g) => ({ key: g.key, ...averaged(g) })), total: averaged(sumOf(groups)) };
}

/**
 * Whether any case is a report kept from this viewer (信访工作条例 Art. 30): then its counts leave
 * those reports out, as its rows do, and no count of 1 points at one. Reports are few (the partial
 * index IDX_cases_accused answers at once), so the other viewers keep the sums' speed.
 */
async function hidesAnyReport(db: Tx, ctx: QueryContext): Promise<boolean> {
  const p = new SqlParams();
  const hidden = reportsHiddenWhere(ctx.reportsHidden, p);
  if (hidden === null) return false;
  const rows: unknown = await db.query(`SELECT 1 AS hit FROM cases c WHERE c.accused_department_id IS NOT NULL AND NOT ${hidden} LIMIT 1`, p.values);
  return Array.isArray(rows) && rows.length > 0;
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
