import { z } from "zod";
import type { Queryable } from "../tx";
import { col, execute, queryRows } from "./rows";

/**
 * cadre_sessions: cadres' signed-in sessions, by the hash of their token (the token itself is
 * only in the browser's cookie or the API client).
 */

export interface SessionRow {
  tokenHash: string;
  cadreId: string;
  account: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  expiresAt: Date;
}

const sessionRow = z.object({
  token_hash: col.text,
  cadre_id: col.text,
  account: col.text,
  created_at: col.date,
  last_seen_at: col.date,
  idle_expires_at: col.date,
  expires_at: col.date,
});

export async function insertSession(q: Queryable, s: SessionRow): Promise<void> {
  await execute(
    q,
    `INSERT INTO cadre_sessions (token_hash, cadre_id, account, created_at, last_seen_at, idle_expires_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [s.tokenHash, s.cadreId, s.account, s.createdAt, s.lastSeenAt, s.idleExpiresAt, s.expiresAt],
  );
}

/** The session stored under `tokenHash`, expired or not (the caller judges by its clock). */
export async function findSession(q: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await queryRows(
    q,
    `SELECT token_hash, cadre_id, account, created_at, last_seen_at, idle_expires_at, expires_at FROM cadre_sessions WHERE token_hash = $1`,
    [tokenHash],
    sessionRow,
  );
  return row && { tokenHash: row.token_hash, cadreId: row.cadre_id, account: row.account, createdAt: row.created_at, lastSeenAt: row.last_seen_at, idleExpiresAt: row.idle_expires_at, expiresAt: row.expires_at };
}

/** Moves the session's last sight and idle expiry forward (never back: another instance may have moved them further). */
export async function touchSession(q: Queryable, tokenHash: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
  await execute(
    q,
    `UPDATE cadre_sessions SET last_seen_at = GREATEST(last_seen_at, $2), idle_expires_at = GREATEST(idle_expires_at, $3) WHERE token_hash = $1`,
    [tokenHash, lastSeenAt, idleExpiresAt],
  );
}

/** Deletes the session; true if there was one. */
export async function deleteSession(q: Queryable, tokenHash: string): Promise<boolean> {
  const rows = await queryRows(q, `DELETE FROM cadre_sessions WHERE token_hash = $1 RETURNING token_hash`, [tokenHash], z.object({ token_hash: col.text }));
  return rows.length > 0;
}

/** Deletes the sessions over by `now`: the idle expiry is never later than the absolute one, so it alone says so. */
export async function deleteSessionsEndedBy(q: Queryable, now: Date): Promise<void> {
  await execute(q, `DELETE FROM cadre_sessions WHERE idle_expires_at <= $1`, [now]);
}
