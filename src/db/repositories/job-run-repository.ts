import { z } from "zod";
import type { Tx } from "../tx";
import { col, queryRows } from "./rows";

/**
 * job_runs: one row per (job, slot), claimed with one atomic upsert, so of several instances
 * only one runs a job's slot.
 */

/**
 * Claims the slot if it last ran at or before `notAfter` (or never): true if this caller got it.
 * A coalescing claim: the slot is taken again once `notAfter` has passed its last run.
 */
export async function claimCoalesced(tx: Tx, job: string, slot: string, now: Date, notAfter: Date): Promise<boolean> {
  const rows = await queryRows(
    tx,
    `INSERT INTO job_runs (job, slot, ran_at) VALUES ($1, $2, $3)
     ON CONFLICT (job, slot) DO UPDATE SET ran_at = EXCLUDED.ran_at WHERE job_runs.ran_at <= $4
     RETURNING job`,
    [job, slot, now, notAfter],
    z.object({ job: col.text }),
  );
  return rows.length > 0;
}

/**
 * Claims one run of a job (a daily report's day, a weekly one's week) in the caller's
 * transaction: true for the first claimant, false when an instance has claimed it already. The
 * work done in the same transaction then happens once however many instances run.
 */
export async function claimJobSlot(tx: Tx, job: string, slot: string, at: Date): Promise<boolean> {
  const rows = await queryRows(tx, `INSERT INTO job_runs (job, slot, ran_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING job`, [job, slot, at], z.object({ job: col.text }));
  return rows.length > 0;
}
