import { types } from "wechaty";
import type { GeoLocation, InboundMessage } from "../../src/channels/port";
import { parseQuote } from "./quote";

/**
 * What the adapter learned about one WeChat message from another account (wechaty hands the
 * bot its own messages too; the adapter drops those first), gathered from wechaty with async
 * calls, so that the translation below stays pure and testable.
 */
export interface MessageFacts {
  id: string;
  type: types.Message;
  text: string;
  talker: { id: string; name: string; official: boolean };
  /** Set in a group. `chatId` is the group the room is bound to (as the deployment names it), else the room's id. */
  room?: { chatId: string; id: string; topic: string };
  /** The bot's names as people in this chat see it (name, group nickname): to recognise quotes of it and @-mentions. */
  selfNames: string[];
  /** A location's coordinates, when the puppet could read them. */
  location?: GeoLocation;
}

export type Translation = { kind: "event"; event: InboundMessage } | { kind: "ignore"; reason: string };

/** Kinds the core cannot use; it answers that it cannot read them. */
const UNSUPPORTED: ReadonlyMap<types.Message, string> = new Map([
  [types.Message.Attachment, "file"],
  [types.Message.Audio, "voice"],
  [types.Message.Contact, "contact card"],
  [types.Message.ChatHistory, "chat history"],
  [types.Message.Emoticon, "sticker"],
  [types.Message.MiniProgram, "mini program"],
  [types.Message.Transfer, "money transfer"],
  [types.Message.RedEnvelope, "red envelope"],
  [types.Message.Url, "link"],
  [types.Message.Video, "video"],
  [types.Message.Post, "post"],
  [types.Message.GroupNote, "group note"],
]);

/** Pure: a WeChat message → the core's inbound message, or why it is ignored. */
export function toInbound(f: MessageFacts): Translation {
  if (f.talker.official) return { kind: "ignore", reason: "official account" };

  const event: InboundMessage = {
    kind: "message",
    channel: "wechat",
    // WeChat does not redeliver, but a puppet may emit a message twice after a reconnect.
    deliveryId: f.id,
    messageId: f.id,
    chat: f.room ? { id: f.room.chatId, kind: "group", title: f.room.topic } : { id: f.talker.id, kind: "private" },
    sender: f.talker.name ? { id: f.talker.id, displayName: f.talker.name } : { id: f.talker.id },
  };

  switch (f.type) {
    case types.Message.Text:
      return withText(event, f);
    case types.Message.Image:
      return { kind: "event", event: { ...event, photos: [{ kind: "photo", fileId: f.id, channel: "wechat" }] } };
    case types.Message.Location:
      // wechat4u cannot read coordinates (web protocol): the core then says what it can read.
      return { kind: "event", event: f.location ? { ...event, location: f.location } : { ...event, unsupported: "location" } };
    default: {
      const unsupported = UNSUPPORTED.get(f.type);
      if (unsupported !== undefined) return { kind: "event", event: { ...event, unsupported } };
      // Recalled messages, system notices ("you added X"), and what the puppet could not classify.
      return { kind: "ignore", reason: `message type ${types.Message[f.type] ?? f.type}` };
    }
  }
}

/** What is known of a message that could not be read (its room or talker would not load). */
export interface UnreadableFacts {
  id: string;
  talkerId: string;
  room?: { chatId: string };
}

/**
 * Pure: a message that could not be read still reaches the core, recorded once on its id, as
 * content it cannot use: the sender hears that it could not be read (as for a voice message)
 * rather than nothing at all.
 */
export function unreadable(f: UnreadableFacts): InboundMessage {
  return {
    kind: "message",
    channel: "wechat",
    deliveryId: f.id,
    messageId: f.id,
    chat: f.room ? { id: f.room.chatId, kind: "group" } : { id: f.talkerId, kind: "private" },
    sender: { id: f.talkerId },
    unsupported: "unreadable",
  };
}

function withText(event: InboundMessage, f: MessageFacts): Translation {
  let text = f.text;
  const quote = parseQuote(text);
  if (quote !== null) {
    text = quote.reply;
    // Only a quote of the bot's own message can refer to a case card; a quote of a colleague is talk.
    if (f.selfNames.includes(quote.author)) event.quotedText = quote.quoted;
  }
  if (f.room) text = stripMention(text, f.selfNames);
  text = text.trim();
  if (text === "") return { kind: "ignore", reason: "empty text" };
  return { kind: "event", event: { ...event, text } };
}

/** "@民情通 /accept MQ-…" → "/accept MQ-…": people address the bot in a group; the core wants the command. */
export function stripMention(text: string, selfNames: readonly string[]): string {
  for (const name of selfNames) {
    if (name === "") continue;
    const mention = `@${name}`;
    if (text.startsWith(mention) && /^[\s\u2005]|^$/.test(text.slice(mention.length))) {
      return text.slice(mention.length).replace(/^[\s\u2005]+/, "");
    }
  }
  return text;
}
