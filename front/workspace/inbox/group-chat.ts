/** The web chat's cadre API (src/http/cadre-chat/cadre-chat-routes.ts): the cadre's groups, their messages, posting. */
export interface ChatSession {
  account: string;
  name: string;
  chats: { id: string; title: string }[];
  privateChatId: string;
}

/** A message of the feed, as the server defines it (src/web-chat/web-chat-transport.ts). */
export type { Button as ChatButton } from "../../../src/channels/port";
export type { WebChatMessage as ChatMessage } from "../../../src/web-chat/web-chat-transport";

/** A v4 UUID; crypto.randomUUID exists only on https and localhost, not on a LAN address. */
export function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The start of a message, for the reply bar and quotes. */
export function preview(text: string, chars = 60): string {
  const all = [...text];
  return all.length > chars ? `${all.slice(0, chars).join("")}…` : text;
}

/** Where the group chat loads the web resident's photo on a message: only for a reader of that chat (src/http/cadre-chat). */
export function messagePhotoUrl(message: { id: string; chatId: string; photo?: { channel: string } }): string | null {
  if (message.photo?.channel !== "web") return null;
  return `/cadre/photo?chat=${encodeURIComponent(message.chatId)}&message=${encodeURIComponent(message.id)}`;
}
