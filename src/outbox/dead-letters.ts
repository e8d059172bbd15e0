import type { EntityManager } from "typeorm";
import type { ChannelName, OutboundMessage } from "../channels/port";
import type { DeadReason } from "./dead-letter-policy";
import type { ChatRef } from "./enqueue";

/**
 * The outbox's dead letters: messages set aside because they could not be sent (see
 * dead-letter-policy.ts). Their chat's later messages go on without them; an operator sends one
 * again (back in the queue, counted afresh) or discards it. Rows are never deleted: what was not
 * delivered stays on record.
 */

export interface DeadLetter {
  id: number;
  channel: ChannelName;
  chatId: string;
  caseId: number | null;
  caseNumber: string | null;
  payload: Omit<OutboundMessage, "chatId">;
  attempts: number;
  failures: number;
  firstError: string | null;
  lastError: string | null;
  createdAt: Date;
  deadAt: Date;
  deadReason: DeadReason;
}

/** Sets a message aside, keeping the error; null if it was no longer pending (another instance decided). */
export async function setAside(tx: EntityManager, id: number, error: string, reason: DeadReason, counted: boolean, now: Date): Promise<ChatRef | null> {
  const [rows] = (await tx.query(
    `UPDATE outbox SET status = 'dead', dead_at = $3, dead_reason = $4, locked_until = NULL, last_error = $2,
       first_error = COALESCE(first_error, $2), failures = failures + $5
     WHERE id = $1 AND status = 'pending'
     RETURNING channel, chat_id`,
    [id, error, now, reason, counted ? 1 : 0],
  )) as [{ channel: ChannelName; chat_id: string }[], number];
  const row = rows[0];
  return row ? { channel: row.channel, chatId: row.chat_id } : null;
}

/** The dead letters, oldest first (at most `limit`), with their case's number. */
export async function listDeadLetters(manager: EntityManager, limit = 200): Promise<DeadLetter[]> {
  const rows: {
    id: number;
    channel: ChannelName;
    chat_id: string;
    case_id: number | null;
    number: string | null;
    payload: DeadLetter["payload"];
    attempts: number;
    failures: number;
    first_error: string | null;
    last_error: string | null;
    created_at: Date;
    dead_at: Date;
    dead_reason: DeadReason;
  }[] = await manager.query(
    `SELECT o.id, o.channel, o.chat_id, o.case_id, c.number, o.payload, o.attempts, o.failures, o.first_error, o.last_error,
            o.created_at, o.dead_at, o.dead_reason
     FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
     WHERE o.status = 'dead' ORDER BY o.id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    chatId: r.chat_id,
    caseId: r.case_id,
    caseNumber: r.number,
    payload: r.payload,
    attempts: r.attempts,
    failures: r.failures,
    firstError: r.first_error,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    deadAt: new Date(r.dead_at),
    deadReason: r.dead_reason,
  }));
}

/**
 * Puts a dead letter back in its chat's queue, due now, its tries counted afresh and its age
 * from now (so the age bound does not set it aside again at its first hiccup). Being older, it
 * goes before whatever its chat still has queued. Null if it is not a dead letter (any more).
 */
export async function sendAgain(tx: EntityManager, id: number, now: Date): Promise<{ channel: ChannelName; caseId: number | null } | null> {
  const [rows] = (await tx.query(
    `UPDATE outbox SET status = 'pending', attempts = 0, failures = 0, next_attempt_at = $2, locked_until = NULL,
       dead_at = NULL, dead_reason = NULL, retried_at = $2
     WHERE id = $1 AND status = 'dead'
     RETURNING channel, case_id`,
    [id, now],
  )) as [{ channel: ChannelName; case_id: number | null }[], number];
  const row = rows[0];
  return row ? { channel: row.channel, caseId: row.case_id } : null;
}

/** Gives a dead letter up for good (kept on record as discarded). False if it is not a dead letter. */
export async function discard(tx: EntityManager, id: number): Promise<boolean> {
  const [rows] = (await tx.query(`UPDATE outbox SET status = 'discarded' WHERE id = $1 AND status = 'dead' RETURNING id`, [id])) as [unknown[], number];
  return rows.length > 0;
}
