import type { CallbackQuery, Message, Update } from "node-telegram-bot-api";
import type { Attachment, InboundEvent, InboundMessage } from "../../src/channels/port";

/** What one Telegram update means for the core. */
export type Translation =
  | { kind: "event"; event: InboundEvent; callbackQueryId?: string }
  | { kind: "ignore"; reason: string; callbackQueryId?: string };

export interface TranslateContext {
  /** The bot's own username (from getMe), if known: commands addressed to other bots are ignored. */
  botUsername?: string;
}

/**
 * Message kinds the core cannot use, in the order they are checked: an animation also
 * carries `document` (Telegram sends GIFs as both), so it must win over "document".
 */
const UNSUPPORTED_KINDS = [
  "sticker",
  "voice",
  "video_note",
  "video",
  "animation",
  "audio",
  "document",
  "contact",
  "poll",
  "dice",
  "game",
  "story",
  "checklist",
  "live_photo",
  "paid_media",
] as const satisfies readonly (keyof Message)[];

export function deliveryIdOf(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}

/** Pure: Telegram update -> inbound event, or why it is ignored. */
export function toInbound(update: Update, context: TranslateContext = {}): Translation {
  if ("message" in update) return fromMessage(update.message, context);
  if ("callback_query" in update) return fromCallback(update.callback_query);
  // edited_message, channel posts, ...: never requested (allowed_updates), ignored if they come anyway.
  return { kind: "ignore", reason: `update type ${Object.keys(update).find((k) => k !== "update_id") ?? "?"}` };
}

function fromMessage(message: Message, context: TranslateContext): Translation {
  const chatKind = chatKindOf(message.chat.type);
  if (chatKind === undefined) return { kind: "ignore", reason: `chat type ${message.chat.type}` };

  // Checked before the sender: a migration is a service message, and what matters is the new id.
  if (message.migrate_to_chat_id !== undefined) {
    return {
      kind: "event",
      event: {
        kind: "chat_moved",
        channel: "telegram",
        deliveryId: deliveryIdOf(message.chat.id, message.message_id),
        fromChatId: String(message.chat.id),
        toChatId: String(message.migrate_to_chat_id),
      },
    };
  }

  const from = message.from;
  // Anonymous group admins and channels post as bots too (GroupAnonymousBot, Channel_Bot):
  // without a real person behind the message there is nobody the core could answer.
  if (from === undefined || from.is_bot) return { kind: "ignore", reason: "sent by a bot" };

  const text = stripCommandTarget(message.text ?? message.caption, context.botUsername);
  if (text === null) return { kind: "ignore", reason: "command for another bot" };

  const photos = largestPhoto(message);
  const location = message.location
    ? { latitude: message.location.latitude, longitude: message.location.longitude }
    : undefined;
  const unsupported = UNSUPPORTED_KINDS.find((kind) => message[kind] !== undefined);

  if (text === undefined && photos === undefined && location === undefined && unsupported === undefined) {
    return { kind: "ignore", reason: "service message" };
  }

  const event: InboundMessage = {
    kind: "message",
    channel: "telegram",
    deliveryId: deliveryIdOf(message.chat.id, message.message_id),
    messageId: String(message.message_id),
    chat: chatOf(message, chatKind),
    sender: senderOf(from),
  };
  if (text !== undefined) event.text = text;
  if (photos !== undefined) event.photos = photos;
  if (message.media_group_id !== undefined) event.albumId = message.media_group_id;
  if (location !== undefined) event.location = location;
  if (unsupported !== undefined) event.unsupported = unsupported;
  const replyTo = replyToOf(message);
  if (replyTo !== undefined) event.replyToMessageId = String(replyTo);
  return { kind: "event", event };
}

function fromCallback(query: CallbackQuery): Translation {
  const callbackQueryId = query.id;
  // Inline-mode messages have no chat; the bot never sends them, so there is nothing to map.
  if (query.message === undefined) return { kind: "ignore", reason: "callback without message", callbackQueryId };
  if (query.data === undefined) return { kind: "ignore", reason: "callback without data", callbackQueryId };
  const chatKind = chatKindOf(query.message.chat.type);
  if (chatKind === undefined) return { kind: "ignore", reason: `chat type ${query.message.chat.type}`, callbackQueryId };
  if (query.from.is_bot) return { kind: "ignore", reason: "pressed by a bot", callbackQueryId };

  const messageId = String(query.message.message_id);
  return {
    kind: "event",
    callbackQueryId,
    event: {
      kind: "message",
      channel: "telegram",
      // The callback id is unique per press and stays the same when the update is redelivered.
      deliveryId: `cb:${query.id}`,
      messageId,
      chat: chatOf(query.message, chatKind),
      sender: senderOf(query.from),
      button: query.data,
      // The button sits on a bot message: the press answers that message.
      replyToMessageId: messageId,
    },
  };
}

function chatKindOf(type: string): "private" | "group" | undefined {
  if (type === "private") return "private";
  if (type === "group" || type === "supergroup") return "group";
  return undefined;
}

function chatOf(message: Pick<Message, "chat">, kind: "private" | "group"): InboundMessage["chat"] {
  const chat: InboundMessage["chat"] = { id: String(message.chat.id), kind };
  if (message.chat.title !== undefined) chat.title = message.chat.title;
  return chat;
}

function senderOf(from: NonNullable<Message["from"]>): InboundMessage["sender"] {
  const sender: InboundMessage["sender"] = { id: String(from.id) };
  const displayName = [from.first_name, from.last_name].filter((part) => part).join(" ");
  if (displayName !== "") sender.displayName = displayName;
  if (from.language_code !== undefined) sender.languageCode = from.language_code;
  return sender;
}

function largestPhoto(message: Message): Attachment[] | undefined {
  const sizes = message.photo;
  if (sizes === undefined || sizes.length === 0) return undefined;
  // Telegram lists sizes smallest first, but compare anyway: it is not documented as a guarantee.
  const largest = sizes.reduce((best, size) => (size.width * size.height > best.width * best.height ? size : best));
  return [{ kind: "photo", fileId: largest.file_id, channel: "telegram" }];
}

function replyToOf(message: Message): number | undefined {
  const replied = message.reply_to_message;
  if (replied === undefined) return undefined;
  // In forum supergroups every message in a topic "replies" to the topic's first message;
  // that is not a reply the person made.
  if (message.is_topic_message && replied.message_id === message.message_thread_id) return undefined;
  return replied.message_id;
}

/**
 * `/accept@MinqingBot 12` -> `/accept 12`, so the core sees one spelling of each command.
 * Returns null when the command names another bot (groups with several bots see each
 * other's commands when privacy mode is off).
 */
export function stripCommandTarget(text: string | undefined, botUsername: string | undefined): string | undefined | null {
  if (text === undefined) return undefined;
  const match = /^(\/\w+)@(\w+)(?=\s|$)/.exec(text);
  const command = match?.[1];
  const target = match?.[2];
  if (match === null || command === undefined || target === undefined) return text;
  if (botUsername !== undefined && target.toLowerCase() !== botUsername.toLowerCase()) return null;
  return command + text.slice(match[0].length);
}
