import type { Clock } from "../clock";
import type { Tx } from "../db/tx";
import { rateLimiterIn } from "../limits/database-rate-limiter";
import { takeRates } from "../db/repositories/rate-limit-repository";

const MINUTE_MS = 60_000;

export type FloodVerdict = "ok" | "warn" | "drop";

/**
 * Counts each sender's messages over the last minute, in the database: every instance counts
 * together. A sender over the limit is told once to slow down and then ignored until the minute
 * has room again; nobody else notices.
 *
 * The count is taken inside the inbound transaction, after the message was recorded as new: a
 * redelivered message (a duplicate) never reaches it, and a transaction that rolls back (the
 * platform delivers the message again) takes its count back with it. So each message counts
 * once, however often it arrives. The count's row stays locked until the commit, which also lines
 * up one sender's messages handled at once on several instances.
 */
export class FloodGuard {
  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** "ok", "warn" (the first message over the limit in a minute) or "drop". */
  async check(tx: Tx, sender: string): Promise<FloodVerdict> {
    const now = this.clock.now();
    if ((await rateLimiterIn(tx, "flood.messages", this.perMinute, MINUTE_MS).take(sender, now)).ok) return "ok";
    return this.overLimit(tx, sender, now);
  }

  /** `check` for a batch's messages, one per sender, counted in one statement: the verdicts in the order given. */
  async checkMany(tx: Tx, senders: readonly string[]): Promise<FloodVerdict[]> {
    const now = this.clock.now();
    const admitted = await takeRates(tx, { limiter: "flood.messages", now: now.getTime(), windowMs: MINUTE_MS, limit: this.perMinute }, senders);
    const verdicts: FloodVerdict[] = [];
    for (const [i, sender] of senders.entries()) verdicts.push(admitted[i] ? "ok" : await this.overLimit(tx, sender, now));
    return verdicts;
  }

  // The warning is a limit of its own, one a minute: said once, not to every dropped message.
  private async overLimit(tx: Tx, sender: string, now: Date): Promise<FloodVerdict> {
    return (await rateLimiterIn(tx, "flood.warnings", 1, MINUTE_MS).take(sender, now)).ok ? "warn" : "drop";
  }
}
