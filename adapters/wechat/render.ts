import { DeliveryError, type OutboundMessage } from "../../src/channels/port";
import { splitText } from "../../src/channels/split-text";

/**
 * Characters per message. Tencent publishes no limit for personal chats; reports put it near
 * 2000 characters, and official accounts are capped at 2048 bytes. A long case history is
 * split rather than risk a message that is cut or refused.
 */
export const TEXT_LIMIT = 2000;

/** One thing the bot says: the adapter says them in order, paced. */
export type WechatStep =
  | { kind: "text"; text: string; mentionIds: string[] }
  /** A resident's picture, by the id of the message that brought it. */
  | { kind: "image"; fileId: string };

/**
 * Pure: an outbound message → what to say. WeChat has no buttons (the core's text says what
 * to reply), no loud notification for an alarm (the card's text says 紧急), and a bot cannot
 * quote, so `buttons`, `alarm` and `replyToMessageId` are left out. A mention is the @name in
 * the text plus the account id, which the puppet turns into a real @ where the protocol can.
 * A picture from another channel is left out: its file id means nothing here.
 */
export function render(message: OutboundMessage, textLimit = TEXT_LIMIT): [WechatStep, ...WechatStep[]] {
  const mentions = (message.mentions ?? []).filter((m) => m.text !== "" && message.text.includes(m.text));
  const spans = mentions.map((m) => ({ offset: message.text.indexOf(m.text), length: m.text.length }));
  const steps: WechatStep[] = splitText(message.text, textLimit, textLimit, spans).map((piece) => ({
    kind: "text",
    text: piece.text,
    mentionIds: mentions.filter((m) => piece.text.includes(m.text)).map((m) => m.accountId),
  }));
  // The caption ("MQ-… 附图") first, then the picture it announces.
  if (message.photo?.channel === "wechat") steps.push({ kind: "image", fileId: message.photo.fileId });
  const [head, ...tail] = steps;
  if (head === undefined) throw new DeliveryError("nothing to send: empty text and no WeChat picture", { kind: "permanent" });
  return [head, ...tail];
}
