import type { IncomingMessage, ServerResponse } from "node:http";
import type { CadreAuth, CadreSession } from "../../auth/cadre-auth";
import type { Logger } from "../../log";
import type { SiteCookies } from "../cookies";
import { answering } from "../error-response";
import { HttpError, readJsonBody, requireMethod, sendJson, sendNoContent } from "../http-io";
import type { HttpMount, RequestInfo } from "../router";
import { requireSameOrigin } from "../same-origin";
import { CADRE_COOKIE, cadreToken, clearCadreCookie, setCadreCookie, wantsBearer } from "./cadre-cookie";
import { refusedSignIn } from "./refused-sign-in";

export interface SignInDeps {
  auth: CadreAuth;
  /** The session cookie and the site's origin for the Origin check. */
  cookies: SiteCookies;
  logger: Logger;
  /**
   * What a signed-in page is told of its cadre (the workspace: their name, role and the names its
   * filters need); undefined for a cadre the configuration no longer lists, who is signed in no more.
   */
  describe: (session: CadreSession) => object | undefined;
  /** The cadre a one-time link from the bot signs in, spending the link; null for an unknown, used or expired one. */
  redeemLink: (token: string) => Promise<string | null>;
}

const PATH = /^\/dashboard\/api\/(login|login-link|logout|session)$/;

/**
 * The one cadre sign-in for every page (the workspace's inbox, group chats, ledger and statistics):
 * with the account and password, or with a one-time link from the bot. A page gets the session as
 * an HttpOnly cookie; an API client that asks with `"bearer": true` gets the token. Signing out
 * anywhere ends the session on every instance, and with it every open stream of it.
 * (Under /dashboard/api/ because the bot's links and older bookmarks point there.)
 */
export function mountSignIn(http: HttpMount, deps: SignInDeps): void {
  http.mount("/dashboard/api", (req, res, url, info) => {
    const action = PATH.exec(url.pathname)?.[1];
    if (action === undefined) return false;
    return answering(res, () => signInRoute(deps, req, res, info, action));
  });
}

async function signInRoute(deps: SignInDeps, req: IncomingMessage, res: ServerResponse, info: RequestInfo, action: string): Promise<void> {
  switch (action) {
    case "login": {
      requireMethod(req, "POST");
      const fields = await objectBody(req);
      const bearer = wantsBearer(fields);
      if (!bearer) requireSameOrigin(req, deps.cookies.publicUrl);
      const account = stringField(fields, "account", 128);
      const password = stringField(fields, "password", 1024);
      const result = await deps.auth.signIn(account, password, info.clientAddress);
      if (!result.ok) throw refusedSignIn(result, account, info.clientAddress, deps.logger);
      deps.logger.info("cadre signed in", { cadre: result.session.cadreId, with: "password" });
      return answer(deps, req, res, result.token, result.session, bearer);
    }
    case "login-link": {
      requireMethod(req, "POST");
      const fields = await objectBody(req);
      const bearer = wantsBearer(fields);
      if (!bearer) requireSameOrigin(req, deps.cookies.publicUrl);
      const cadreId = await deps.redeemLink(stringField(fields, "token", 256));
      const started = cadreId === null ? undefined : await deps.auth.startSessionFor(cadreId);
      if (!started) throw new HttpError(401, "this sign-in link is unknown, used or expired; ask the bot for a new one with /dashboard");
      deps.logger.info("cadre signed in", { cadre: started.session.cadreId, with: "link" });
      return answer(deps, req, res, started.token, started.session, bearer);
    }
    case "logout":
      requireMethod(req, "POST");
      // On every instance: the session's open streams (inbox, group chats) end.
      await deps.auth.signOut(cadreToken(req, deps.cookies));
      clearCadreCookie(res, deps.cookies);
      return sendNoContent(res);
    case "session": {
      requireMethod(req, "GET");
      const session = await deps.auth.session(cadreToken(req, deps.cookies));
      const described = session && deps.describe(session);
      if (!described) throw new HttpError(401, "sign in first (the session is missing or has expired)");
      return sendJson(res, 200, described);
    }
  }
}

/** A page's earlier session (e.g. another cadre on this browser) ends; the new one goes into the cookie. */
async function answer(deps: SignInDeps, req: IncomingMessage, res: ServerResponse, token: string, session: CadreSession, bearer: boolean): Promise<void> {
  const described = deps.describe(session);
  if (!described) {
    await deps.auth.signOut(token);
    throw new HttpError(401, "this account is no longer listed in the configuration");
  }
  if (bearer) return sendJson(res, 200, { token, ...described });
  await deps.auth.signOut(deps.cookies.get(req, CADRE_COOKIE));
  setCadreCookie(res, deps.cookies, token);
  sendJson(res, 200, described);
}

async function objectBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJsonBody(req);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "the body must be a JSON object");
  return body as Record<string, unknown>;
}

function stringField(fields: Record<string, unknown>, name: string, maxChars: number): string {
  const value = fields[name];
  if (typeof value !== "string" || value === "" || value.length > maxChars) throw new HttpError(400, `${name} is required (up to ${maxChars} characters)`);
  return value;
}
