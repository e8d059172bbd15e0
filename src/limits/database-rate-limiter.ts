import { Occasionally } from "../db/occasionally";
import { deleteExpiredRateCounts, giveBackRate, takeRate } from "../db/repositories/rate-limit-repository";
import type { Queryable } from "../db/tx";
import type { RateDecision, RateLimiter, RateLimiterFactory } from "./rate-limiter";

/**
 * A rate limiter counted in PostgreSQL, so that N instances together allow what one allows, and a
 * restart forgets nothing.
 *
 * Exact, not approximated: a row per (limiter, key) keeps the times of the takes let in within
 * the window (at most `limit` of them), and a take is one upsert that drops the times that left
 * the window, counts the rest and adds its own if there is room. So "120 in any minute" holds
 * for every minute, as the in-memory limiter's did, with no burst of twice the limit at a
 * window's edge (fixed windows) and no estimate that lets through a few more or fewer than the
 * limit (a sliding window weighted from the previous fixed one). The price, one array of at most
 * `limit` numbers per key rewritten per take, is small for limits of tens to a few thousand,
 * which is what these are. One statement, one round trip per take.
 */
export class DatabaseRateLimiter implements RateLimiter {
  constructor(
    private readonly db: Queryable,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly sweep?: Occasionally,
  ) {}

  async take(key: string, now: Date): Promise<RateDecision> {
    const result = await takeRate(this.db, { limiter: this.name, key, now: now.getTime(), windowMs: this.windowMs, limit: this.limit });
    if (this.sweep?.due(now.getTime())) await deleteExpiredRateCounts(this.db, now);
    return result.admitted ? { ok: true } : { ok: false, retryAfterMs: result.retryAfterMs };
  }

  giveBack(key: string, now: Date): Promise<void> {
    return giveBackRate(this.db, this.name, key, now.getTime());
  }
}

/**
 * Limiters counting on the pool, each take on its own. They also sweep the rows of every limiter
 * whose window has passed, now and then (the flood guard's too, which count inside transactions
 * and so must not).
 */
export function databaseRateLimiters(pool: Queryable): RateLimiterFactory {
  const sweep = new Occasionally(5 * 60_000);
  return (name, limit, windowMs) => new DatabaseRateLimiter(pool, name, limit, windowMs, sweep);
}

/** A limiter counting inside the caller's transaction: its count commits, or rolls back, with the transaction's other writes. */
export function rateLimiterIn(tx: Queryable, name: string, limit: number, windowMs: number): RateLimiter {
  return new DatabaseRateLimiter(tx, name, limit, windowMs);
}
