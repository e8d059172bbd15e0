import type { Attachment, Button, GeoLocation, Mention } from "../../src/channels/port";

/** A cadre who may use the web chat (signing in with the service's one cadre sign-in); comes from configuration. */
export interface WebLogin {
  /** The cadre's web account id; the core sees it as the sender id. */
  account: string;
  name: string;
  /** Group chats this cadre may read and post into (e.g. their department's web group). */
  chats: { id: string; title: string }[];
}

/** Who wrote a message, as the browser shows it. The resident's identity never reaches a group. */
export type WebSender =
  | { kind: "bot" }
  | { kind: "resident" }
  | { kind: "cadre"; account: string; name: string };

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

/** Why a photo was refused: the page says it politely, in its language. */
export type PhotoRefusal = "not_a_photo" | "too_large";

/**
 * Where the residents' photos are kept (the database's, src/web-chat/web-photos.ts, wired in
 * src/app.ts). The adapter checks who asks (the chat's cookie); the store checks what was sent.
 */
export interface ResidentPhotoStore {
  readonly maxBytes: number;
  save(chatId: string, bytes: Buffer): Promise<{ ok: true; id: string } | { ok: false; reason: PhotoRefusal }>;
  /** The photo, only if `chatId` sent it. */
  ofChat(chatId: string, id: string): Promise<{ contentType: string; bytes: Buffer; sha256: string } | undefined>;
}

/** The 我的诉求 list of the resident whose chat this is, in the page's language (src/web-chat/resident-cases.ts). */
export type ResidentCaseList = (chatId: string, languageCode: string | undefined) => Promise<readonly unknown[]>;
