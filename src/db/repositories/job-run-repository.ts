import type { Tx } from "../tx";

/**
 * Claims one run of a job (a daily report's day, a weekly one's week) in the caller's
 * transaction: true for the first claimant, false when an instance has claimed it already. The
 * work done in the same transaction then happens once however many instances run.
 */
export async function claimJobSlot(tx: Tx, job: string, slot: string, at: Date): Promise<boolean> {
  const claimed: unknown = await tx.query(`INSERT INTO job_runs (job, slot, ran_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING job`, [job, slot, at]);
  if (!Array.isArray(claimed)) throw new Error(`claim job slot: expected rows, got ${typeof claimed}`);
  return claimed.length > 0;
}
