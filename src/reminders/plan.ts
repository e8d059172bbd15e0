import type { EntityManager } from "typeorm";
import { durationMs } from "../cases/time-limits";
import type { Deployment } from "../config/schema";
import type { Case } from "../db/entities/case";
import type { ReminderKind } from "../db/entities/reminder";

export interface PlannedReminder {
  kind: ReminderKind;
  targetAt: Date;
  dueAt: Date;
}

/**
 * Which reminders a case needs now, from its state and deadlines: a pure function, so the rules
 * read in one place. A "soon" reminder whose time has already passed is left out (the overdue one
 * will follow); an overdue one in the past stays, so a restart still sends it.
 */
export function planReminders(c: Case, now: Date, settings: Deployment["reminders"]): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  const lead = durationMs(c.urgent ? settings.dueSoon.urgent : settings.dueSoon.normal);
  const deadline = (soon: ReminderKind, overdue: ReminderKind, due: Date) => {
    const soonAt = new Date(due.getTime() - lead);
    if (soonAt > now) out.push({ kind: soon, targetAt: due, dueAt: soonAt });
    out.push({ kind: overdue, targetAt: due, dueAt: due });
  };
  const open = c.state === "submitted" || c.state === "accepted" || c.state === "in_progress";

  if (c.state === "submitted") deadline("accept_soon", "accept_overdue", c.acceptDueAt);
  if (open && c.firstAnswerAt === null) deadline("answer_soon", "answer_overdue", c.answerDueAt);
  if (open && c.state !== "submitted" && c.finishDueAt) deadline("finish_soon", "finish_overdue", c.finishDueAt);
  if (open) {
    const heardAt = c.residentNotifiedAt ?? c.createdAt;
    const at = new Date(heardAt.getTime() + durationMs(settings.residentUpdateEvery));
    out.push({ kind: "resident_update", targetAt: at, dueAt: at });
  }
  if (c.state === "resolved" && c.resolvedAt) {
    const resolved = c.resolvedAt.getTime();
    out.push({ kind: "rating_reminder", targetAt: c.resolvedAt, dueAt: new Date(resolved + durationMs(settings.ratingReminderAfter)) });
    out.push({ kind: "close_unrated", targetAt: c.resolvedAt, dueAt: new Date(resolved + durationMs(settings.closeUnratedAfter)) });
  }
  return out;
}

/**
 * Replaces the case's pending reminders with the plan, in the caller's transaction. A stage that
 * was already sent conflicts on (case, kind, deadline) and is not planned again.
 */
export async function replanReminders(tx: EntityManager, c: Case, now: Date, settings: Deployment["reminders"]): Promise<void> {
  await tx.query(`DELETE FROM reminders WHERE case_id = $1 AND done_at IS NULL`, [c.id]);
  const plan = planReminders(c, now, settings);
  if (plan.length === 0) return;
  const values = plan.map((_, i) => `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4})`).join(", ");
  await tx.query(
    `INSERT INTO reminders (case_id, kind, target_at, due_at) VALUES ${values} ON CONFLICT ON CONSTRAINT "UQ_reminders_stage" DO NOTHING`,
    [c.id, ...plan.flatMap((r) => [r.kind, r.targetAt, r.dueAt])],
  );
}
