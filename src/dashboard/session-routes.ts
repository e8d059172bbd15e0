import type { IncomingMessage, ServerResponse } from "node:http";
import type { CadreSession } from "../auth/cadre-auth";
import { CADRE_COOKIE, cadreToken, clearCadreCookie, setCadreCookie, wantsBearer } from "../auth/cadre-cookie";
import { refusedSignIn } from "../auth/refused-sign-in";
import { redeemLoginLink } from "../auth/login-links";
import { caseStates } from "../cases/state-machine";
import { HttpError, readJsonBody, requireMethod, sendJson, sendNoContent } from "../http/http-io";
import type { RequestInfo } from "../http/router";
import { requireSameOrigin } from "../http/same-origin";
import { signedIn, type DashboardDeps } from "./context";

/**
 * Sign-in with the account and password of the web chat, or with a one-time link from the bot.
 * A page gets the session as a cookie; an API client that asks with `"bearer": true` gets the token.
 */
export async function sessionRoute(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, info: RequestInfo, action: string): Promise<void> {
  switch (action) {
    case "login": {
      requireMethod(req, "POST");
      const fields = await objectBody(req);
      const bearer = wantsBearer(fields);
      if (!bearer) requireSameOrigin(req, deps.cookies.publicUrl);
      const account = stringField(fields, "account", 128);
      const password = stringField(fields, "password", 1024);
      const result = await deps.auth.signIn(account, password, info.clientAddress);
      if (!result.ok) throw refusedSignIn(result, account, info.clientAddress, deps.logger, "dashboard");
      deps.logger.info("dashboard: signed in", { cadre: result.session.cadreId, with: "password" });
      return answer(deps, req, res, result.token, result.session, bearer);
    }
    case "login-link": {
      requireMethod(req, "POST");
      const fields = await objectBody(req);
      const bearer = wantsBearer(fields);
      if (!bearer) requireSameOrigin(req, deps.cookies.publicUrl);
      const token = stringField(fields, "token", 256);
      const now = deps.clock.now();
      const cadreId = await deps.transact((tx) => redeemLoginLink(tx, token, now));
      const started = cadreId === null ? undefined : await deps.auth.startSessionFor(cadreId);
      if (!started) throw new HttpError(401, "this sign-in link is unknown, used or expired; ask the bot for a new one with /dashboard");
      deps.logger.info("dashboard: signed in", { cadre: started.session.cadreId, with: "link" });
      return answer(deps, req, res, started.token, started.session, bearer);
    }
    case "logout":
      requireMethod(req, "POST");
      // On every instance, the web chat's cadre page too (one sign-in serves both): its open streams end.
      await deps.auth.signOut(cadreToken(req, deps.cookies));
      clearCadreCookie(res, deps.cookies);
      return sendNoContent(res);
    case "session": {
      requireMethod(req, "GET");
      const { session } = await signedIn(deps, req);
      return sendJson(res, 200, describe(deps, session));
    }
  }
}

/** A page's earlier session (e.g. another cadre on this browser) ends; the new one goes into the cookie. */
async function answer(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, token: string, session: CadreSession, bearer: boolean): Promise<void> {
  if (bearer) return sendJson(res, 200, { token, ...describe(deps, session) });
  await deps.auth.signOut(deps.cookies.get(req, CADRE_COOKIE));
  setCadreCookie(res, deps.cookies, token);
  sendJson(res, 200, describe(deps, session));
}

/** The cadre and what the page needs to draw its filters: names of departments, categories and communities. */
function describe(deps: DashboardDeps, session: CadreSession) {
  const cadre = deps.directory.cadre(session.cadreId);
  const { deployment } = deps.directory;
  const named = (list: readonly { id: string; name: string }[]) => list.map(({ id, name }) => ({ id, name }));
  return {
    cadre: { id: cadre.id, name: cadre.name, role: cadre.role, department: cadre.department, departmentName: deps.directory.nameOf("department", cadre.department) },
    expiresAt: new Date(session.expiresAt).toISOString(),
    county: { name: deployment.name, timeZone: deployment.timezone, locale: deployment.locale },
    states: caseStates,
    departments: named(deployment.departments),
    categories: named(deployment.categories),
    communities: named(deployment.communities),
  };
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
