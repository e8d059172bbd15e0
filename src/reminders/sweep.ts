import type { WorkingCalendar } from "../calendar/working-calendar";
import type { CaseService } from "../cases/case-service";
import type { Notifier } from "../cases/notifier";
import type { Clock } from "../clock";
import type { Deployment } from "../config/schema";
import type { CaseRecord } from "../cases/case-record";
import { deferReminders, markRemindersDone, takeDueWithCases, type DueReminder, type ReminderKind } from "../db/repositories/reminder-repository";
import type { Transact, Tx } from "../db/tx";
import type { Resident } from "../db/entities/resident";
import { withOutbox } from "../outbox/enqueue";
import type { NudgeStage } from "../texts/texts";

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

/** What a batch changes besides the messages, written once for the whole batch. */
interface BatchWrites {
  done: { id: number; outcome: "sent" | "skipped" }[];
  /** Held by quiet hours until the morning. */
  held: number[];
  /** Cases whose resident just heard from us: their next "still being handled" counts from now. */
  heard: CaseRecord[];
}

/**
 * Sends the reminders that are due. It reads only due rows (an index on due_at of the pending
 * ones), takes them with SKIP LOCKED so several instances share the work and none sends twice,
 * and sends at most one nudge per case per sweep, so a restart after downtime is no burst.
 * A batch of due reminders is one transaction of a few statements, whatever its size: the
 * reminders, their cases and residents are read in one statement, its messages written in one,
 * its reminders marked in one, and the cases whose resident was told "still being handled" marked
 * together, through CaseService. A batch is large (a sweep after a day's downtime is a few
 * thousand): every batch pays its statements and its commit again.
 */
export class ReminderSweep {
  constructor(
    private readonly transact: Transact,
    private readonly cases: CaseService,
    private readonly notifier: Notifier,
    private readonly calendar: WorkingCalendar,
    private readonly settings: Deployment["reminders"],
    private readonly clock: Clock,
    private readonly batchSize = 2000,
  ) {}

  /** Returns how many reminders were handled (sent, skipped or deferred). */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.transact((tx) => withOutbox(tx, () => this.batch(tx)));
      total += handled;
      if (handled < this.batchSize) return total;
    }
  }

  private async batch(tx: Tx): Promise<number> {
    const now = this.clock.now();
    const { due, cases, residents } = await takeDueWithCases(tx, now, this.batchSize);
    if (due.length === 0) return 0;
    const byCase = new Map<number, DueReminder[]>();
    for (const r of due) {
      const list = byCase.get(r.caseId);
      if (list) list.push(r);
      else byCase.set(r.caseId, [r]);
    }
    const writes: BatchWrites = { done: [], held: [], heard: [] };
    // A case being changed right now is not among them: its reminders wait for the next sweep.
    for (const [caseId, reminders] of byCase) {
      const c = cases.get(caseId);
      if (c) await this.forCase(tx, c, reminders, now, residents.get(c.residentId), writes);
    }

    await markRemindersDone(tx, now, writes.done);
    if (writes.held.length > 0 && this.settings.quietHours) await deferReminders(tx, writes.held, this.calendar.nextLocalTime(now, this.settings.quietHours.to));
    // Through CaseService like every write to a case, for the whole batch at once; it replans their reminders.
    await this.cases.residentsNotified(tx, writes.heard, now);
    return due.length;
  }

  private async forCase(tx: Tx, c: CaseRecord, reminders: DueReminder[], now: Date, resident: Resident | undefined, writes: BatchWrites): Promise<void> {
    const quiet = this.settings.quietHours && this.calendar.inDailyWindow(now, this.settings.quietHours.from, this.settings.quietHours.to);
    const mayWait = (kind: ReminderKind) => !(c.urgent && isNudge(kind));
    if (quiet) {
      writes.held.push(...reminders.filter((r) => mayWait(r.kind)).map((r) => r.id));
      reminders = reminders.filter((r) => !mayWait(r.kind));
    }

    const nudges = reminders.filter((r) => isNudge(r.kind));
    const top = nudges.reduce<DueReminder | null>((best, r) => (!best || severity[r.kind as NudgeStage] > severity[best.kind as NudgeStage] ? r : best), null);
    for (const r of reminders) {
      const sent = r === top || !isNudge(r.kind) ? await this.send(tx, c, r.kind, now, resident) : false;
      writes.done.push({ id: r.id, outcome: sent ? "sent" : "skipped" });
    }
    if (reminders.some((r) => r.kind === "resident_update")) writes.heard.push(c);
  }

  private async send(tx: Tx, c: CaseRecord, kind: ReminderKind, now: Date, resident: Resident | undefined): Promise<boolean> {
    switch (kind) {
      case "resident_update":
        await this.notifier.toResident(tx, c, now, (t, view) => ({ text: t.stillHandling(view) }), resident);
        return true;
      case "rating_reminder":
        await this.notifier.toResident(tx, c, now, (t) => this.notifier.ratePrompt(t, c, t.ratingReminder(c.number)), resident);
        return true;
      case "close_unrated":
        return (await this.cases.apply(tx, { id: c.id }, { type: "close_unrated" }, { kind: "system" })).ok;
      default:
        await this.notifier.nudge(tx, c, kind, now);
        return true;
    }
  }
}
