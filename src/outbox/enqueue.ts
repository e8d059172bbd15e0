import type { EntityManager } from "typeorm";
import type { ChannelName, OutboundMessage } from "../channels/port";
import { ChatMove } from "../db/entities/chat-move";
import { OutboxMessage } from "../db/entities/outbox-message";

export interface ChatRef {
  channel: ChannelName;
  chatId: string;
}

interface Queued {
  to: ChatRef;
  message: Omit<OutboundMessage, "chatId">;
  caseId: number | null;
  now: Date;
}

/** Messages a transaction has queued and not yet written, for transactions run through `withOutbox`. */
const held = new WeakMap<EntityManager, Queued[]>();

/**
 * Queues a message in the caller's transaction, so it is sent if and only if the change that
 * caused it commits. The dispatcher sends it after the commit. Inside `withOutbox` the row is
 * written with the transaction's other messages, in order, when its work is done.
 */
export async function enqueue(tx: EntityManager, to: ChatRef, message: Omit<OutboundMessage, "chatId">, caseId: number | null, now: Date): Promise<void> {
  const queued: Queued = { to, message, caseId, now };
  const holding = held.get(tx);
  if (holding) holding.push(queued);
  else await writeQueued(tx, [queued]);
}

/**
 * Runs `work` in the transaction `tx`, holding the messages it queues and writing them in one
 * statement at the end, still inside the transaction: a filing queues three or four messages,
 * a reminder sweep hundreds, and each row written alone is a round trip to the database.
 */
export async function withOutbox<T>(tx: EntityManager, work: () => Promise<T>): Promise<T> {
  const holding: Queued[] = [];
  held.set(tx, holding);
  try {
    const result = await work();
    held.delete(tx);
    if (holding.length > 0) await writeQueued(tx, holding);
    return result;
  } finally {
    held.delete(tx);
  }
}

/**
 * Writes outbox rows, in the order given (their ids are the sending order of a chat), each
 * addressed to where its chat moved if it did (a Telegram group upgraded to a supergroup; up to
 * five moves are followed, as `currentChatId` does).
 */
async function writeQueued(tx: EntityManager, queued: Queued[]): Promise<void> {
  await tx.query(
    `WITH RECURSIVE q AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int[], $5::timestamptz[]) WITH ORDINALITY
         AS u(channel, chat_id, payload, case_id, at, ord)
     ), hop(ord, chat_id, n) AS (
       SELECT ord, chat_id, 0 FROM q
       UNION ALL
       SELECT hop.ord, m.to_chat_id, hop.n + 1 FROM hop JOIN q ON q.ord = hop.ord
         JOIN chat_moves m ON m.channel = q.channel AND m.from_chat_id = hop.chat_id
       WHERE hop.n < 5
     )
     INSERT INTO outbox (channel, chat_id, payload, case_id, status, attempts, next_attempt_at, created_at)
     SELECT q.channel, (SELECT h.chat_id FROM hop h WHERE h.ord = q.ord ORDER BY h.n DESC LIMIT 1), q.payload, q.case_id, 'pending', 0, q.at, q.at
     FROM q ORDER BY q.ord`,
    [
      queued.map((m) => m.to.channel),
      queued.map((m) => m.to.chatId),
      queued.map((m) => JSON.stringify(m.message)),
      queued.map((m) => m.caseId),
      queued.map((m) => m.now),
    ],
  );
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
