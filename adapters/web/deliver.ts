import type { Attachment, InboundMessage, InboundSink } from "../../src/channels/port";
import type { Logger } from "../../src/log";
import { chatTag } from "../../src/web-chat/chat-ids";
import type { PostedMessage, PostOutcome } from "../../src/web-chat/web-chat-transport";
import type { Mailbox } from "./mailbox";

export interface DeliverDeps {
  mailbox: Mailbox;
  /** Undefined until the core has started the adapter. */
  sink: InboundSink | undefined;
  logger: Logger;
}

/**
 * Puts a browser's message into the chat history and hands it to the core. The history gets it
 * first so the core's answer, which may be sent before the sink resolves, comes after it; a retry
 * (same delivery id, on any instance) keeps the message's place and id.
 */
export async function deliver(deps: DeliverDeps, posted: PostedMessage): Promise<PostOutcome> {
  const { sink } = deps;
  if (!sink) return { status: 503, body: { error: "the chat service is starting; try again in a moment", retry: true } };

  const { post, chat } = posted;
  // The route checked that this chat sent the photo (src/http/resident-chat/resident-chat-routes.ts).
  const photo: Attachment | undefined = post.photo === undefined ? undefined : { kind: "photo", fileId: post.photo, channel: "web" };
  let messageId: string;
  try {
    const label = post.button === undefined ? undefined : await deps.mailbox.buttonLabel(chat.id, post.button, post.replyTo);
    ({ id: messageId } = await deps.mailbox.append(
      chat.id,
      {
        from: posted.from,
        text: post.text ?? label ?? post.button ?? "",
        replyToMessageId: post.replyTo,
        clientMessageId: post.clientMessageId,
        ...(photo ? { photo } : {}),
        ...(post.location ? { location: post.location } : {}),
      },
      posted.deliveryId,
    ));
  } catch (error) {
    return unrecorded(deps, chat.id, undefined, error);
  }

  const inbound: InboundMessage = {
    kind: "message",
    channel: "web",
    deliveryId: posted.deliveryId,
    messageId,
    chat,
    sender: posted.sender,
  };
  if (post.text !== undefined) inbound.text = post.text;
  if (post.button !== undefined) inbound.button = post.button;
  if (post.replyTo !== undefined) inbound.replyToMessageId = post.replyTo;
  if (photo) inbound.photos = [photo];
  if (post.location) inbound.location = post.location;

  try {
    await sink(inbound);
    return { status: 202, body: { messageId } };
  } catch (error) {
    return unrecorded(deps, chat.id, messageId, error);
  }
}

/** The history or the core could not take the message: the page sends it again, with the same clientMessageId. */
function unrecorded(deps: DeliverDeps, chatId: string, messageId: string | undefined, error: unknown): PostOutcome {
  deps.logger.warn("web chat: a message could not be recorded; the browser will retry", {
    chat: chatTag(chatId),
    ...(messageId === undefined ? {} : { messageId }),
    error: error instanceof Error ? error.message : String(error),
  });
  return { status: 503, body: { error: "the message could not be recorded; it will be sent again", retry: true } };
}
