/**
 * How many times something may happen per key in a moving window: a request from an address,
 * a new resident overall, a sender's messages. The service counts in PostgreSQL
 * (database-rate-limiter.ts: several instances share one count); the in-memory version below
 * serves an adapter run without a database, as its tests do.
 */
export interface RateLimiter {
  /** Counts one more for `key` at `now` if the window has room; otherwise says when it will. */
  take(key: string, now: Date): Promise<RateDecision>;
  /**
   * Un-counts what a successful `take(key, now)` counted, when a later limit refused the same
   * request: a refused request should not use up the allowance of the people it shares an address with.
   */
  giveBack(key: string, now: Date): Promise<void>;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** Makes a limiter allowing `limit` per `windowMs`; `name` tells a shared store's limiters apart. */
export type RateLimiterFactory = (name: string, limit: number, windowMs: number) => RateLimiter;

/** Past this many keys the quiet ones are forgotten, so a spray of addresses cannot grow memory for ever. */
const SWEEP_ABOVE_KEYS = 20_000;

/**
 * A sliding window in this process's memory: the times of the last `limit` takes per key. Exact
 * (no burst of twice the limit at a window's edge, as fixed windows allow) and at most `limit`
 * numbers per key, like the database's.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly times = new Map<string, number[]>();
  /** Sweeping again only after the map doubled keeps a spray of live keys from costing a sweep per take. */
  private sweepAbove = SWEEP_ABOVE_KEYS;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, now: Date): Promise<RateDecision> {
    const t = now.getTime();
    const times = this.recent(key, t);
    if (times.length >= this.limit) {
      const oldest = times[0] ?? t;
      return Promise.resolve({ ok: false, retryAfterMs: Math.max(1, oldest + this.windowMs - t) });
    }
    times.push(t);
    this.times.set(key, times);
    if (this.times.size > this.sweepAbove) this.sweep(t);
    return Promise.resolve({ ok: true });
  }

  giveBack(key: string, now: Date): Promise<void> {
    const times = this.times.get(key);
    const index = times?.lastIndexOf(now.getTime()) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
    return Promise.resolve();
  }

  private recent(key: string, t: number): number[] {
    const times = this.times.get(key) ?? [];
    while (times.length > 0 && (times[0] ?? 0) <= t - this.windowMs) times.shift();
    return times;
  }

  private sweep(t: number): void {
    for (const [key, times] of this.times) {
      if (times.every((x) => x <= t - this.windowMs)) this.times.delete(key);
    }
    this.sweepAbove = Math.max(SWEEP_ABOVE_KEYS, 2 * this.times.size);
  }
}

export const memoryRateLimiters: RateLimiterFactory = (_name, limit, windowMs) => new MemoryRateLimiter(limit, windowMs);
