import { privateChatIdOf } from "../../src/web-chat/chat-ids";
import type { WebLogin } from "../../src/web-chat/web-chat-transport";

/** The chats the web logins name: where the core may send, and to whom an account's messages go. */
export class WebLogins {
  private readonly byAccount = new Map<string, WebLogin>();

  constructor(logins: readonly WebLogin[]) {
    checkLogins(logins);
    for (const login of logins) this.byAccount.set(login.account, login);
  }

  /** The core writes to a person by their account id; on the web that is their private chat with the bot. */
  chatForAccount(chatId: string): string {
    return this.byAccount.has(chatId) ? privateChatIdOf(chatId) : chatId;
  }

  /** Whether any login may see `chatId`: used to refuse sends that no one could ever read. */
  isKnownChat(chatId: string): boolean {
    for (const login of this.byAccount.values()) {
      if (privateChatIdOf(login.account) === chatId) return true;
      if (login.chats.some((c) => c.id === chatId)) return true;
    }
    return false;
  }
}

/** Catches configuration mistakes that would otherwise show up as a cadre who cannot sign in or see a group. */
function checkLogins(logins: readonly WebLogin[]): void {
  const accounts = new Set<string>();
  logins.forEach((login, index) => {
    const where = `web login #${index + 1} (${login.account || "no account"})`;
    if (login.account.trim() === "" || login.account.length > 128) {
      throw new Error(`${where}: account must be 1 to 128 characters`);
    }
    if (accounts.has(login.account)) throw new Error(`${where}: account ${login.account} is listed twice`);
    accounts.add(login.account);
    for (const chat of login.chats) {
      // These prefixes name resident and private chats; a group spelled so would be mistaken for one.
      if (chat.id === "" || chat.id.startsWith("r-") || chat.id.startsWith("c-")) {
        throw new Error(`${where}: group chat id "${chat.id}" must be non-empty and not start with "r-" or "c-"`);
      }
    }
  });
}
