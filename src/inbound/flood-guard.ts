import type { Clock } from "../clock";

/**
 * Counts each sender's messages over the last minute, in this process. A sender over the limit
 * is told once to slow down and then ignored until the minute has passed; nobody else notices.
 */
export class FloodGuard {
  private readonly seen = new Map<string, { times: number[]; warned: boolean }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** "ok", "warn" (the first message over the limit) or "drop". */
  check(sender: string): "ok" | "warn" | "drop" {
    const now = this.clock.now().getTime();
    const entry = this.seen.get(sender) ?? { times: [], warned: false };
    entry.times = entry.times.filter((t) => now - t < 60_000);
    entry.times.push(now);
    if (entry.times.length <= this.perMinute) entry.warned = false;
    this.seen.set(sender, entry);
    if (this.seen.size > 10_000) this.forgetQuiet(now);
    if (entry.times.length <= this.perMinute) return "ok";
    if (entry.warned) return "drop";
    entry.warned = true;
    return "warn";
  }

  private forgetQuiet(now: number): void {
    for (const [sender, entry] of this.seen) if (entry.times.every((t) => now - t >= 60_000)) this.seen.delete(sender);
  }
}
