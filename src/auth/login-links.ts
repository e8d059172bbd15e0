import { randomBytes } from "node:crypto";
import { deleteLoginLinksEndedBefore, insertLoginLink, useLoginLink } from "../db/repositories/login-link-repository";
import type { Tx } from "../db/tx";
import { sha256Base64url } from "./cadre-auth";

/** Long enough to open a chat and tap; short enough that a forwarded message is soon useless. */
export const LOGIN_LINK_TTL_MS = 15 * 60 * 1000;

/** A new one-time token for `cadreId`, stored in the caller's transaction (with the message that carries it). */
export async function issueLoginLink(tx: Tx, cadreId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  // Links a day past their end are of no use even to an audit; the table stays small.
  await deleteLoginLinksEndedBefore(tx, new Date(now.getTime() - 24 * 60 * 60 * 1000));
  await insertLoginLink(tx, { tokenHash: sha256Base64url(token), cadreId, createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS) });
  return token;
}

/**
 * The cadre a link signs in, once: the update marks it used, so of two instances (or two taps)
 * only one gets the cadre. Null for an unknown, used or expired token.
 */
export async function redeemLoginLink(tx: Tx, token: string, now: Date): Promise<string | null> {
  return useLoginLink(tx, sha256Base64url(token), now);
}
