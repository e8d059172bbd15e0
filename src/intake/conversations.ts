import * as repository from "../db/repositories/conversation-repository";
import type { ConversationRecord, ConversationToSave, SavedConversation } from "../db/repositories/conversation-repository";
import type { Tx } from "../db/tx";

/** Dialogues a batch's transaction has saved and not yet written (residents' messages handled together). */
const held = new WeakMap<Tx, Map<number, ConversationToSave>>();

/** The resident's dialogue as last saved: in this transaction's held saves first, then in the table. */
export async function findConversation(tx: Tx, residentId: number): Promise<SavedConversation | null> {
  const mine = held.get(tx)?.get(residentId);
  if (mine) return { step: mine.step, draft: mine.draft, updatedAt: mine.at };
  return repository.findConversation(tx, residentId);
}

/** Saves the resident's dialogue; inside `withHeldConversations` the row is written with the others when the work is done. */
export async function saveConversation(tx: Tx, residentId: number, conversation: ConversationRecord, now: Date): Promise<void> {
  const holding = held.get(tx);
  // Saved twice (filed, then the step after filing): only the last one is written, as the second upsert would leave it.
  if (holding) holding.set(residentId, { residentId, step: conversation.step, draft: conversation.draft, at: now });
  else await repository.saveConversation(tx, residentId, conversation, now);
}

/**
 * Runs `work` in the transaction `tx`, holding the dialogues it saves and writing them in one
 * statement at the end, still inside the transaction: a batch of residents' messages saves one
 * or two per message, and each written alone is a round trip.
 */
export async function withHeldConversations<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const holding = new Map<number, ConversationToSave>();
  held.set(tx, holding);
  try {
    const result = await work();
    held.delete(tx);
    await repository.saveConversations(tx, [...holding.values()]);
    return result;
  } finally {
    held.delete(tx);
  }
}
