import type { IncomingMessage, ServerResponse } from "node:http";
import type { SiteCookies } from "../cookies";
import { bearerToken } from "../http-io";
import { changesState, requireSameOrigin } from "../same-origin";
import { SESSION_TTL_MS } from "../../auth/cadre-auth";

/**
 * How a browser carries a cadre's session: an HttpOnly, SameSite=Strict cookie, one for the web
 * chat's group chats and the rest of the workspace alike (one sign-in serves every page).
 *
 * Why a cookie and not a short-lived single-use ticket for the event streams: EventSource sends
 * the site's cookies by itself and reconnects on its own to the same URL with Last-Event-ID, which
 * a single-use ticket in that URL would break (every reconnect would need a fresh ticket from a
 * script); and HttpOnly keeps the token out of reach of any script on the page, where a token in
 * sessionStorage was not. API-style clients may still send `Authorization: Bearer <token>`.
 */
export const CADRE_COOKIE = "mq_cadre";

export interface CadreCredential {
  token: string;
  via: "header" | "cookie";
}

/** The token of the request: the Authorization header first, else the cookie. Never the query string. */
export function cadreCredential(req: IncomingMessage, cookies: SiteCookies): CadreCredential | undefined {
  const header = bearerToken(req);
  if (header !== undefined) return { token: header, via: "header" };
  const cookie = cookies.get(req, CADRE_COOKIE);
  return cookie === undefined || cookie === "" ? undefined : { token: cookie, via: "cookie" };
}

/**
 * The token, refusing (403) a state-changing request that rides on the cookie but does not come
 * from this site's own page. A bearer header cannot be forged by another site, so it needs no check.
 */
export function cadreToken(req: IncomingMessage, cookies: SiteCookies): string | undefined {
  const credential = cadreCredential(req, cookies);
  if (credential?.via === "cookie" && changesState(req)) requireSameOrigin(req, cookies.publicUrl);
  return credential?.token;
}

/** Hands the browser its session; it lasts as long as the session does (or until the browser closes). */
export function setCadreCookie(res: ServerResponse, cookies: SiteCookies, token: string): void {
  cookies.set(res, CADRE_COOKIE, token, { maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000) });
}

export function clearCadreCookie(res: ServerResponse, cookies: SiteCookies): void {
  cookies.clear(res, CADRE_COOKIE);
}

/**
 * What a sign-in asks for: a page gets the cookie (and must come from this site's page); an API
 * client that says `"bearer": true` gets the token in the answer and no cookie.
 */
export function wantsBearer(fields: Record<string, unknown>): boolean {
  return fields["bearer"] === true;
}
