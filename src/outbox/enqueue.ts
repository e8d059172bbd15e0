import type { ChannelName, OutboundMessage } from "../channels/port";
import * as outbox from "../db/repositories/outbox-repository";
import { afterCommit, databaseOf, type Tx } from "../db/tx";

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
const held = new WeakMap<Tx, Queued[]>();

/**
 * Queues a message in the caller's transaction, so it is sent if and only if the change that
 * caused it commits. The dispatcher sends it after the commit. Inside `withOutbox` the row is
 * written with the transaction's other messages, in order, when its work is done.
 */
export async function enqueue(tx: Tx, to: ChatRef, message: Omit<OutboundMessage, "chatId">, caseId: number | null, now: Date): Promise<void> {
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
export async function withOutbox<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
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
 * What sends a database's outbox in this process (the dispatcher, while it runs), told of the
 * messages a transaction queued as that transaction commits, so it sends them without claiming
 * them again.
 */
export interface CommitSender {
  /** How to claim rows as they are written, or null when it takes none now (stopping, no channel that can send). */
  insertClaim(): outbox.InsertClaim | null;
  /** Rows claimed for it by a transaction that has now committed, in id order, with the claim they were written with. Must not throw. */
  take(rows: outbox.ClaimedMessage[], claim: outbox.InsertClaim): void;
}

const senders = new WeakMap<object, CommitSender>();

/**
 * Makes `sender` the one that sends what transactions on this database (`tx`: the pool, or any
 * transaction on it) queue; returns what undoes it. One per database: a later one replaces it.
 */
export function sendOnCommit(tx: Tx, sender: CommitSender): () => void {
  const database = databaseOf(tx);
  senders.set(database, sender);
  return () => {
    if (senders.get(database) === sender) senders.delete(database);
  };
}

/**
 * Writes outbox rows, in the order given (their ids are the sending order of a chat), each
 * addressed to where its chat moved if it did (a Telegram group upgraded to a supergroup; up to
 * five moves are followed, as `currentChatId` does). Where this process sends the outbox and the
 * transaction can tell it of its commit, the rows of idle chats are written claimed for it, and
 * handed to it once the transaction has committed (see outbox.insertQueued for which, and why
 * order holds); the others wait for a claim, as every row did before.
 */
async function writeQueued(tx: Tx, queued: Queued[]): Promise<void> {
  const rows = queued.map((m) => ({ channel: m.to.channel, chatId: m.to.chatId, payload: m.message, caseId: m.caseId, at: m.now }));
  const sender = senders.get(databaseOf(tx));
  const claim = sender?.insertClaim() ?? null;
  let claimed: outbox.ClaimedMessage[] = [];
  const told = sender !== undefined && claim !== null && afterCommit(tx, () => {
      if (claimed.length > 0) sender.take(claimed, claim);
    });
  claimed = await outbox.insertQueued(tx, rows, told ? claim : undefined);
}

/** A configured group id may have moved (Telegram supergroup upgrade): follow the moves. */
export async function currentChatId(tx: Tx, chat: ChatRef): Promise<string> {
  let chatId = chat.chatId;
  for (let hops = 0; hops < 5; hops++) {
    const next = await outbox.movedTo(tx, chat.channel, chatId);
    if (next === null) break;
    chatId = next;
  }
  return chatId;
}

/** Records a move and points queued and sent messages at the new id, so replies to old cards still map. */
export async function recordChatMove(tx: Tx, channel: ChannelName, fromChatId: string, toChatId: string, now: Date): Promise<void> {
  await outbox.recordChatMove(tx, channel, fromChatId, toChatId, now);
}

/** The case a bot message in a chat was about, so a reply to it acts on that case. */
export async function caseIdOfSentMessage(tx: Tx, chat: ChatRef, messageId: string): Promise<number | null> {
  return outbox.caseIdOfSentMessage(tx, chat.channel, chat.chatId, messageId);
}
