import type { IncomingMessage, ServerResponse } from "node:http";
import { requireMethod, sendJson } from "../http-io";
import { oneOf, parseLedgerFilter } from "../../case-filters/filter";
import { findCases } from "../../db/repositories/ledger-repository";
import type { Directory } from "../../config/directory";
import { backlogAging, backlogBandsDays, categoryCommunityHeat, statsBy, statsDimensions, type StatsCounts, type StatsDimension } from "../../db/repositories/stats-repository";
import { statsCsv } from "../../stats/stats-csv";
import { rates } from "../../stats/rates";
import { rowJson } from "./case-json";
import { contextOf, exportTexts, signedInCadre, type DashboardDeps } from "./context";
import { sendCsv } from "./send-csv";
import type { ChartsAnswer, StatsAnswer } from "./json-shapes";

const OVERDUE_LIST_LENGTH = 20;

/** GET /dashboard/api/stats?by=department|community|category|month, with the ledger's filters. */
export async function showStats(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req, url);
  const by = dimensionOf(url);
  const result = await statsBy(deps.db, by, parseLedgerFilter(url.searchParams, deps.directory), contextOf(deps, cadre));
  const answer: StatsAnswer = {
    by,
    rows: result.rows.map((row) => ({ key: row.key, name: groupName(by, row.key, deps.directory), ...withRates(row) })),
    total: withRates(result.total),
  };
  sendJson(res, 200, answer);
}

/** GET /dashboard/api/stats.csv: the same table as CSV. */
export async function exportStats(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req, url);
  const by = dimensionOf(url);
  const result = await statsBy(deps.db, by, parseLedgerFilter(url.searchParams, deps.directory), contextOf(deps, cadre));
  await sendCsv(res, `stats-${by}`, deps, "", (write) => write(statsCsv(result, by, exportTexts(deps, url), deps.directory)));
}

/** GET /dashboard/api/charts: the trend over months, backlog aging, the heat map and the overdue list. */
export async function showCharts(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req, url);
  const filter = parseLedgerFilter(url.searchParams, deps.directory);
  const ctx = contextOf(deps, cadre);
  const db = deps.db;
  // One after another: the embedded database has a single connection anyway.
  const trend = await statsBy(db, "month", filter, ctx);
  const backlog = await backlogAging(db, filter, ctx);
  const heat = await categoryCommunityHeat(db, filter, ctx);
  const overdue = await findCases(db, { ...filter, overdue: true }, ctx, { by: "due", direction: "asc" }, { offset: 0, limit: OVERDUE_LIST_LENGTH });
  const answer: ChartsAnswer = {
    // Every case has a month: a null key (the grouping's "none") cannot come up here.
    trend: trend.rows.flatMap((row) => (row.key === null ? [] : [{ month: row.key, filed: row.filed, resolved: row.resolved, ...rates(row) }])),
    backlog: { bandsDays: backlogBandsDays, bands: backlog },
    heat: heat.map((cell) => ({ ...cell, category: deps.directory.nameOf("category", cell.categoryId), community: deps.directory.nameOf("community", cell.communityId) })),
    overdue: { rows: overdue.rows.map((r) => rowJson(r, deps.directory)), total: overdue.total, totalIsAtLeast: overdue.totalIsAtLeast },
  };
  sendJson(res, 200, answer);
}

function dimensionOf(url: URL): StatsDimension {
  return oneOf("by", url.searchParams.get("by") ?? "department", statsDimensions);
}

function groupName(by: StatsDimension, key: string | null, directory: Directory): string | null {
  if (by === "month" || key === null) return key;
  return directory.nameOf(by, key);
}

function withRates(counts: StatsCounts) {
  return { ...counts, ...rates(counts) };
}
