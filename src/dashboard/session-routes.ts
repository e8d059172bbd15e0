import type { IncomingMessage, ServerResponse } from "node:http";
import type { CadreSession } from "../auth/cadre-auth";
import { redeemLoginLink } from "../auth/login-links";
import { caseStates } from "../cases/state-machine";
import { bearerToken, HttpError, readJsonBody, requireMethod, sendJson, sendNoContent } from "../http/http-io";
import { signedInCadre, type DashboardDeps } from "./context";

/** Sign-in with the account and password of the web chat, or with a one-time link from the bot. */
export async function sessionRoute(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL, action: string): Promise<void> {
  switch (action) {
    case "login": {
      requireMethod(req, "POST");
      const fields = await objectBody(req);
      const account = stringField(fields, "account", 128);
      const password = stringField(fields, "password", 1024);
      const result = await deps.auth.signIn(account, password);
      if (!result.ok && result.reason === "throttled") {
        throw new HttpError(429, "too many wrong passwords for this account; try again later", { "Retry-After": String(Math.ceil(result.retryAfterMs / 1000)) });
      }
      if (!result.ok) {
        deps.logger.warn("dashboard: failed sign-in", { account });
        throw new HttpError(401, "wrong account or password");
      }
      deps.logger.info("dashboard: signed in", { cadre: result.session.cadreId, with: "password" });
      return sendJson(res, 200, { token: result.token, ...describe(deps, result.session) });
    }
    case "login-link": {
      requireMethod(req, "POST");
      const token = stringField(await objectBody(req), "token", 256);
      const now = deps.clock.now();
      const cadreId = await deps.dataSource.transaction((tx) => redeemLoginLink(tx, token, now));
      const started = cadreId === null ? undefined : deps.auth.startSessionFor(cadreId);
      if (!started) throw new HttpError(401, "this sign-in link is unknown, used or expired; ask the bot for a new one with /dashboard");
      deps.logger.info("dashboard: signed in", { cadre: started.session.cadreId, with: "link" });
      return sendJson(res, 200, { token: started.token, ...describe(deps, started.session) });
    }
    case "logout":
      requireMethod(req, "POST");
      deps.auth.signOut(bearerToken(req, url));
      return sendNoContent(res);
    case "session": {
      requireMethod(req, "GET");
      signedInCadre(deps, req, url);
      const session = deps.auth.session(bearerToken(req, url));
      if (!session) throw new HttpError(401, "sign in first (the session is missing or has expired)");
      return sendJson(res, 200, describe(deps, session));
    }
  }
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
