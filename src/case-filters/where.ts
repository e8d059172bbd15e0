import { normalizeCaseNumber } from "../vocabulary/case-number-format";
import { isOverdue } from "./definitions";
import type { Bound, LedgerFilter } from "./filter";
import type { SqlParams } from "./sql";
import type { Viewer } from "../vocabulary/accused";

/** What every ledger and statistics query needs besides the filter. */
export interface QueryContext {
  now: Date;
  /** The deployment's time zone: days and months are its days and months. */
  timeZone: string;
  /** A handler's department, or null for a supervisor (and for the open API), who see all. */
  departmentScope: string | null;
  /**
   * Reports about a department or an official kept out (信访工作条例 Art. 30): those accusing the
   * viewing cadre's department or the cadre; "all" for the open API, whose clients are other
   * systems and never get a report; absent for none (the service's own counts, its tests).
   */
  reportsHidden?: Viewer | "all";
}

/**
 * The WHERE condition over `cases c` for a filter, within the viewer's scope. Each condition is on
 * an indexed column or narrows rows another one found; the text search uses the bigram index.
 */
export function ledgerWhere(filter: LedgerFilter, ctx: QueryContext, p: SqlParams): string {
  const conditions: string[] = [];
  if (ctx.departmentScope !== null) conditions.push(`c.department_id = ${p.add(ctx.departmentScope)}`);
  const hidden = reportsHiddenWhere(ctx.reportsHidden, p);
  if (hidden) conditions.push(hidden);
  if (filter.departmentId) conditions.push(`c.department_id = ${p.add(filter.departmentId)}`);
  if (filter.states?.length) conditions.push(`c.state = ANY(${p.add(filter.states)}::text[])`);
  if (filter.categoryIds?.length) conditions.push(`c.category_id = ANY(${p.add(filter.categoryIds)}::text[])`);
  if (filter.communityId) conditions.push(`c.community_id = ${p.add(filter.communityId)}`);
  if (filter.urgent !== undefined) conditions.push(`c.urgent = ${p.add(filter.urgent)}`);
  if (filter.overdue) conditions.push(isOverdue(p.once("now", ctx.now, "timestamptz")));
  if (filter.from) conditions.push(`c.created_at >= ${start(filter.from, ctx, p)}`);
  if (filter.to) conditions.push("day" in filter.to ? `c.created_at < ${dayStart(filter.to.day, 1, ctx, p)}` : `c.created_at <= ${p.add(filter.to.at)}`);
  if (filter.numbers?.length) conditions.push(`c.number = ANY(${p.add(filter.numbers)}::text[])`);
  if (filter.q) conditions.push(search(filter.q, p));
  return conditions.length > 0 ? conditions.join(" AND ") : "TRUE";
}

/**
 * The condition over `cases c` that keeps out the reports `hidden` says (see QueryContext), or null
 * for none. A report's columns are null on every other case, so the partial index keeps this cheap.
 */
export function reportsHiddenWhere(hidden: QueryContext["reportsHidden"], p: SqlParams): string | null {
  if (hidden === undefined) return null;
  if (hidden === "all") return "c.accused_department_id IS NULL";
  const department = p.once("accusedDepartment", hidden.departmentId, "text");
  const cadre = p.once("accusedCadre", hidden.cadreId, "text");
  return `(c.accused_department_id IS NULL OR (c.accused_department_id <> ${department} AND c.accused_cadre_id IS DISTINCT FROM ${cadre}))`;
}

/**
 * The same filter over the sums of final cases (`case_stats_daily s`: a local day of filing,
 * department, community, category), or null when it asks for what the sums do not keep (a state, the
 * urgency, overdue, words, numbers, an exact instant): then every case is counted live. A day bound
 * is the local midnight ledgerWhere compares with, so both select the same cases.
 */
export function finalCaseStatsWhere(filter: LedgerFilter, ctx: QueryContext, p: SqlParams): string | null {
  if (filter.states?.length || filter.urgent !== undefined || filter.overdue || filter.q || filter.numbers?.length) return null;
  if ((filter.from && !("day" in filter.from)) || (filter.to && !("day" in filter.to))) return null;
  const conditions: string[] = [];
  if (ctx.departmentScope !== null) conditions.push(`s.department_id = ${p.add(ctx.departmentScope)}`);
  if (filter.departmentId) conditions.push(`s.department_id = ${p.add(filter.departmentId)}`);
  if (filter.categoryIds?.length) conditions.push(`s.category_id = ANY(${p.add(filter.categoryIds)}::text[])`);
  if (filter.communityId) conditions.push(`s.community_id = ${p.add(filter.communityId)}`);
  if (filter.from && "day" in filter.from) conditions.push(`s.day >= ${p.add(filter.from.day)}::date`);
  if (filter.to && "day" in filter.to) conditions.push(`s.day <= ${p.add(filter.to.day)}::date`);
  return conditions.length > 0 ? conditions.join(" AND ") : "TRUE";
}

function start(bound: Bound, ctx: QueryContext, p: SqlParams): string {
  return "day" in bound ? dayStart(bound.day, 0, ctx, p) : p.add(bound.at);
}

/** Midnight in the deployment's time zone at the start of `day` plus `plusDays`. */
function dayStart(day: string, plusDays: number, ctx: QueryContext, p: SqlParams): string {
  return `((${p.add(day)}::date + ${plusDays})::timestamp AT TIME ZONE ${p.once("tz", ctx.timeZone, "text")})`;
}

/**
 * A case number finds that case. Other text: the GIN index over the text's two-character pieces
 * finds the cases that hold every piece of the term, and strpos keeps those that hold the term itself.
 */
function search(q: string, p: SqlParams): string {
  const number = normalizeCaseNumber(q);
  if (number) return `c.number = ${p.add(number)}`;
  const term = p.add(q);
  return `(minqing_bigrams(c.text) @> minqing_bigrams(${term}) AND strpos(lower(c.text), lower(${term})) > 0)`;
}
