import { z } from "zod";
import { localeSchema } from "../../config/schema";
import type { CaseRecord } from "../../vocabulary/case-record";
import { reminderKinds, type ReminderKind } from "../entities/reminder";
import { Resident } from "../entities/resident";
import type { Tx } from "../tx";
import { COLUMNS as CASE_COLUMNS, caseRow } from "./case-repository";
import { executeNamed, named } from "./named";
import { col, queryRows } from "./rows";

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

const INSERT_PLANNED = named(
  "insert_planned_reminders",
  `INSERT INTO reminders (case_id, kind, target_at, due_at)
   SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[])
   ON CONFLICT ON CONSTRAINT "UQ_reminders_stage" DO NOTHING`,
);

/**
 * Stores planned reminders in one statement. A stage already sent conflicts on (case, kind,
 * deadline) and is not planned again.
 */
export async function insertPlannedReminders(tx: Tx, rows: PlannedReminder[]): Promise<void> {
  if (rows.length === 0) return;
  await executeNamed(tx, INSERT_PLANNED, [rows.map((r) => r.caseId), rows.map((r) => r.kind), rows.map((r) => r.targetAt), rows.map((r) => r.dueAt)]);
}

/** A due reminder, as the sweep takes it. */
export interface DueReminder {
  id: number;
  caseId: number;
  kind: ReminderKind;
}

/** Due reminders with what sending them needs: their cases (locked) and those cases' residents. */
export interface DueBatch {
  /** Every reminder taken (locked until the transaction ends), in the order their messages go: by case, then due time. */
  due: DueReminder[];
  /** The cases of those reminders that nobody else is changing right now, by id; the others' reminders wait for the next sweep. */
  cases: Map<number, CaseRecord>;
  /** Those cases' residents, by id. */
  residents: Map<number, Resident>;
}

const dueWithCaseRow = z.object({
  reminder_id: col.int,
  reminder_case_id: col.int,
  reminder_kind: z.enum(reminderKinds),
  /** Null when the case is locked by someone else (left for the next sweep). */
  case_row: caseRow.nullable(),
  resident_id: col.int.nullable(),
  resident_channel: z.enum(["telegram", "wechat", "web", "api"]).nullable(),
  resident_account_id: col.text.nullable(),
  resident_display_name: col.text.nullable(),
  resident_locale: localeSchema.nullable(),
  resident_created_at: col.date.nullable(),
});

/**
 * The pending reminders due by `now` (at most `limit`, oldest first), locked with SKIP LOCKED so
 * several instances share the work and none takes a reminder another is sending, with their cases
 * (locked too, SKIP LOCKED: a case being changed right now is left for the next sweep, the change
 * replans its reminders anyway) and the cases' residents: one statement, one round trip, where
 * three (reminders, cases, residents) had each paid their own planning and transfer. A case comes
 * as one JSON value (its columns named as the record's fields, read by the same schema as every
 * case), not thirty columns each parsed by the driver.
 */
export async function takeDueWithCases(tx: Tx, now: Date, limit: number): Promise<DueBatch> {
  const rows = await queryRows(
    tx,
    `WITH due AS (
       SELECT id, case_id, kind, due_at FROM reminders WHERE done_at IS NULL AND due_at <= $1
       ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
     ), locked AS (
       SELECT ${CASE_COLUMNS} FROM cases WHERE id IN (SELECT case_id FROM due) FOR UPDATE SKIP LOCKED
     ), people AS (
       -- One lookup by primary key per case: joined plainly, the planner hashed the whole table.
       SELECT l.id AS case_id, r.* FROM locked l CROSS JOIN LATERAL (SELECT * FROM residents WHERE id = l."residentId" LIMIT 1) r
     )
     SELECT d.id AS reminder_id, d.case_id AS reminder_case_id, d.kind AS reminder_kind, CASE WHEN l.id IS NOT NULL THEN row_to_json(l) END AS case_row,
       r.id AS resident_id, r.channel AS resident_channel, r.account_id AS resident_account_id,
       r.display_name AS resident_display_name, r.locale AS resident_locale, r.created_at AS resident_created_at
     FROM due d LEFT JOIN locked l ON l.id = d.case_id LEFT JOIN people r ON r.case_id = d.case_id
     ORDER BY d.case_id, d.due_at, d.id`,
    [now, limit],
    dueWithCaseRow,
  );
  const batch: DueBatch = { due: [], cases: new Map(), residents: new Map() };
  for (const row of rows) {
    batch.due.push({ id: row.reminder_id, caseId: row.reminder_case_id, kind: row.reminder_kind });
    if (row.case_row) batch.cases.set(row.case_row.id, row.case_row);
    if (row.resident_id !== null && row.resident_channel !== null && row.resident_account_id !== null && row.resident_locale !== null && row.resident_created_at !== null) {
      // An instance of the entity, as the residents repository hands it out.
      const resident = Object.assign(new Resident(), {
        id: row.resident_id,
        channel: row.resident_channel,
        accountId: row.resident_account_id,
        displayName: row.resident_display_name,
        locale: row.resident_locale,
        createdAt: row.resident_created_at,
      });
      batch.residents.set(resident.id, resident);
    }
  }
  return batch;
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
