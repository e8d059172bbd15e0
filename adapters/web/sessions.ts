import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { WebLogin } from "./types";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface CadreSession {
  account: string;
  name: string;
  chats: { id: string; title: string }[];
  /** The cadre's private chat with the bot. */
  privateChatId: string;
  expiresAt: number;
}

export function privateChatIdOf(account: string): string {
  return "c-" + account;
}

/** Cadre sign-ins: checks passwords and hands out random tokens that expire after 12 hours. */
export class SessionStore {
  private readonly logins = new Map<string, WebLogin>();
  /** Keyed by the token's hash, so the store never holds a usable token and lookups leak nothing. */
  private readonly sessions = new Map<string, CadreSession>();
  private readonly now: () => number;
  private readonly ttlMs: number;

  constructor(logins: readonly WebLogin[], options: { now?: () => number; ttlMs?: number } = {}) {
    for (const login of logins) this.logins.set(login.account, login);
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
  }

  /** A new session and its token, or undefined when account or password is wrong. */
  signIn(account: string, password: string): { token: string; session: CadreSession } | undefined {
    const login = this.logins.get(account);
    // Compare even for an unknown account, so the answer takes as long either way.
    const expected = sha256(login?.password ?? "\u0000no such account\u0000");
    const matches = timingSafeEqual(sha256(password), expected);
    if (!login || !matches) return undefined;
    this.dropExpired();
    const token = randomBytes(32).toString("base64url");
    const session: CadreSession = {
      account: login.account,
      name: login.name,
      chats: login.chats.map((c) => ({ id: c.id, title: c.title })),
      privateChatId: privateChatIdOf(login.account),
      expiresAt: this.now() + this.ttlMs,
    };
    this.sessions.set(tokenKey(token), session);
    return { token, session };
  }

  /** The live session of a token; an expired one is forgotten. */
  get(token: string | undefined): CadreSession | undefined {
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

  /** Whether any login may see `chatId`: used to refuse sends that no one could ever read. */
  /** The core writes to a person by their account id; on the web that is their private chat with the bot. */
  chatForAccount(chatId: string): string {
    return this.logins.has(chatId) ? privateChatIdOf(chatId) : chatId;
  }

  isKnownChat(chatId: string): boolean {
    for (const login of this.logins.values()) {
      if (privateChatIdOf(login.account) === chatId) return true;
      if (login.chats.some((c) => c.id === chatId)) return true;
    }
    return false;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) {
      if (session.expiresAt <= now) this.sessions.delete(key);
    }
  }
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function tokenKey(token: string): string {
  return sha256(token).toString("base64url");
}
