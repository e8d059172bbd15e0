import type { CadreAuth } from "../../auth/cadre-auth";
import { privateChatIdOf } from "../../web-chat/chat-ids";
import type { WebLogin } from "../../web-chat/web-chat-transport";

/** A signed-in cadre as the web chat sees them: their name, groups and private chat. */
export interface CadreChatSession {
  /** The sign-in's id (its token's hash), the same on every instance: what its event streams are tagged with. */
  id: string;
  account: string;
  name: string;
  chats: { id: string; title: string }[];
  /** The cadre's private chat with the bot. */
  privateChatId: string;
  expiresAt: number;
}

/**
 * The service's one cadre sign-in (src/http/sign-in) seen through the web logins: a signed-in
 * cadre has chats here only if their account has a web login.
 */
export class CadreChats {
  private readonly logins = new Map<string, WebLogin>();

  constructor(
    private readonly auth: Pick<CadreAuth, "session">,
    logins: readonly WebLogin[],
  ) {
    for (const login of logins) this.logins.set(login.account, login);
  }

  /**
   * The token's sign-in (which counts as using it): "none" without a live one, "no chats" for a
   * cadre whose account has no web login (the rest of the workspace is still theirs).
   */
  async of(token: string | undefined): Promise<CadreChatSession | "none" | "no chats"> {
    const signedIn = await this.auth.session(token);
    if (!signedIn) return "none";
    const login = this.logins.get(signedIn.account);
    if (!login) return "no chats";
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
