import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../log";
import type { Metrics } from "../metrics/metrics";
import type { Digests } from "./digest";
import type { ReminderSweep } from "./sweep";

/**
 * Runs the reminder sweep and the digests every minute (node-cron), and once at start so a
 * process that was down catches up at once. Exactly-once across instances comes from the
 * database (SKIP LOCKED for reminders, job_runs for digests), not from the timer.
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<void> | null = null;

  constructor(
    readonly sweep: ReminderSweep,
    private readonly digests: Digests,
    private readonly timezone: string,
    private readonly logger: Logger,
    /** Called after a pass that queued messages. */
    private readonly onQueued: () => void,
    private readonly metrics?: Metrics,
  ) {}

  start(): void {
    this.task = cron.schedule("* * * * *", () => this.tick(), { name: "minqing-reminders", timezone: this.timezone, noOverlap: true });
    void this.tick();
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    await this.running;
  }

  /** One pass; concurrent calls share the pass in flight. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const reminders = await this.sweep.run();
      const digests = await this.digests.runDue();
      this.metrics?.reminderRuns.inc({ outcome: "ok" });
      this.metrics?.remindersHandled.inc(reminders);
      if (reminders > 0 || digests.length > 0) {
        this.logger.info("reminders swept", { reminders, digests });
        this.onQueued();
      }
    } catch (err) {
      this.metrics?.reminderRuns.inc({ outcome: "error" });
      this.logger.error("reminder sweep failed", { error: err instanceof Error ? err.message : String(err) });
    }
  }
}
