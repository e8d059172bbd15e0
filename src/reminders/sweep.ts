import type { DataSource, EntityManager } from "typeorm";
import type { WorkingCalendar } from "../calendar/working-calendar";
import type { CaseService } from "../cases/case-service";
import type { Notifier } from "../cases/notifier";
import type { Clock } from "../clock";
import type { Deployment } from "../config/schema";
import { Case } from "../db/entities/case";
import type { ReminderKind } from "../db/entities/reminder";
import type { NudgeStage } from "../texts/texts";
import { replanReminders } from "./plan";

interface DueReminder {
  id: number;
  case_id: number;
  kind: ReminderKind;
}

/** The more pressing stage wins when several are due at once (after downtime, say). */
const severity: Record<NudgeStage, number> = {
  accept_soon: 1,
  answer_soon: 2,
  finish_soon: 3,
  accept_overdue: 4,
  answer_overdue: 5,
  finish_overdue: 6,
};

const isNudge = (kind: ReminderKind): kind is NudgeStage => kind in severity;

/**
 * Sends the reminders that are due. It reads only due rows (an index on due_at of the pending
 * ones), takes them with SKIP LOCKED so several instances share the work and none sends twice,
 * and sends at most one nudge per case per sweep, so a restart after downtime is no burst.
 */
export class ReminderSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseService,
    private readonly notifier: Notifier,
    private readonly calendar: WorkingCalendar,
    private readonly settings: Deployment["reminders"],
    private readonly clock: Clock,
    private readonly batchSize = 100,
  ) {}

  /** Returns how many reminders were handled (sent, skipped or deferred). */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.dataSource.transaction((tx) => this.batch(tx));
      total += handled;
      if (handled < this.batchSize) return total;
    }
  }

  private async batch(tx: EntityManager): Promise<number> {
    const now = this.clock.now();
    const due: DueReminder[] = await tx.query(
      `SELECT id, case_id, kind FROM reminders WHERE done_at IS NULL AND due_at <= $1
       ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, this.batchSize],
    );
    const byCase = new Map<number, DueReminder[]>();
    for (const r of due) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), r]);
    for (const [caseId, reminders] of byCase) await this.forCase(tx, caseId, reminders, now);
    return due.length;
  }

  private async forCase(tx: EntityManager, caseId: number, reminders: DueReminder[], now: Date): Promise<void> {
    // A case being changed right now is left for the next sweep; the change replans its reminders anyway.
    const c = await tx.findOne(Case, { where: { id: caseId }, lock: { mode: "pessimistic_write", onLocked: "skip_locked" } });
    if (!c) return;

    const quiet = this.settings.quietHours && this.calendar.inDailyWindow(now, this.settings.quietHours.from, this.settings.quietHours.to);
    const mayWait = (kind: ReminderKind) => !(c.urgent && isNudge(kind));
    if (quiet && this.settings.quietHours) {
      const waiting = reminders.filter((r) => mayWait(r.kind));
      const morning = this.calendar.nextLocalTime(now, this.settings.quietHours.to);
      if (waiting.length > 0) await tx.query(`UPDATE reminders SET due_at = $2 WHERE id = ANY($1)`, [waiting.map((r) => r.id), morning]);
      reminders = reminders.filter((r) => !mayWait(r.kind));
    }

    const nudges = reminders.filter((r) => isNudge(r.kind));
    const top = nudges.reduce<DueReminder | null>((best, r) => (!best || severity[r.kind as NudgeStage] > severity[best.kind as NudgeStage] ? r : best), null);
    for (const r of reminders) {
      const sent = r === top || !isNudge(r.kind) ? await this.send(tx, c, r.kind, now) : false;
      await tx.query(`UPDATE reminders SET done_at = $2, outcome = $3 WHERE id = $1`, [r.id, now, sent ? "sent" : "skipped"]);
    }
    // The resident just heard from us: the next "still being handled" counts from now.
    if (reminders.some((r) => r.kind === "resident_update")) await replanReminders(tx, c, now, this.settings);
  }

  private async send(tx: EntityManager, c: Case, kind: ReminderKind, now: Date): Promise<boolean> {
    switch (kind) {
      case "resident_update":
        await this.notifier.toResident(tx, c, now, (t, view) => ({ text: t.stillHandling(view) }));
        c.residentNotifiedAt = now;
        await tx.update(Case, { id: c.id }, { residentNotifiedAt: now });
        return true;
      case "rating_reminder":
        await this.notifier.toResident(tx, c, now, (t) => this.notifier.ratePrompt(t, c, t.ratingReminder(c.number)));
        return true;
      case "close_unrated":
        return (await this.cases.apply(tx, c, { type: "close_unrated" }, { kind: "system" })).ok;
      default:
        await this.notifier.nudge(tx, c, kind, now);
        return true;
    }
  }
}
