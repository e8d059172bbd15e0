import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SiteCookies } from "../cookies";

/**
 * A web resident is known by a random secret in an HttpOnly cookie that the server sets
 * (POST /chat/session). The browser no longer invents an id and never puts one in a URL; page
 * scripts cannot read the cookie. The chat id the core stores ("r-" + a UUID) is derived from the
 * secret by a one-way hash, so the id in the database, the outbox or a log does not let anyone
 * into the chat: only the cookie does.
 */
export const RESIDENT_COOKIE = "mq_resident";

/** As long as browsers keep a cookie (Chrome caps at 400 days): the resident keeps their chat and history. */
const RESIDENT_COOKIE_SECONDS = 400 * 24 * 60 * 60;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The resident's chat id from their cookie; undefined without a valid one. */
export function residentChatOf(req: IncomingMessage, cookies: SiteCookies): string | undefined {
  const secret = cookies.get(req, RESIDENT_COOKIE);
  return secret !== undefined && SECRET.test(secret) ? chatIdOf(secret) : undefined;
}

/** The resident's chat: the one their cookie names, else a new identity set as the cookie on `res`. */
export function ensureResidentChat(req: IncomingMessage, res: ServerResponse, cookies: SiteCookies): { chat: string; created: boolean } {
  const known = residentChatOf(req, cookies);
  if (known !== undefined) return { chat: known, created: false };
  const secret = randomBytes(32).toString("base64url");
  cookies.set(res, RESIDENT_COOKIE, secret, { maxAgeSeconds: RESIDENT_COOKIE_SECONDS });
  return { chat: chatIdOf(secret), created: true };
}

/** "r-" + the first 128 bits of SHA-256 of the secret, spelled as a lower-case UUID (the shape the adapter checks). */
function chatIdOf(secret: string): string {
  const hex = createHash("sha256").update("minqing-resident:" + secret, "utf8").digest("hex");
  return `r-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
