import { createHash, randomBytes } from "node:crypto";
import { LoginThrottle } from "./login-throttle";
import { verifyPassword } from "./passwords";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** How a cadre signs in, from the deployment file. */
export interface CadreAccount {
  /** What the cadre types as the account: their web account, or their id when they have none. */
  account: string;
  cadreId: string;
  /** A hash from `npm run hash-password`, or plain text; without one, only a one-time link signs them in. */
  password?: string;
}

export interface CadreSession {
  cadreId: string;
  account: string;
  expiresAt: number;
}

export type SignInResult =
  | { ok: true; token: string; session: CadreSession }
  | { ok: false; reason: "wrong" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

/**
 * The one sign-in for cadres, shared by the web chat's cadre page and the dashboard: checks
 * passwords (slowing guessing per account) and hands out random tokens that expire. Sessions live
 * in this process's memory, so a restart signs everyone out.
 */
export class CadreAuth {
  private readonly accounts = new Map<string, CadreAccount>();
  /** Keyed by the token's hash, so the store never holds a usable token and lookups leak nothing. */
  private readonly sessions = new Map<string, CadreSession>();
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly throttle: LoginThrottle;

  constructor(accounts: readonly CadreAccount[], options: { now?: () => number; ttlMs?: number; throttle?: LoginThrottle } = {}) {
    for (const account of accounts) this.accounts.set(account.account, account);
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
    this.throttle = options.throttle ?? new LoginThrottle({ now: this.now });
  }

  async signIn(account: string, password: string): Promise<SignInResult> {
    const retryAfterMs = this.throttle.waitMs(account);
    if (retryAfterMs > 0) return { ok: false, reason: "throttled", retryAfterMs };
    const known = this.accounts.get(account);
    const matches = await verifyPassword(known?.password, password);
    if (!known || !matches) {
      this.throttle.recordFailure(account);
      return { ok: false, reason: "wrong" };
    }
    this.throttle.recordSuccess(account);
    return { ok: true, ...this.startSession(known) };
  }

  /** A session for a cadre whose identity the bot vouched for with a one-time link; undefined for an unknown cadre. */
  startSessionFor(cadreId: string): { token: string; session: CadreSession } | undefined {
    const known = [...this.accounts.values()].find((a) => a.cadreId === cadreId);
    return known ? this.startSession(known) : undefined;
  }

  private startSession(known: CadreAccount): { token: string; session: CadreSession } {
    this.dropExpired();
    const token = randomBytes(32).toString("base64url");
    const session: CadreSession = { cadreId: known.cadreId, account: known.account, expiresAt: this.now() + this.ttlMs };
    this.sessions.set(tokenKey(token), session);
    return { token, session };
  }

  /** The live session of a token (the same object each time); an expired one is forgotten. */
  session(token: string | undefined): CadreSession | undefined {
    if (token === undefined || token === "") return undefined;
    const key = tokenKey(token);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  signOut(token: string | undefined): void {
    if (token !== undefined) this.sessions.delete(tokenKey(token));
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) {
      if (session.expiresAt <= now) this.sessions.delete(key);
    }
  }
}

export function sha256Base64url(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("base64url");
}

function tokenKey(token: string): string {
  return sha256Base64url(token);
}
