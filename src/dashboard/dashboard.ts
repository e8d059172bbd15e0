import { join } from "node:path";
import { answering } from "../http/error-response";
import type { HttpMount } from "../http/router";
import { staticFiles } from "../http/static-files";
import { type DashboardDeps } from "./context";
import { actOnUndelivered, DEAD_LETTER_ACTION, listUndelivered } from "./dead-letter-routes";
import { actOn, exportCases, listCases, showCase } from "./ledger-routes";
import { sessionRoute } from "./session-routes";
import { exportStats, showCharts, showStats } from "./stats-routes";

export type { DashboardDeps } from "./context";

/**
 * The pages sit next to the routes that serve them, as the web chat's do; the build copies
 * non-TypeScript files into dist/, so no other build step is needed.
 */
const pages = staticFiles({
  dir: join(__dirname, "pages"),
  pages: { "/dashboard": "index.html", "/dashboard/": "index.html" },
  assetPrefix: "/dashboard/assets/",
});

const CASE_PATH = /^\/dashboard\/api\/cases\/([A-Za-z0-9-]{1,40})(\/actions)?$/;

/**
 * The ledger (台账), statistics and charts for cadres and supervisors, at /dashboard: a page and
 * the JSON it reads under /dashboard/api/. The session cookie (or a bearer header) of the cadre sign-in the web chat uses.
 */
export function mountDashboard(http: HttpMount, deps: DashboardDeps): void {
  http.mount("/dashboard", async (req, res, url, info) => {
    if (await pages(req, res, url, info)) return true;
    const path = url.pathname;
    switch (path) {
      case "/dashboard/api/login":
      case "/dashboard/api/login-link":
      case "/dashboard/api/logout":
      case "/dashboard/api/session":
        return answering(res, () => sessionRoute(deps, req, res, info, path.slice("/dashboard/api/".length)));
      case "/dashboard/api/cases":
        return answering(res, () => listCases(deps, req, res, url));
      case "/dashboard/api/cases.csv":
        return answering(res, () => exportCases(deps, req, res, url));
      case "/dashboard/api/stats":
        return answering(res, () => showStats(deps, req, res, url));
      case "/dashboard/api/stats.csv":
        return answering(res, () => exportStats(deps, req, res, url));
      case "/dashboard/api/charts":
        return answering(res, () => showCharts(deps, req, res, url));
      case "/dashboard/api/dead-letters":
        return answering(res, () => listUndelivered(deps, req, res, url));
    }
    const undelivered = DEAD_LETTER_ACTION.exec(path);
    if (undelivered) return answering(res, () => actOnUndelivered(deps, req, res, url, Number(undelivered[1]), undelivered[2] as "retry" | "discard"));
    const match = CASE_PATH.exec(path);
    if (!match?.[1]) return false;
    const number = match[1].toUpperCase();
    return answering(res, () => (match[2] ? actOn(deps, req, res, url, number) : showCase(deps, req, res, url, number)));
  });
}
