import type {
  InlineKeyboardMarkup,
  MessageEntity,
  ReplyParameters,
  SendDocumentParams,
  SendMessageParams,
  SendPhotoParams,
} from "node-telegram-bot-api";
import { InputFile } from "node-telegram-bot-api";
import { DeliveryError, type Button, type Mention, type OutboundMessage } from "../../src/channels/port";
import { splitText, type Piece, type Span } from "../../src/channels/split-text";

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** Telegram refuses callback_data above 64 bytes (BUTTON_DATA_INVALID). */
export const CALLBACK_DATA_LIMIT_BYTES = 64;

/** One Bot API call; the adapter makes them in order. */
export type TelegramCall =
  | { method: "sendMessage"; params: SendMessageParams }
  | { method: "sendPhoto"; params: SendPhotoParams }
  | { method: "sendDocument"; params: SendDocumentParams };

/** A document's file as it is uploaded (see `OutboundMessage.document`). */
export interface DocumentFile {
  bytes: Uint8Array;
  fileName: string;
}

/**
 * Pure: an outbound message -> the Bot API calls that send it. Text is always plain
 * (no parse_mode), so nothing a resident typed is read as markup. A long text becomes
 * several messages; the first one carries the reply, the buttons and the photo or document,
 * because the first message's id is the one the core records for the whole message. A document
 * carries the text as its caption, so a message up to 1024 characters is one call: the outbox's
 * retry of a failed one never repeats a text already sent, and the text stays with its file.
 * Throws a permanent DeliveryError for a message Telegram would refuse anyway.
 */
export function render(message: OutboundMessage, document?: DocumentFile): [TelegramCall, ...TelegramCall[]] {
  const photo = message.photo?.channel === "telegram" ? message.photo.fileId : undefined;
  const media = photo !== undefined || document !== undefined;
  const entities = mentionEntities(message.text, message.mentions ?? []);
  const pieces = splitText(message.text, media ? CAPTION_LIMIT : TEXT_LIMIT, TEXT_LIMIT, entities);

  const common: { chat_id: string; disable_notification?: boolean } = { chat_id: message.chatId };
  // false is Telegram's default; it is spelled out so an alarm stays loud whatever defaults change.
  if (message.alarm === true) common.disable_notification = false;

  const first: { reply_parameters?: ReplyParameters; reply_markup?: InlineKeyboardMarkup } = {};
  const replyTo = Number(message.replyToMessageId);
  if (message.replyToMessageId !== undefined && Number.isSafeInteger(replyTo)) {
    // The card replied to may have been deleted; the message itself still matters more.
    first.reply_parameters = { message_id: replyTo, allow_sending_without_reply: true };
  }
  const keyboard = inlineKeyboard(message.buttons ?? []);
  if (keyboard !== undefined) first.reply_markup = keyboard;

  const calls: TelegramCall[] = [];
  const textPieces = [...pieces];
  if (media) {
    const piece = textPieces.shift();
    const caption: { caption?: string; caption_entities?: MessageEntity[] } = {};
    if (piece !== undefined) {
      caption.caption = piece.text;
      const captionEntities = entitiesIn(piece, entities);
      if (captionEntities.length > 0) caption.caption_entities = captionEntities;
    }
    if (photo !== undefined) calls.push({ method: "sendPhoto", params: { ...common, ...first, ...caption, photo } });
    else if (document !== undefined) {
      const file = new InputFile(document.bytes, { filename: document.fileName, contentType: "application/pdf" });
      calls.push({ method: "sendDocument", params: { ...common, ...first, ...caption, document: file } });
    }
  }
  for (const piece of textPieces) {
    const params: SendMessageParams = { ...common, ...(calls.length === 0 ? first : {}), text: piece.text };
    const pieceEntities = entitiesIn(piece, entities);
    if (pieceEntities.length > 0) params.entities = pieceEntities;
    calls.push({ method: "sendMessage", params });
  }
  const [head, ...tail] = calls;
  if (head === undefined) throw new DeliveryError("nothing to send: empty text and no Telegram photo", { kind: "permanent" });
  return [head, ...tail];
}

/**
 * A `text_mention` per mention, at the first occurrence of its text not already taken by
 * another mention. A text_mention (not "@username") works for people without a username,
 * which is most of them. Mentions whose text is missing or whose account id is not a
 * Telegram user id are left as plain text.
 */
export function mentionEntities(text: string, mentions: readonly Mention[]): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const taken: Span[] = [];
  for (const mention of mentions) {
    const userId = Number(mention.accountId);
    if (mention.text === "" || !Number.isSafeInteger(userId) || userId <= 0) continue;
    const length = mention.text.length;
    let offset = text.indexOf(mention.text);
    while (offset !== -1 && taken.some((span) => offset < span.offset + span.length && span.offset < offset + length)) {
      offset = text.indexOf(mention.text, offset + 1);
    }
    if (offset === -1) continue;
    taken.push({ offset, length });
    const firstName = mention.text.replace(/^@/, "") || mention.accountId;
    entities.push({ type: "text_mention", offset, length, user: { id: userId, is_bot: false, first_name: firstName } });
  }
  return entities.sort((a, b) => a.offset - b.offset);
}

/** Entities that start inside the piece, rebased to it and clipped to its end. */
function entitiesIn(piece: Piece, entities: readonly MessageEntity[]): MessageEntity[] {
  const end = piece.start + piece.text.length;
  return entities
    .filter((entity) => entity.offset >= piece.start && entity.offset < end)
    .map((entity) => ({
      ...entity,
      offset: entity.offset - piece.start,
      length: Math.min(entity.length, end - entity.offset),
    }));
}

function inlineKeyboard(rows: readonly (readonly Button[])[]): InlineKeyboardMarkup | undefined {
  const keyboard = rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((button) => {
        if (Buffer.byteLength(button.data, "utf8") > CALLBACK_DATA_LIMIT_BYTES || button.data === "") {
          throw new DeliveryError(`button data must be 1-${CALLBACK_DATA_LIMIT_BYTES} bytes: ${JSON.stringify(button.data)}`, {
            kind: "permanent",
          });
        }
        return { text: button.label, callback_data: button.data };
      }),
    );
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}
