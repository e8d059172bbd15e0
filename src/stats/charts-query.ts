import type { EntityManager } from "typeorm";
import { isOpen, isOverdue } from "../ledger/definitions";
import type { LedgerFilter } from "../ledger/filter";
import { SqlParams } from "../ledger/sql";
import { ledgerWhere, type QueryContext } from "../ledger/where";

/** Age bands of open cases, in days since filing: under 1, 1–3, 3–7, 7–15, 15–30, 30 and more. */
export const backlogBandsDays = [1, 3, 7, 15, 30] as const;

export interface BacklogBand {
  /** Index into the bands: 0 is "under 1 day", backlogBandsDays.length is "30 days and more". */
  band: number;
  open: number;
  overdue: number;
}

/** Open cases by how long they have waited, with how many of each band are overdue. */
export async function backlogAging(db: EntityManager, filter: LedgerFilter, ctx: QueryContext): Promise<BacklogBand[]> {
  const p = new SqlParams();
  const where = ledgerWhere(filter, ctx, p);
  const now = p.once("now", ctx.now, "timestamptz");
  // width_bucket over the band edges: 0 below the first edge, n at or past the last.
  const edges = `ARRAY[${backlogBandsDays.map((d) => `${d}::float8`).join(", ")}]`;
  const rows = await db.query<BacklogBand[]>(
    `SELECT width_bucket(extract(epoch FROM (${now} - c.created_at)) / 86400, ${edges}) AS band,
       count(*)::int AS open, (count(*) FILTER (WHERE ${isOverdue(now)}))::int AS overdue
     FROM cases c WHERE ${where} AND ${isOpen}
     GROUP BY 1 ORDER BY 1`,
    p.values,
  );
  return Array.from({ length: backlogBandsDays.length + 1 }, (_, band) => rows.find((r) => r.band === band) ?? { band, open: 0, overdue: 0 });
}

export interface HeatCell {
  categoryId: string;
  /** null: the resident named no community. */
  communityId: string | null;
  cases: number;
}

/** Where problems cluster: cases per category and community (调查研究). */
export async function categoryCommunityHeat(db: EntityManager, filter: LedgerFilter, ctx: QueryContext): Promise<HeatCell[]> {
  const p = new SqlParams();
  const where = ledgerWhere(filter, ctx, p);
  return db.query<HeatCell[]>(
    `SELECT c.category_id AS "categoryId", c.community_id AS "communityId", count(*)::int AS cases
     FROM cases c WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
    p.values,
  );
}
