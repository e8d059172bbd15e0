import { createHash } from "node:crypto";
import { z } from "zod";
import {
  answeredInTime,
  isMatter,
  isOpen,
  isOwed,
  isResolved,
  isSatisfied,
  microsSinceFiling,
  peopleOfCase,
  responseCounts,
} from "../../case-filters/definitions";
import type { Queryable, Tx } from "../tx";
import { parseRows } from "./rows";

/**
 * The statistics of cases in a final state (resolved, closed, rejected, withdrawn, merged), added
 * up per local day of filing, department, community and category in `case_stats_daily`, so the
 * dashboard's statistics read a few thousand sums instead of a million cases; only open cases are
 * counted live (src/db/repositories/stats-repository.ts).
 *
 * A case's share is what the statistics' definitions (src/case-filters/definitions.ts) count for it,
 * worked out in SQL from its row: CaseService.apply takes it away before a change of a case that was
 * final and adds it after a change that leaves it final, in the change's transaction, so the sums
 * stay exact whichever columns an action touches (a reopening, a rating, a merge).
 *
 * A final case's figures no longer depend on when they are read, provided it was closed in the past:
 * the deadline of one never answered counts as passed if it passed before the case was closed. So its
 * share is taken at "settled", a time after every closing ('infinity').
 */

const SETTLED = `'infinity'::timestamptz`;

/** 1 when the condition holds, 0 when it does not or is unknown (a NULL rating). */
const counted = (condition: string) => `(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
const timing = (column: string) => [`(CASE WHEN ${column} IS NULL THEN 0 ELSE 1 END)`, `coalesce(${microsSinceFiling(column)}, 0)`] as const;

const [accepted, acceptMicros] = timing("c.accepted_at");
const [answered, answerMicros] = timing("c.first_answer_at");
const [finished, finishMicros] = timing("c.resolved_at");

/** Every column of the sums and one final case's share of it, as SQL over `cases c`. */
const share: readonly (readonly [column: string, expression: string])[] = [
  ["filed", "1"],
  ["people", peopleOfCase],
  ["matters", counted(isMatter)],
  ["response_counted", counted(responseCounts(SETTLED))],
  ["answered_in_time", counted(`${responseCounts(SETTLED)} AND ${answeredInTime}`)],
  ["owed", counted(isOwed)],
  ["resolved", counted(`${isOwed} AND ${isResolved}`)],
  ["rated", counted("c.rating IS NOT NULL")],
  ["satisfied", counted(isSatisfied)],
  ["accepted", accepted],
  ["accept_micros", acceptMicros],
  ["answered", answered],
  ["answer_micros", answerMicros],
  ["finished", finished],
  ["finish_micros", finishMicros],
];

export const finalCaseStatsColumns: readonly string[] = share.map(([column]) => column);

/** The local day a case was filed on: the day and month filters and groups of the statistics. */
const dayOf = (tz: string) => `(c.created_at AT TIME ZONE ${tz})::date`;
const KEY = "day, department_id, community_id, category_id";

/**
 * What the sums were made with: a change of the definitions (or of the deployment's zone) makes
 * another, and the start rebuilds the sums (ensureFinalCaseStats).
 */
export const finalCaseStatsFingerprint = createHash("sha256")
  .update(JSON.stringify({ share, isOpen, day: dayOf("$tz") }))
  .digest("hex")
  .slice(0, 16);

/** Adds (sign 1) or takes away (sign -1) a case's share, as its row stands now, if it is final. */
async function shareOf(tx: Tx, caseId: number, timeZone: string, sign: 1 | -1): Promise<void> {
  const columns = finalCaseStatsColumns.join(", ");
  await tx.query(
    `INSERT INTO case_stats_daily (${KEY}, ${columns})
     SELECT ${dayOf("$2::text")}, c.department_id, c.community_id, c.category_id, ${share.map(([, e]) => `$3::int * ${e}`).join(", ")}
     FROM cases c WHERE c.id = $1 AND NOT ${isOpen}
     ON CONFLICT (${KEY}) DO UPDATE SET ${finalCaseStatsColumns.map((k) => `${k} = case_stats_daily.${k} + EXCLUDED.${k}`).join(", ")}`,
    [caseId, timeZone, sign],
  );
}

/** Before a change of a case that is final now: its share as stored leaves the sums. */
export function takeFinalCaseOut(tx: Tx, caseId: number, timeZone: string): Promise<void> {
  return shareOf(tx, caseId, timeZone, -1);
}

/** After a change that leaves the case final: its share as stored now joins the sums. */
export function putFinalCaseIn(tx: Tx, caseId: number, timeZone: string): Promise<void> {
  return shareOf(tx, caseId, timeZone, 1);
}

const basisRow = z.object({ timeZone: z.string(), fingerprint: z.string() });

/** Whether the sums were made for this zone with these definitions (else the statistics count every case live). */
export async function finalCaseStatsServe(db: Queryable, timeZone: string): Promise<boolean> {
  const rows = parseRows("final case stats basis", basisRow, await db.query(`SELECT time_zone AS "timeZone", fingerprint FROM case_stats_basis`));
  return rows.length === 1 && rows[0]!.timeZone === timeZone && rows[0]!.fingerprint === finalCaseStatsFingerprint;
}

/**
 * Makes the sums again from every final case, for `timeZone`, unless they were made for it with
 * these definitions already (several instances starting at once rebuild once: the basis row is
 * locked). Writers of cases wait meanwhile (SHARE lock), so no change is counted twice or lost.
 * Returns whether it rebuilt.
 */
export async function rebuildFinalCaseStats(tx: Tx, timeZone: string, options: { ifStale: boolean }): Promise<boolean> {
  await tx.query(`INSERT INTO case_stats_basis (id, time_zone, fingerprint) VALUES (TRUE, '', '') ON CONFLICT (id) DO NOTHING`);
  const basis = parseRows("lock final case stats basis", basisRow, await tx.query(`SELECT time_zone AS "timeZone", fingerprint FROM case_stats_basis FOR UPDATE`))[0];
  if (options.ifStale && basis?.timeZone === timeZone && basis.fingerprint === finalCaseStatsFingerprint) return false;
  await tx.query(`LOCK TABLE cases IN SHARE MODE`);
  await tx.query(`DELETE FROM case_stats_daily`);
  await tx.query(
    `INSERT INTO case_stats_daily (${KEY}, ${finalCaseStatsColumns.join(", ")})
     SELECT ${dayOf("$1::text")}, c.department_id, c.community_id, c.category_id, ${share.map(([, e]) => `sum(${e})`).join(", ")}
     FROM cases c WHERE NOT ${isOpen}
     GROUP BY 1, 2, 3, 4`,
    [timeZone],
  );
  await tx.query(`UPDATE case_stats_basis SET time_zone = $1, fingerprint = $2`, [timeZone, finalCaseStatsFingerprint]);
  return true;
}
