import type { EntityManager } from "typeorm";
import type { ChannelName, OutboundMessage } from "../channels/port";
import { ChatMove } from "../db/entities/chat-move";
import { OutboxMessage } from "../db/entities/outbox-message";

export interface ChatRef {
  channel: ChannelName;
  chatId: string;
}

/**
 * Queues a message in the caller's transaction, so it is sent if and only if the change that
 * caused it commits. The dispatcher sends it after the commit.
 */
export async function enqueue(tx: EntityManager, to: ChatRef, message: Omit<OutboundMessage, "chatId">, caseId: number | null, now: Date): Promise<void> {
  const chatId = await currentChatId(tx, to);
  await tx.insert(OutboxMessage, {
    channel: to.channel,
    chatId,
    payload: message,
    caseId,
    status: "pending",
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  });
}

/** A configured group id may have moved (Telegram supergroup upgrade): follow the moves. */
export async function currentChatId(tx: EntityManager, chat: ChatRef): Promise<string> {
  let chatId = chat.chatId;
  for (let hops = 0; hops < 5; hops++) {
    const move = await tx.findOneBy(ChatMove, { channel: chat.channel, fromChatId: chatId });
    if (!move) break;
    chatId = move.toChatId;
  }
  return chatId;
}

/** Records a move and points queued and sent messages at the new id, so replies to old cards still map. */
export async function recordChatMove(tx: EntityManager, channel: ChannelName, fromChatId: string, toChatId: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO chat_moves (channel, from_chat_id, to_chat_id, moved_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (channel, from_chat_id) DO UPDATE SET to_chat_id = EXCLUDED.to_chat_id, moved_at = EXCLUDED.moved_at`,
    [channel, fromChatId, toChatId, now],
  );
  await tx.query(`UPDATE outbox SET chat_id = $3 WHERE channel = $1 AND chat_id = $2`, [channel, fromChatId, toChatId]);
}

/** The case a bot message in a chat was about, so a reply to it acts on that case. */
export async function caseIdOfSentMessage(tx: EntityManager, chat: ChatRef, messageId: string): Promise<number | null> {
  const row = await tx.findOne(OutboxMessage, {
    select: { caseId: true },
    where: { channel: chat.channel, chatId: chat.chatId, messageId },
  });
  return row?.caseId ?? null;
}
