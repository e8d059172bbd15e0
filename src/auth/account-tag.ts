import { createHmac, randomBytes } from "node:crypto";

let key: Buffer | undefined;

/**
 * What a log line says about a typed account name: a short keyed hash. Someone who typed their
 * password into the account field (it happens) does not find it in the logs, and a guessed name
 * is not published; the same name gives the same tag while the process runs, so repeated tries
 * of one name still show as such. The key is random per process and never leaves it.
 */
export function accountTag(typed: string): string {
  key ??= randomBytes(32);
  return "acct:" + createHmac("sha256", key).update(typed, "utf8").digest("base64url").slice(0, 10);
}
