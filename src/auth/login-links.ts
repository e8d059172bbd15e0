import { randomBytes } from "node:crypto";
import type { EntityManager } from "typeorm";
import { LoginLink } from "../db/entities/login-link";
import { sha256Base64url } from "./cadre-auth";

/** Long enough to open a chat and tap; short enough that a forwarded message is soon useless. */
export const LOGIN_LINK_TTL_MS = 15 * 60 * 1000;

/** A new one-time token for `cadreId`, stored in the caller's transaction (with the message that carries it). */
export async function issueLoginLink(tx: EntityManager, cadreId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  // Links a day past their end are of no use even to an audit; the table stays small.
  await tx.query(`DELETE FROM login_links WHERE expires_at < $1`, [new Date(now.getTime() - 24 * 60 * 60 * 1000)]);
  await tx.insert(LoginLink, { tokenHash: sha256Base64url(token), cadreId, createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS), usedAt: null });
  return token;
}

/**
 * The cadre a link signs in, once: the update marks it used, so of two instances (or two taps)
 * only one gets the cadre. Null for an unknown, used or expired token.
 */
export async function redeemLoginLink(tx: EntityManager, token: string, now: Date): Promise<string | null> {
  const [rows] = (await tx.query(
    `UPDATE login_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING cadre_id`,
    [sha256Base64url(token), now],
  )) as [{ cadre_id: string }[], number];
  return rows[0]?.cadre_id ?? null;
}
