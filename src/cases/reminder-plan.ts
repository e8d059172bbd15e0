import type { CaseRecord } from "./case-record";
import type { Tx } from "../db/tx";
import { durationMs } from "./time-limits";
import type { Deployment } from "../config/schema";
import { deletePendingReminders, insertPlannedReminders, type ReminderKind } from "../db/repositories/reminder-repository";

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
export function planReminders(c: CaseRecord, now: Date, settings: Deployment["reminders"]): PlannedReminder[] {
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
export async function replanReminders(tx: Tx, c: CaseRecord, now: Date, settings: Deployment["reminders"]): Promise<void> {
  await replanRemindersOf(tx, [c], now, settings);
}

/** `replanReminders` for many cases in two statements (the sweep replans a batch). */
export async function replanRemindersOf(tx: Tx, cases: CaseRecord[], now: Date, settings: Deployment["reminders"]): Promise<void> {
  if (cases.length === 0) return;
  await deletePendingReminders(tx, cases.map((c) => c.id));
  await insertPlans(tx, cases, now, settings);
}

async function insertPlans(tx: Tx, cases: CaseRecord[], now: Date, settings: Deployment["reminders"]): Promise<void> {
  await insertPlannedReminders(tx, cases.flatMap((c) => planReminders(c, now, settings).map((r) => ({ caseId: c.id, ...r }))));
}
