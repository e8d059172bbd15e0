import { createHash, randomBytes } from "node:crypto";
import type { LoginThrottle } from "./login-throttle";
import { PasswordGate } from "./password-gate";
import { dummyHashLike, isPasswordHash, plainPasswordMatches, verifyPassword } from "./passwords";
import type { SessionStore, StoredSession } from "./session-store";
import type { SessionPort } from "./session-port";

/** However active, a session ends this long after the sign-in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** A session nobody used for this long ends (MINQING_SESSION_IDLE_MINUTES): a browser left open on a shared desk. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/**
 * How stale a session's last sight may get before a request writes it again: a busy page costs one
 * write a minute, not one per request, and an idle expiry is at most this much early.
 */
const TOUCH_EVERY_MS = 60_000;

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
  /** The hash of the token: names the session between instances (the streams to end at its sign-out), and lets no one in. */
  id: string;
  cadreId: string;
  account: string;
  /** The absolute end (ms since the epoch); idleness may end it sooner. */
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
  /** Where sessions live (the database, shared by every instance). */
  sessions: SessionStore;
  /** Counts wrong passwords (in the database too). */
  throttle: LoginThrottle;
  now?: () => number;
  ttlMs?: number;
  idleMs?: number;
  gate?: PasswordGate;
  verify?: VerifyHash;
}

/**
 * The one sign-in for cadres, for every page of the workspace (src/http/sign-in): checks
 * passwords (slowing guessing per address and per account, a few checks at a time) and hands out
 * random tokens whose sessions end after `idleMs` unused or `ttlMs` in all. The sessions are in
 * a SessionStore, the database: every instance knows them, and a restart keeps them.
 */
export class CadreAuth implements SessionPort {
  private readonly accounts = new Map<string, CadreAccount>();
  private readonly sessions: SessionStore;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly idleMs: number;
  private readonly throttle: LoginThrottle;
  private readonly gate: PasswordGate;
  private readonly verify: VerifyHash;
  /** Of the same cost as the accounts' hashes; what an unknown account is checked against. */
  private readonly dummyHash: string;

  constructor(accounts: readonly CadreAccount[], options: CadreAuthOptions) {
    for (const account of accounts) this.accounts.set(account.account, account);
    this.sessions = options.sessions;
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
    this.idleMs = options.idleMs ?? SESSION_IDLE_MS;
    this.throttle = options.throttle;
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
    const retryAfterMs = await this.throttle.waitMs(account, address);
    if (retryAfterMs > 0) return { ok: false, reason: "throttled", retryAfterMs };
    const known = this.accounts.get(account);
    const stored = known?.password;
    const hashed = stored !== undefined && isPasswordHash(stored);
    const checked = await this.gate.run(address, () => this.verify(hashed ? stored : this.dummyHash, password));
    if (!checked) return { ok: false, reason: "busy", retryAfterMs: BUSY_RETRY_MS };
    const matches = stored !== undefined && (hashed ? checked.value : plainPasswordMatches(stored, password));
    if (!known || !matches) {
      await this.throttle.recordFailure(account, address);
      return { ok: false, reason: "wrong" };
    }
    await this.throttle.recordSuccess(account, address);
    return { ok: true, ...(await this.startSession(known)) };
  }

  /** A session for a cadre whose identity the bot vouched for with a one-time link; undefined for an unknown cadre. */
  async startSessionFor(cadreId: string): Promise<{ token: string; session: CadreSession } | undefined> {
    const known = [...this.accounts.values()].find((a) => a.cadreId === cadreId);
    return known ? this.startSession(known) : undefined;
  }

  private async startSession(known: CadreAccount): Promise<{ token: string; session: CadreSession }> {
    const now = this.now();
    // Sign-ins are rare: each clears away the sessions that ended meanwhile.
    await this.sessions.deleteEnded(now);
    const token = randomBytes(32).toString("base64url");
    const expiresAt = now + this.ttlMs;
    const stored: StoredSession = {
      id: tokenKey(token),
      cadreId: known.cadreId,
      account: known.account,
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: Math.min(now + this.idleMs, expiresAt),
      expiresAt,
    };
    await this.sessions.add(stored);
    return { token, session: publicView(stored) };
  }

  /**
   * The live session of a token, which counts as using it: one read, and a write at most once a
   * minute to keep it from going idle. An ended one is deleted (and its streams told).
   */
  async session(token: string | undefined): Promise<CadreSession | undefined> {
    if (token === undefined || token === "") return undefined;
    const id = tokenKey(token);
    const stored = await this.live(id);
    if (!stored) return undefined;
    const now = this.now();
    if (now - stored.lastSeenAt >= TOUCH_EVERY_MS) await this.sessions.touch(id, now, Math.min(now + this.idleMs, stored.expiresAt));
    return publicView(stored);
  }

  /** Whether the session is still on, without counting as its use: what an open event stream asks now and then. */
  async isLive(id: string): Promise<boolean> {
    return (await this.live(id)) !== undefined;
  }

  /** Ends the token's session on every instance. */
  async signOut(token: string | undefined): Promise<void> {
    if (token !== undefined && token !== "") await this.sessions.end(tokenKey(token));
  }

  /** Calls `handler` with the id of every session that ends by a sign-out, on any instance; resolves once listening. */
  onSessionEnded(handler: (id: string) => void): Promise<() => void> {
    return this.sessions.onEnded(handler);
  }

  private async live(id: string): Promise<StoredSession | undefined> {
    const stored = await this.sessions.find(id);
    if (!stored) return undefined;
    if (Math.min(stored.idleExpiresAt, stored.expiresAt) > this.now()) return stored;
    await this.sessions.end(id);
    return undefined;
  }
}

function publicView(stored: StoredSession): CadreSession {
  return { id: stored.id, cadreId: stored.cadreId, account: stored.account, expiresAt: stored.expiresAt };
}

export function sha256Base64url(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("base64url");
}

function tokenKey(token: string): string {
  return sha256Base64url(token);
}
