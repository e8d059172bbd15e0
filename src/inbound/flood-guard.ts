import type { Clock } from "../clock";
import type { Tx } from "../db/tx";
import { rateLimiterIn } from "../limits/database-rate-limiter";

const MINUTE_MS = 60_000;

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
  async check(tx: Tx, sender: string): Promise<"ok" | "warn" | "drop"> {
    const now = this.clock.now();
    if ((await rateLimiterIn(tx, "flood.messages", this.perMinute, MINUTE_MS).take(sender, now)).ok) return "ok";
    // The warning is a limit of its own, one a minute: said once, not to every dropped message.
    return (await rateLimiterIn(tx, "flood.warnings", 1, MINUTE_MS).take(sender, now)).ok ? "warn" : "drop";
  }
}
