import { answering } from "../error-response";
import type { HttpMount } from "../router";
import { type DashboardDeps } from "./context";
import { actOnUndelivered, DEAD_LETTER_ACTION, listUndelivered } from "./dead-letter-routes";
import { actOn, exportCases, listCases, showCase } from "./ledger-routes";
import { exportStats, showCharts, showStats } from "./stats-routes";

export type { DashboardDeps } from "./context";

const CASE_PATH = /^\/dashboard\/api\/cases\/([A-Za-z0-9-]{1,40})(\/actions)?$/;

/**
 * Where the old dashboard page was, the workspace now is (front/workspace: ledger, statistics,
 * undelivered). The address keeps no fragment, so the browser carries the old one over
 * (/dashboard#/dead-letters, the bot's /dashboard/#login=…) and the workspace reads it; `?from=dashboard`
 * makes a bare /dashboard open the statistics.
 */
const WORKSPACE = "/workspace?from=dashboard";

/**
 * The ledger (台账), statistics and charts for cadres and supervisors: the JSON the workspace
 * reads under /dashboard/api/. The session cookie (or a bearer header) of the one cadre sign-in
 * (src/http/sign-in, mounted beside it).
 */
export function mountDashboard(http: HttpMount, deps: DashboardDeps): void {
  http.mount("/dashboard", async (req, res, url) => {
    const path = url.pathname;
    if (path === "/dashboard" || path === "/dashboard/") {
      res.writeHead(302, { Location: WORKSPACE + (url.search ? `&${url.search.slice(1)}` : ""), "Cache-Control": "no-store" });
      res.end();
      return true;
    }
    switch (path) {
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
