import type { InboundMessage } from "../../src/channels/port";

let seq = 0;

/** A web-chat message as the web adapter would hand it to the core. */
export function webMessage(fields: {
  chatId: string;
  senderId?: string;
  group?: boolean;
  text?: string;
  button?: string;
  replyTo?: string;
  /** Quoted text with no message id, as WeChat's quote reply gives it. */
  quoted?: string;
  deliveryId?: string;
  /** File ids of photos sent with the message. */
  photos?: string[];
}): InboundMessage {
  seq += 1;
  return {
    kind: "message",
    channel: "web",
    deliveryId: fields.deliveryId ?? `test-${process.pid}-${seq}`,
    messageId: `in${seq}`,
    chat: { id: fields.chatId, kind: fields.group ? "group" : "private" },
    sender: { id: fields.senderId ?? fields.chatId },
    text: fields.text,
    button: fields.button,
    replyToMessageId: fields.replyTo,
    quotedText: fields.quoted,
    ...(fields.photos ? { photos: fields.photos.map((fileId) => ({ kind: "photo" as const, fileId, channel: "web" as const })) } : {}),
  };
}
