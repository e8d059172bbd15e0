import type { CadreAuth, CadreSession as SignedIn, SignInResult } from "../../src/auth/cadre-auth";
import type { WebLogin } from "./types";

/** A signed-in cadre as the web chat sees them: their name, groups and private chat. */
export interface CadreSession {
  /** The sign-in's id (its token's hash), the same on every instance: what its event streams are tagged with. */
  id: string;
  account: string;
  name: string;
  chats: { id: string; title: string }[];
  /** The cadre's private chat with the bot. */
  privateChatId: string;
  expiresAt: number;
}

/** The shared sign-in's answer, with the session as the web chat sees it. */
export type WebSignIn = Exclude<SignInResult, { ok: true }> | { ok: true; token: string; session: CadreSession };

export function privateChatIdOf(account: string): string {
  return "c-" + account;
}

/**
 * The service's one cadre sign-in (shared with the dashboard), seen through the web logins:
 * a session counts here only if its account has a web login.
 */
export class WebSessions {
  private readonly logins = new Map<string, WebLogin>();

  constructor(
    private readonly auth: CadreAuth,
    logins: readonly WebLogin[],
  ) {
    for (const login of logins) this.logins.set(login.account, login);
  }

  async signIn(account: string, password: string, address: string): Promise<WebSignIn> {
    const result = await this.auth.signIn(account, password, address);
    if (!result.ok) return result;
    const session = this.view(result.session);
    if (session) return { ok: true, token: result.token, session };
    // A cadre with a password but no web account has no chats here (the dashboard is theirs).
    await this.auth.signOut(result.token);
    return { ok: false, reason: "wrong" };
  }

  /** The token's session (which counts as using it), if it has one here. */
  async get(token: string | undefined): Promise<CadreSession | undefined> {
    const signedIn = await this.auth.session(token);
    return signedIn ? this.view(signedIn) : undefined;
  }

  /** Whether the session is still on, without counting as its use (an open stream's heartbeat). */
  isLive(id: string): Promise<boolean> {
    return this.auth.isLive(id);
  }

  /** Ends the token's session on every instance (the dashboard's too: it is one sign-in). */
  signOut(token: string | undefined): Promise<void> {
    return this.auth.signOut(token);
  }

  /** Calls `handler` with the id of each session ended on any instance (here or on the dashboard); resolves once listening. */
  onEnded(handler: (id: string) => void): Promise<() => void> {
    return this.auth.onSessionEnded(handler);
  }

  /** The core writes to a person by their account id; on the web that is their private chat with the bot. */
  chatForAccount(chatId: string): string {
    return this.logins.has(chatId) ? privateChatIdOf(chatId) : chatId;
  }

  /** Whether any login may see `chatId`: used to refuse sends that no one could ever read. */
  isKnownChat(chatId: string): boolean {
    for (const login of this.logins.values()) {
      if (privateChatIdOf(login.account) === chatId) return true;
      if (login.chats.some((c) => c.id === chatId)) return true;
    }
    return false;
  }

  private view(signedIn: SignedIn): CadreSession | undefined {
    const login = this.logins.get(signedIn.account);
    if (!login) return undefined;
    return {
      id: signedIn.id,
      account: login.account,
      name: login.name,
      chats: login.chats.map((c) => ({ id: c.id, title: c.title })),
      privateChatId: privateChatIdOf(login.account),
      expiresAt: signedIn.expiresAt,
    };
  }
}
