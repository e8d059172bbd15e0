import { z } from "zod";
import type { Tx } from "../tx";
import { col, execute, queryRows } from "./rows";

/**
 * login_links: one-time sign-in links, stored by the hash of their token (the token itself is
 * only in the message that carries it).
 */

/** Stores a new link. */
export async function insertLoginLink(tx: Tx, link: { tokenHash: string; cadreId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await execute(tx, `INSERT INTO login_links (token_hash, cadre_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)`, [
    link.tokenHash,
    link.cadreId,
    link.createdAt,
    link.expiresAt,
  ]);
}

/** Deletes the links that ended before `before`. */
export async function deleteLoginLinksEndedBefore(tx: Tx, before: Date): Promise<void> {
  await execute(tx, `DELETE FROM login_links WHERE expires_at < $1`, [before]);
}

/**
 * Marks the link used and returns its cadre, if it is unused and not expired at `now`; the
 * update is the check, so of two instances (or two taps) only one gets the cadre.
 */
export async function useLoginLink(tx: Tx, tokenHash: string, now: Date): Promise<string | null> {
  const rows = await queryRows(
    tx,
    `UPDATE login_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING cadre_id`,
    [tokenHash, now],
    z.object({ cadre_id: col.text }),
  );
  return rows[0]?.cadre_id ?? null;
}
