import type { ServerResponse } from "node:http";
import type { Attachment, Button, GeoLocation, InboundMessage, Mention } from "../channels/port";

/**
 * The port between the HTTP interface (src/http/resident-chat, src/http/cadre-chat: who may use
 * which chat, what a request may carry) and the web chat channel (adapters/web: the history, the
 * live feeds, the hand-over to the core). The adapter implements it.
 */
export interface WebChatTransport {
  /** Puts a browser's message into its chat and hands it to the core. */
  post(message: PostedMessage): Promise<PostOutcome>;
  /**
   * Streams the history of `chatIds` after `after`, then every new message, to `res` (Server-Sent
   * Events). A stream opened for a cadre's `session` ends when that session ends on any instance.
   */
  openFeed(res: ServerResponse, chatIds: readonly string[], after: number, session?: string): void;
  /**
   * The id of the web resident's photo that a message of the chat carries (a case's photo the bot
   * showed a group), if it has one: whoever may read the chat may see it.
   */
  webPhotoOf(chatId: string, messageId: string): Promise<string | undefined>;
}

/** A cadre who may use the web chat (signing in with the service's one cadre sign-in); comes from configuration. */
export interface WebLogin {
  /** The cadre's web account id; the core sees it as the sender id. */
  account: string;
  name: string;
  /** Group chats this cadre may read and post into (e.g. their department's web group). */
  chats: { id: string; title: string }[];
}

/** Who wrote a message, as the browser shows it. The resident's identity never reaches a group. */
export type WebSender = { kind: "bot" } | { kind: "resident" } | { kind: "cadre"; account: string; name: string };

/**
 * A message a browser posts, checked for shape (src/http/chat-message-post.ts); who may post into
 * `chat` is the route's business. Cadres name the chat; a resident's chat comes from their cookie.
 */
export interface MessagePost {
  chat?: string;
  clientMessageId: string;
  text?: string;
  button?: string;
  replyTo?: string;
  /** A photo this chat uploaded first (POST /chat/photos gave its id). */
  photo?: string;
  /** A place the resident chose to share. */
  location?: { latitude: number; longitude: number };
}

/** One message as kept in a chat's history and pushed to browsers (the pages read this type: front/resident, front/workspace's 群聊). */
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

export interface PostedMessage {
  post: MessagePost;
  chat: InboundMessage["chat"];
  sender: InboundMessage["sender"];
  from: WebSender;
  /** Stable across the browser's retries of one message, so the core records it once. */
  deliveryId: string;
}

export type PostOutcome = { status: 202; body: { messageId: string } } | { status: 503; body: { error: string; retry: true } };
