import { Occasionally } from "../db/occasionally";

/**
 * Slows password guessing without locking anyone out.
 *
 * Per client address: the first `freeFailures` wrong passwords cost nothing; after that each
 * attempt from the address must wait a delay that doubles with every further failure (1 s, 2 s,
 * 4 s … up to `maxDelayMs`). One guesser slows only themselves: the cadre they are guessing at
 * still signs in from their own address at once. (Behind a reverse proxy, set
 * MINQING_TRUSTED_PROXIES, or every client shares the proxy's address.)
 *
 * Per account: guesses spread over many addresses (`attackedAfterAddresses` distinct ones within
 * the window) mark the account as under attack; then new addresses wait a growing delay before
 * each try for it, while addresses that signed in to it before go on as usual. The one-time
 * link from the bot (/dashboard) never passes through here, so the owner always has a way in.
 *
 * Everything is counted by the name typed, known or not, so the throttle says nothing about
 * which accounts exist. The counts live in `LoginAttempts` (the database: several instances
 * count together, and a restart forgets nothing); this class only decides.
 */
export interface LoginThrottleOptions {
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long failures are remembered after the last one. */
  windowMs?: number;
  attackedAfterAddresses?: number;
  /** How long an address that signed in to an account is trusted for it. */
  trustedForMs?: number;
  now?: () => number;
}

/** What the throttle knows of one try, as of `failuresSince` (the window) and `trustedSince`. */
export interface AttemptsSeen {
  /** Wrong passwords from the address, for any account, since it last signed in (0 when none), and the latest one's time. */
  fromAddress: { failures: number; lastAt: number };
  /** Distinct addresses with wrong passwords for the account, and the latest one's time. */
  forAccount: { addresses: number; lastAt: number };
  /** Whether the address signed in to the account. */
  trusted: boolean;
}

/** Where the throttle's counts are kept (src/auth/database-login-attempts.ts). Times in ms since the epoch. */
export interface LoginAttempts {
  read(account: string, address: string, failuresSince: number, trustedSince: number): Promise<AttemptsSeen>;
  /** One more wrong password; an account/address count whose last failure is before `failuresSince` starts again. */
  recordFailure(account: string, address: string, at: number, failuresSince: number): Promise<void>;
  /** The address's failures stop counting against it (they still count for the accounts it guessed at), and it is trusted for `account`. */
  recordSuccess(account: string, address: string, at: number): Promise<void>;
  /** Deletes failures last seen before `failuresBefore` and trust given before `trustedBefore`: they no longer count. */
  forget(failuresBefore: number, trustedBefore: number): Promise<void>;
}

export class LoginThrottle {
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly windowMs: number;
  private readonly attackedAfterAddresses: number;
  private readonly trustedForMs: number;
  private readonly now: () => number;
  private readonly sweep = new Occasionally(10 * 60_000);

  constructor(
    private readonly attempts: LoginAttempts,
    options: LoginThrottleOptions = {},
  ) {
    this.freeFailures = options.freeFailures ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60 * 1000;
    this.windowMs = options.windowMs ?? 60 * 60 * 1000;
    this.attackedAfterAddresses = options.attackedAfterAddresses ?? 5;
    this.trustedForMs = options.trustedForMs ?? 30 * 24 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until this address may try this account, or 0 when it may try now. */
  async waitMs(account: string, address: string): Promise<number> {
    const now = this.now();
    const seen = await this.attempts.read(account, address, now - this.windowMs, now - this.trustedForMs);
    return Math.max(this.addressWait(seen, now), this.accountWait(seen, now), 0);
  }

  /** Failures are few (each cost a password check), so they also carry the occasional sweep of what no longer counts. */
  async recordFailure(account: string, address: string): Promise<void> {
    const now = this.now();
    await this.attempts.recordFailure(account, address, now, now - this.windowMs);
    if (this.sweep.due(now)) await this.attempts.forget(now - this.windowMs, now - this.trustedForMs);
  }

  recordSuccess(account: string, address: string): Promise<void> {
    return this.attempts.recordSuccess(account, address, this.now());
  }

  private addressWait({ fromAddress }: AttemptsSeen, now: number): number {
    if (fromAddress.failures < this.freeFailures) return 0;
    return fromAddress.lastAt + this.delay(fromAddress.failures - this.freeFailures) - now;
  }

  private accountWait({ forAccount, trusted }: AttemptsSeen, now: number): number {
    if (forAccount.addresses < this.attackedAfterAddresses || trusted) return 0;
    return forAccount.lastAt + this.delay(forAccount.addresses - this.attackedAfterAddresses) - now;
  }

  /** base · 2^steps, at most maxDelayMs. */
  private delay(steps: number): number {
    return Math.min(this.baseDelayMs * 2 ** Math.min(steps, 40), this.maxDelayMs);
  }
}
