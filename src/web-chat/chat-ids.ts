import { createHash } from "node:crypto";

/**
 * The web chat's chat ids, which the HTTP interface, the adapter and the core all read:
 * a resident's chat is "r-" + a UUID (derived from their cookie's secret, src/http/resident-chat/
 * resident-identity.ts), a cadre's private chat with the bot is "c-" + their account, and a
 * group is any other id a web login lists.
 */

/** "r-" + a lower-case UUID: one spelling per resident, so one chat per resident. */
const RESIDENT_CHAT = /^r-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isResidentChatId(chatId: string): boolean {
  return RESIDENT_CHAT.test(chatId);
}

export function privateChatIdOf(account: string): string {
  return "c-" + account;
}

/**
 * What logs and delivery ids carry instead of a resident's chat id: a short hash that tells chats
 * apart and cannot be turned back into the id. Other chats' ids are not personal and stay as they are.
 */
export function chatTag(chatId: string): string {
  if (!chatId.startsWith("r-")) return chatId;
  return "r#" + createHash("sha256").update(chatId, "utf8").digest("base64url").slice(0, 16);
}
