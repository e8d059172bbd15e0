import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-io";

/**
 * Requests that change something and are authenticated by a cookie must come from this site's
 * own pages: the browser's Origin header must name this host (as the request reached us) or
 * the public address. SameSite=Strict already keeps the cookie off other sites' requests; this
 * is the second lock, for older browsers and same-site subdomains. Browsers always send Origin
 * on a POST, so a missing one means a client that has no business using the cookie.
 */
export function requireSameOrigin(req: IncomingMessage, publicUrl: string | undefined): void {
  if (!isSameOrigin(req, publicUrl)) {
    throw new HttpError(403, "this request must come from this site's own page (its Origin header is missing or names another site)");
  }
}

export function isSameOrigin(req: IncomingMessage, publicUrl: string | undefined): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === "" || origin === "null") return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (publicUrl !== undefined && parsed.origin === safeOrigin(publicUrl)) return true;
  const host = req.headers.host;
  return host !== undefined && parsed.host === host.toLowerCase();
}

/** Whether the method changes state (everything but GET, HEAD and OPTIONS). */
export function changesState(req: IncomingMessage): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(req.method ?? "GET");
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
