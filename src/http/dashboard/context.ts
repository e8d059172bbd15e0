import type { IncomingMessage } from "node:http";
import type { Transact, Tx } from "../../db/tx";
import type { CadreAuth, CadreSession } from "../../auth/cadre-auth";
import { cadreToken } from "../sign-in/cadre-cookie";
import { departmentScope, viewerOf } from "../../cases/authority";
import type { CaseService } from "../../cases/case-service";
import type { Clock } from "../../clock";
import type { Cadre, Locale } from "../../config/schema";
import { localeSchema } from "../../config/schema";
import type { SiteCookies } from "../cookies";
import { HttpError } from "../http-io";
import type { QueryContext } from "../../case-filters/where";
import type { Logger } from "../../log";
import type { Directory } from "../../config/directory";
import { textsFor, type Texts } from "../../texts";

/** What the dashboard's routes need from the rest of the service. */
export interface DashboardDeps {
  /** Reads outside a transaction (the pool). */
  db: Tx;
  /** Runs a transaction. */
  transact: Transact;
  directory: Directory;
  cases: CaseService;
  /** The service's one cadre sign-in (src/http/sign-in). */
  auth: CadreAuth;
  /** The session cookie of the one sign-in (src/http/sign-in), and the site's origin for the Origin check. */
  cookies: SiteCookies;
  clock: Clock;
  logger: Logger;
  /** Called after a commit that queued messages, so they go out now. */
  onCommitted: () => void;
}

/**
 * The signed-in cadre, by the session cookie or an Authorization header (never `?token=`); 401
 * without a live session (or for a cadre the configuration no longer lists), 403 for a cookie
 * POST from another site. (`_url` stays for the routes' sake: none of them reads a token from it.)
 */
export async function signedInCadre(deps: DashboardDeps, req: IncomingMessage, _url?: URL): Promise<Cadre> {
  return (await signedIn(deps, req)).cadre;
}

/** The signed-in cadre and their session: one lookup of the session (a read; a write at most once a minute). */
export async function signedIn(deps: DashboardDeps, req: IncomingMessage): Promise<{ cadre: Cadre; session: CadreSession }> {
  const session = await deps.auth.session(cadreToken(req, deps.cookies));
  // A session kept from before the cadre was marked `active: false` no longer lets them in.
  const cadre = session ? deps.directory.deployment.cadres.find((c) => c.id === session.cadreId && c.active) : undefined;
  if (!session || !cadre) throw new HttpError(401, "sign in first (the session is missing or has expired)");
  return { cadre, session };
}

/** The query context of a cadre: a handler sees their department's cases, a supervisor all; nobody the reports about them. */
export function contextOf(deps: DashboardDeps, cadre: Cadre): QueryContext {
  return { now: deps.clock.now(), timeZone: deps.directory.deployment.timezone, departmentScope: departmentScope(cadre), reportsHidden: viewerOf(cadre) };
}

/** Exports in the language the page shows (`?lang=`), else the deployment's. */
export function exportTexts(deps: DashboardDeps, url: URL): Texts {
  const asked = localeSchema.safeParse(url.searchParams.get("lang"));
  const locale: Locale = asked.success ? asked.data : deps.directory.deployment.locale;
  return textsFor(locale);
}
