import { createHash, randomBytes } from "node:crypto";
import { LoginThrottle } from "./login-throttle";
import { PasswordGate } from "./password-gate";
import { dummyHashLike, isPasswordHash, plainPasswordMatches, verifyPassword } from "./passwords";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A sign-in that found no free place to check the password is told to come back after this. */
const BUSY_RETRY_MS = 2000;

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
  /** Too many wrong passwords from this address (or for this account from new addresses). */
  | { ok: false; reason: "throttled"; retryAfterMs: number }
  /** Too many password checks at once; nothing was checked. */
  | { ok: false; reason: "busy"; retryAfterMs: number };

/** Checks a password against a scrypt hash: the service's verifyPassword, or a test's counter. */
export type VerifyHash = (hash: string, given: string) => Promise<boolean>;

export interface CadreAuthOptions {
  now?: () => number;
  ttlMs?: number;
  throttle?: LoginThrottle;
  gate?: PasswordGate;
  verify?: VerifyHash;
}

/**
 * The one sign-in for cadres, shared by the web chat's cadre page and the dashboard: checks
 * passwords (slowing guessing per address and per account, a few checks at a time) and hands out
 * random tokens that expire. Sessions live in this process's memory, so a restart signs everyone out.
 */
export class CadreAuth {
  private readonly accounts = new Map<string, CadreAccount>();
  /** Keyed by the token's hash, so the store never holds a usable token and lookups leak nothing. */
  private readonly sessions = new Map<string, CadreSession>();
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly throttle: LoginThrottle;
  private readonly gate: PasswordGate;
  private readonly verify: VerifyHash;
  /** Of the same cost as the accounts' hashes; what an unknown account is checked against. */
  private readonly dummyHash: string;

  constructor(accounts: readonly CadreAccount[], options: CadreAuthOptions = {}) {
    for (const account of accounts) this.accounts.set(account.account, account);
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
    this.throttle = options.throttle ?? new LoginThrottle({ now: this.now });
    this.gate = options.gate ?? new PasswordGate();
    this.verify = options.verify ?? verifyPassword;
    this.dummyHash = dummyHashLike(accounts.map((a) => a.password));
  }

  /**
   * `address`: the client's address (RequestInfo.clientAddress). Every attempt that gets past the
   * throttle runs exactly one scrypt check of the same cost: against the account's hash, or, for
   * an unknown account or one with a plain-text or no password, against the dummy. So the answer
   * takes as long for an account that exists as for one that does not.
   */
  async signIn(account: string, password: string, address: string): Promise<SignInResult> {
    const retryAfterMs = this.throttle.waitMs(account, address);
    if (retryAfterMs > 0) return { ok: false, reason: "throttled", retryAfterMs };
    const known = this.accounts.get(account);
    const stored = known?.password;
    const hashed = stored !== undefined && isPasswordHash(stored);
    const checked = await this.gate.run(address, () => this.verify(hashed ? stored : this.dummyHash, password));
    if (!checked) return { ok: false, reason: "busy", retryAfterMs: BUSY_RETRY_MS };
    const matches = stored !== undefined && (hashed ? checked.value : plainPasswordMatches(stored, password));
    if (!known || !matches) {
      this.throttle.recordFailure(account, address);
      return { ok: false, reason: "wrong" };
    }
    this.throttle.recordSuccess(account, address);
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
