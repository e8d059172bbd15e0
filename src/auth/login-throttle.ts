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
 * which accounts exist. Memory is bounded: old entries are forgotten, the oldest first.
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

interface Failures {
  count: number;
  lastAt: number;
}

const MAX_ENTRIES = 10_000;
const MAX_ADDRESSES_PER_ACCOUNT = 100;

export class LoginThrottle {
  private readonly byAddress = new Map<string, Failures>();
  /** Account -> address -> time of its last failure for that account. */
  private readonly byAccount = new Map<string, Map<string, number>>();
  /** Account -> address -> time it last signed in from there. */
  private readonly trusted = new Map<string, Map<string, number>>();
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly windowMs: number;
  private readonly attackedAfterAddresses: number;
  private readonly trustedForMs: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60 * 1000;
    this.windowMs = options.windowMs ?? 60 * 60 * 1000;
    this.attackedAfterAddresses = options.attackedAfterAddresses ?? 5;
    this.trustedForMs = options.trustedForMs ?? 30 * 24 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until this address may try this account, or 0 when it may try now. */
  waitMs(account: string, address: string): number {
    const now = this.now();
    return Math.max(this.addressWait(address, now), this.accountWait(account, address, now), 0);
  }

  recordFailure(account: string, address: string): void {
    const now = this.now();
    const entry = this.byAddress.get(address);
    if (entry && now - entry.lastAt < this.windowMs) {
      entry.count += 1;
      entry.lastAt = now;
    } else {
      this.byAddress.set(address, { count: 1, lastAt: now });
      bound(this.byAddress, MAX_ENTRIES, (e) => now - e.lastAt >= this.windowMs);
    }
    let addresses = this.byAccount.get(account);
    if (!addresses) {
      addresses = new Map();
      this.byAccount.set(account, addresses);
      bound(this.byAccount, MAX_ENTRIES, (a) => [...a.values()].every((at) => now - at >= this.windowMs));
    }
    addresses.delete(address);
    addresses.set(address, now);
    bound(addresses, MAX_ADDRESSES_PER_ACCOUNT, (at) => now - at >= this.windowMs);
  }

  recordSuccess(account: string, address: string): void {
    this.byAddress.delete(address);
    let addresses = this.trusted.get(account);
    if (!addresses) {
      addresses = new Map();
      this.trusted.set(account, addresses);
    }
    addresses.delete(address);
    addresses.set(address, this.now());
    bound(addresses, 20, () => false);
  }

  private addressWait(address: string, now: number): number {
    const entry = this.byAddress.get(address);
    if (!entry) return 0;
    if (now - entry.lastAt >= this.windowMs) {
      this.byAddress.delete(address);
      return 0;
    }
    if (entry.count < this.freeFailures) return 0;
    return entry.lastAt + this.delay(entry.count - this.freeFailures) - now;
  }

  private accountWait(account: string, address: string, now: number): number {
    const addresses = this.byAccount.get(account);
    if (!addresses) return 0;
    for (const [a, at] of addresses) if (now - at >= this.windowMs) addresses.delete(a);
    if (addresses.size === 0) {
      this.byAccount.delete(account);
      return 0;
    }
    if (addresses.size < this.attackedAfterAddresses) return 0;
    const trustedAt = this.trusted.get(account)?.get(address);
    if (trustedAt !== undefined && now - trustedAt < this.trustedForMs) return 0;
    const lastAt = Math.max(...addresses.values());
    return lastAt + this.delay(addresses.size - this.attackedAfterAddresses) - now;
  }

  /** base · 2^steps, at most maxDelayMs. */
  private delay(steps: number): number {
    return Math.min(this.baseDelayMs * 2 ** Math.min(steps, 40), this.maxDelayMs);
  }
}

/** Keeps `map` at most `max` long: first drops entries `stale` says are old, then the oldest. */
function bound<K, V>(map: Map<K, V>, max: number, stale: (value: V) => boolean): void {
  if (map.size <= max) return;
  for (const [key, value] of map) if (stale(value)) map.delete(key);
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
}
