import type { Attachment, Button, GeoLocation, Mention } from "../../src/channels/port";
import type { WebSender } from "../../src/web-chat/web-chat-transport";

/** One message as kept in a chat's history and pushed to browsers. */
export interface WebChatMessage {
  /** Unique for good, over every instance and restart; the core maps replies with it. */
  id: string;
  /** The message's number over all chats; browsers resume with `after=<seq>`. */
  seq: number;
  chatId: string;
  /** ISO 8601 time the message was stored. */
  at: string;
  from: WebSender;
  text: string;
  buttons?: Button[][];
  mentions?: Mention[];
  replyToMessageId?: string;
  /** Start of the replied-to message, so a page can show the quote even if it never saw it. */
  replyPreview?: string;
  alarm?: boolean;
  /** A photo: the resident's own (web) photos load from /chat/photos/<fileId> with their cookie only. */
  photo?: Attachment;
  /** A place the resident shared. */
  location?: GeoLocation;
  /** Echoed so the sending page can match the message to the bubble it drew before the server answered. */
  clientMessageId?: string;
}

/** What a caller provides; the mailbox adds the reply's preview, the store id, seq, chat and time. */
export type MessageDraft = Omit<WebChatMessage, "id" | "seq" | "chatId" | "at" | "replyPreview">;

/** What the store is given to keep. */
export type StoredDraft = MessageDraft & { replyPreview?: string };
