import { claimJobSlot } from "../db/repositories/job-run-repository";
import { departmentCounts } from "../db/repositories/stats-repository";
import type { Transact, Tx } from "../db/tx";
import { addDays, fromLocal, toLocal } from "../calendar/local-time";
import type { WorkingCalendar } from "../calendar/working-calendar";
import type { Clock } from "../clock";
import type { Deployment } from "../config/schema";
import { enqueue, type ChatRef } from "../outbox/enqueue";
import type { Directory } from "../config/directory";
import { textsFor } from "../texts";
import type { DigestCounts } from "../texts/texts";

/**
 * The daily report per department group and the weekly one for supervisors. Each slot
 * (a day, a week) is claimed in `job_runs` in the same transaction that queues the report, so
 * it goes out once however many instances run, and late rather than never after downtime.
 */
export class Digests {
  constructor(
    private readonly transact: Transact,
    private readonly directory: Directory,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
  ) {}

  private get settings(): Deployment["reminders"] {
    return this.directory.deployment.reminders;
  }

  private get timezone(): string {
    return this.directory.deployment.timezone;
  }

  /** Sends the latest daily and weekly report whose time has come and that no instance sent yet. */
  async runDue(): Promise<string[]> {
    const now = this.clock.now();
    const quiet = this.settings.quietHours;
    // A report caught up after downtime waits for the morning rather than wake people.
    if (quiet && this.calendar.inDailyWindow(now, quiet.from, quiet.to)) return [];
    const local = toLocal(now, this.timezone);
    const ran: string[] = [];
    const dailyAt = fromLocal(local.date, this.settings.dailyDigest, this.timezone);
    if (now >= dailyAt && (await this.once("daily-digest", local.date, (tx) => this.daily(tx, local.date, now)))) ran.push(`daily ${local.date}`);

    const { weekday, time } = this.settings.weeklyDigest;
    const weekStart = addDays(local.date, -((local.weekday - weekday + 7) % 7));
    const weeklyAt = fromLocal(weekStart, time, this.timezone);
    if (now >= weeklyAt && (await this.once("weekly-digest", weekStart, (tx) => this.weekly(tx, weekStart, now)))) ran.push(`weekly ${weekStart}`);
    return ran;
  }

  private async once(job: string, slot: string, work: (tx: Tx) => Promise<void>): Promise<boolean> {
    return this.transact(async (tx) => {
      if (!(await claimJobSlot(tx, job, slot, this.clock.now()))) return false;
      await work(tx);
      return true;
    });
  }

  private async daily(tx: Tx, date: string, now: Date): Promise<void> {
    const t = textsFor(this.directory.deployment.locale);
    const counts = await this.counts(tx, now, fromLocal(addDays(date, 1), "00:00", this.timezone), new Date(now.getTime() - 86_400_000));
    for (const d of this.directory.departments) {
      const text = t.dailyDigest(d.name, date, counts.get(d.id) ?? zero());
      for (const chat of chatsOf(d.groups)) await enqueue(tx, chat, { text }, null, now);
    }
  }

  private async weekly(tx: Tx, weekStart: string, now: Date): Promise<void> {
    const t = textsFor(this.directory.deployment.locale);
    const counts = await this.counts(tx, now, fromLocal(addDays(weekStart, 7), "00:00", this.timezone), new Date(now.getTime() - 7 * 86_400_000));
    const text = t.weeklyDigest(weekStart, this.directory.departments.map((d) => ({ department: d.name, counts: counts.get(d.id) ?? zero() })));
    const supervisors = this.directory.deployment.cadres.filter((c) => c.role === "supervisor");
    const chats = [...chatsOf(this.directory.deployment.supervisorsGroup), ...supervisors.flatMap((s) => chatsOf(s.accounts))];
    for (const chat of chats) await enqueue(tx, chat, { text }, null, now);
  }

  /** The counts per department (src/db/repositories/stats-repository.ts). */
  private counts(tx: Tx, now: Date, dueBefore: Date, newSince: Date): Promise<Map<string, DigestCounts>> {
    return departmentCounts(tx, now, dueBefore, newSince);
  }
}

function zero(): DigestCounts {
  return { new: 0, open: 0, dueToday: 0, overdue: 0, unrated: 0 };
}

function chatsOf(byChannel: Partial<Record<ChatRef["channel"], string>>): ChatRef[] {
  return Object.entries(byChannel).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef);
}
