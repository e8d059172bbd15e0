import { z } from "zod";
import { reminderKinds, type ReminderKind } from "../entities/reminder";
import type { Tx } from "../tx";
import { parseRows } from "./rows";

export type { ReminderKind } from "../entities/reminder";

/** A reminder planned for a case: what, about which deadline, when it is due. */
export interface PlannedReminder {
  caseId: number;
  kind: ReminderKind;
  targetAt: Date;
  dueAt: Date;
}

/** Deletes the cases' pending reminders (those sent stay: a stage is never sent twice). */
export async function deletePendingReminders(tx: Tx, caseIds: number[]): Promise<void> {
  if (caseIds.length === 0) return;
  await tx.query(`DELETE FROM reminders WHERE case_id = ANY($1::int[]) AND done_at IS NULL`, [caseIds]);
}

/**
 * Stores planned reminders in one statement. A stage already sent conflicts on (case, kind,
 * deadline) and is not planned again.
 */
export async function insertPlannedReminders(tx: Tx, rows: PlannedReminder[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO reminders (case_id, kind, target_at, due_at)
     SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[])
     ON CONFLICT ON CONSTRAINT "UQ_reminders_stage" DO NOTHING`,
    [rows.map((r) => r.caseId), rows.map((r) => r.kind), rows.map((r) => r.targetAt), rows.map((r) => r.dueAt)],
  );
}

const dueRow = z.object({ id: z.coerce.number().int(), caseId: z.coerce.number().int(), kind: z.enum(reminderKinds) });
export type DueReminder = z.output<typeof dueRow>;

/**
 * The pending reminders due by `now`, oldest first, locked with SKIP LOCKED: several instances
 * share the work and none takes a reminder another is sending.
 */
export async function takeDueReminders(tx: Tx, now: Date, limit: number): Promise<DueReminder[]> {
  const rows: unknown = await tx.query(
    `SELECT id, case_id AS "caseId", kind FROM reminders WHERE done_at IS NULL AND due_at <= $1
     ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return parseRows("due reminders", dueRow, rows);
}

/**
 * Marks reminders done at `now`, each "sent" or "skipped" (a more pressing one went instead).
 * The rows are found by their ids through the primary key (`id = ANY`): joined to the unnest
 * alone, the planner hashed the whole table, every reminder ever planned, for each batch.
 */
export async function markRemindersDone(tx: Tx, now: Date, done: { id: number; outcome: "sent" | "skipped" }[]): Promise<void> {
  if (done.length === 0) return;
  await tx.query(
    `UPDATE reminders r SET done_at = $1, outcome = v.outcome FROM unnest($2::int[], $3::text[]) AS v(id, outcome)
     WHERE r.id = ANY($2::int[]) AND r.id = v.id`,
    [now, done.map((d) => d.id), done.map((d) => d.outcome)],
  );
}

/** Moves reminders to `until` (quiet hours hold them until the morning). */
export async function deferReminders(tx: Tx, ids: number[], until: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(`UPDATE reminders SET due_at = $2 WHERE id = ANY($1::int[])`, [ids, until]);
}
