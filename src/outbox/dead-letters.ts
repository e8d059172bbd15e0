import type { ChannelName } from "../channels/port";
import * as outbox from "../db/repositories/outbox-repository";
import type { Tx } from "../db/tx";
import type { DeadReason } from "./dead-letter-policy";
import type { ChatRef } from "./enqueue";

/**
 * The outbox's dead letters: messages set aside because they could not be sent (see
 * dead-letter-policy.ts). Their chat's later messages go on without them; an operator sends one
 * again (back in the queue, counted afresh) or discards it. Rows are never deleted: what was not
 * delivered stays on record.
 */

export type { DeadLetter } from "../db/repositories/outbox-repository";

/** Sets a message aside, keeping the error; null if it was no longer pending (another instance decided). */
export async function setAside(tx: Tx, id: number, error: string, reason: DeadReason, counted: boolean, now: Date): Promise<ChatRef | null> {
  return outbox.setAside(tx, id, error, reason, counted, now);
}

/** The dead letters, oldest first (at most `limit`), with their case's number. */
export async function listDeadLetters(tx: Tx, limit = 200): Promise<outbox.DeadLetter[]> {
  return outbox.listDeadLetters(tx, limit);
}

/**
 * Puts a dead letter back in its chat's queue, due now, its tries counted afresh and its age
 * from now (so the age bound does not set it aside again at its first hiccup). Being older, it
 * goes before whatever its chat still has queued. Null if it is not a dead letter (any more).
 */
export async function sendAgain(tx: Tx, id: number, now: Date): Promise<{ channel: ChannelName; caseId: number | null } | null> {
  return outbox.sendAgain(tx, id, now);
}

/** Gives a dead letter up for good (kept on record as discarded). False if it is not a dead letter. */
export async function discard(tx: Tx, id: number): Promise<boolean> {
  return outbox.discard(tx, id);
}
