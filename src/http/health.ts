import type { ChannelAdapter, ChannelName } from "../channels/port";
import type { Database } from "../db/database";
import { ping } from "../db/repositories/health-repository";
import type { Metrics } from "../metrics/metrics";
import type { AdminToken } from "./admin-token";
import { answering } from "./error-response";
import { HttpError, requireMethod, sendJson } from "./http-io";
import type { HttpHandler } from "./router";

/**
 * Channel states that are as they should be: receiving and sending here (up, polling, webhook,
 * logged_in), or standing by while another instance on the database runs the channel (standby).
 * Any other (retrying, conflict, logged_out, waiting_for_scan, failed, …) needs a look.
 */
const healthyChannelStates = new Set(["up", "polling", "webhook", "logged_in", "standby"]);

/**
 * /healthz: 200 `{ "status": "ok" }` when the database answers and every channel is as it
 * should be, 200 `{ "status": "degraded" }` when the database answers but a channel is not (a
 * WeChat logout, someone else polling the bot: the instance still serves, so a load balancer
 * keeps it), 503 `{ "status": "not ok" }` when the database does not. That is all the public (a
 * load balancer, a probe) learns; with the admin token the answer adds the database's kind and
 * each channel's state, which tell an attacker what runs here.
 */
export function healthRoute(database: Database, adapters: ReadonlyMap<ChannelName, ChannelAdapter>, admin: AdminToken): HttpHandler {
  return (req, res) =>
    answering(res, async () => {
      requireMethod(req, "GET", "HEAD");
      let databaseUp = true;
      try {
        await ping(database.dataSource);
      } catch {
        databaseUp = false;
      }
      const channels = Object.fromEntries([...adapters].map(([name, adapter]) => [name, adapter.state()]));
      const status = !databaseUp ? "not ok" : Object.values(channels).every((state) => healthyChannelStates.has(state)) ? "ok" : "degraded";
      const body = admin.allows(req) ? { status, database: { kind: database.kind, up: databaseUp }, channels } : { status };
      sendJson(res, databaseUp ? 200 : 503, body);
    });
}

/**
 * /metrics in Prometheus' text format, for a scraper sending the admin token. Without a configured
 * token it is closed and answers 404, as if it were not there: nothing to guess at.
 */
export function metricsRoute(metrics: Metrics, admin: AdminToken): HttpHandler {
  return (req, res) =>
    answering(res, async () => {
      if (!admin.configured) throw new HttpError(404, "not found");
      if (!admin.allows(req)) {
        throw new HttpError(401, "send the admin token (MINQING_ADMIN_TOKEN) as Authorization: Bearer <token>", { "WWW-Authenticate": 'Bearer realm="minqing-admin"' });
      }
      requireMethod(req, "GET", "HEAD");
      const body = await metrics.registry.metrics();
      res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    });
}
