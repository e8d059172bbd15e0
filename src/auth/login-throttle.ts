/**
 * Slows password guessing: after `maxFailures` wrong passwords for one account within the
 * window, further attempts for it are refused until the window has passed. Counted per
 * account, not per address, because behind a proxy every cadre shares one address.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; windowEndsAt: number }>();
  private readonly now: () => number;
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(options: { maxFailures?: number; windowMs?: number; now?: () => number } = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until `account` may try again, or 0 when it may try now. */
  waitMs(account: string): number {
    const entry = this.failures.get(account);
    if (!entry) return 0;
    const left = entry.windowEndsAt - this.now();
    if (left <= 0) {
      this.failures.delete(account);
      return 0;
    }
    return entry.count >= this.maxFailures ? left : 0;
  }

  recordFailure(account: string): void {
    const now = this.now();
    const entry = this.failures.get(account);
    if (!entry || entry.windowEndsAt <= now) {
      this.failures.set(account, { count: 1, windowEndsAt: now + this.windowMs });
      this.forgetOld(now);
    } else {
      entry.count += 1;
    }
  }

  recordSuccess(account: string): void {
    this.failures.delete(account);
  }

  /** Guessed account names would otherwise pile up for ever. */
  private forgetOld(now: number): void {
    for (const [account, entry] of this.failures) {
      if (entry.windowEndsAt <= now) this.failures.delete(account);
    }
  }
}
