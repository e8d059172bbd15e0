import type { WebChatMessage } from "../../src/web-chat/web-chat-transport";

export type { WebChatMessage };

/** What a caller provides; the mailbox adds the reply's preview, the store id, seq, chat and time. */
export type MessageDraft = Omit<WebChatMessage, "id" | "seq" | "chatId" | "at" | "replyPreview">;

/** What the store is given to keep. */
export type StoredDraft = MessageDraft & { replyPreview?: string };
