import { CadreAuth, type CadreAccount, type CadreAuthOptions } from "../../src/auth/cadre-auth";
import { LoginThrottle, type AttemptsSeen, type LoginAttempts, type LoginThrottleOptions } from "../../src/auth/login-throttle";
import type { SessionStore, StoredSession } from "../../src/auth/session-store";

/**
 * The cadre sign-in's stores in this process's memory, for tests of its logic and of an adapter
 * run without a database. The service keeps both in the database (src/auth/database-*.ts).
 */
export class MemorySessionStore implements SessionStore {
  private readonly rows = new Map<string, StoredSession>();
  private readonly handlers = new Set<(id: string) => void>();
  /** How many times a session's last sight was written: a busy session should not write per request. */
  touches = 0;

  add(session: StoredSession): Promise<void> {
    this.rows.set(session.id, { ...session });
    return Promise.resolve();
  }

  find(id: string): Promise<StoredSession | undefined> {
    const row = this.rows.get(id);
    return Promise.resolve(row && { ...row });
  }

  touch(id: string, at: number, idleExpiresAt: number): Promise<void> {
    const row = this.rows.get(id);
    this.touches += 1;
    if (row) Object.assign(row, { lastSeenAt: at, idleExpiresAt });
    return Promise.resolve();
  }

  end(id: string): Promise<void> {
    if (this.rows.delete(id)) for (const handler of [...this.handlers]) handler(id);
    return Promise.resolve();
  }

  deleteEnded(now: number): Promise<void> {
    for (const [id, row] of this.rows) if (row.idleExpiresAt <= now) this.rows.delete(id);
    return Promise.resolve();
  }

  onEnded(handler: (id: string) => void): Promise<() => void> {
    this.handlers.add(handler);
    return Promise.resolve(() => void this.handlers.delete(handler));
  }

  get size(): number {
    return this.rows.size;
  }
}

/** The login throttle's counts in memory, read the way the database's are. */
export class MemoryLoginAttempts implements LoginAttempts {
  /** account → address → failures and the latest. */
  private readonly failures = new Map<string, Map<string, { failures: number; lastAt: number }>>();
  private readonly trusted = new Map<string, Map<string, number>>();

  read(account: string, address: string, failuresSince: number, trustedSince: number): Promise<AttemptsSeen> {
    const fromAddress = { failures: 0, lastAt: 0 };
    const forAccount = { addresses: 0, lastAt: 0 };
    for (const [a, byAddress] of this.failures) {
      for (const [addr, f] of byAddress) {
        if (f.lastAt <= failuresSince) continue;
        if (addr === address && f.failures > 0) {
          fromAddress.failures += f.failures;
          fromAddress.lastAt = Math.max(fromAddress.lastAt, f.lastAt);
        }
        if (a === account) {
          forAccount.addresses += 1;
          forAccount.lastAt = Math.max(forAccount.lastAt, f.lastAt);
        }
      }
    }
    const trustedAt = this.trusted.get(account)?.get(address);
    return Promise.resolve({ fromAddress, forAccount, trusted: trustedAt !== undefined && trustedAt > trustedSince });
  }

  recordFailure(account: string, address: string, at: number, failuresSince: number): Promise<void> {
    const byAddress = this.failures.get(account) ?? new Map<string, { failures: number; lastAt: number }>();
    const f = byAddress.get(address);
    byAddress.set(address, { failures: f && f.lastAt > failuresSince ? f.failures + 1 : 1, lastAt: Math.max(f?.lastAt ?? 0, at) });
    this.failures.set(account, byAddress);
    return Promise.resolve();
  }

  recordSuccess(account: string, address: string, at: number): Promise<void> {
    for (const byAddress of this.failures.values()) {
      const f = byAddress.get(address);
      if (f) f.failures = 0;
    }
    const byAddress = this.trusted.get(account) ?? new Map<string, number>();
    byAddress.set(address, at);
    this.trusted.set(account, byAddress);
    return Promise.resolve();
  }

  forget(failuresBefore: number, trustedBefore: number): Promise<void> {
    for (const byAddress of this.failures.values()) for (const [addr, f] of byAddress) if (f.lastAt <= failuresBefore) byAddress.delete(addr);
    for (const byAddress of this.trusted.values()) for (const [addr, at] of byAddress) if (at <= trustedBefore) byAddress.delete(addr);
    return Promise.resolve();
  }
}

/** A CadreAuth on memory stores; `throttle` options go to its LoginThrottle (on the same clock). */
export function memoryCadreAuth(
  accounts: readonly CadreAccount[],
  options: Partial<Omit<CadreAuthOptions, "throttle">> & { throttle?: LoginThrottleOptions } = {},
): CadreAuth {
  const { throttle, ...rest } = options;
  const now = options.now ?? Date.now;
  return new CadreAuth(accounts, { sessions: new MemorySessionStore(), ...rest, throttle: new LoginThrottle(new MemoryLoginAttempts(), { now, ...throttle }) });
}
