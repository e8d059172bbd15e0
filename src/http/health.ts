import type { ChannelAdapter, ChannelName } from "../channels/port";
import type { Database } from "../db/database";
import type { Metrics } from "../metrics/metrics";
import type { HttpHandler } from "./router";

/** /healthz: 200 when the database answers, 503 otherwise; each channel's state either way. */
export function healthRoute(database: Database, adapters: ReadonlyMap<ChannelName, ChannelAdapter>): HttpHandler {
  return async (_req, res) => {
    let databaseUp = true;
    try {
      await database.dataSource.query("SELECT 1");
    } catch {
      databaseUp = false;
    }
    const channels = Object.fromEntries([...adapters].map(([name, adapter]) => [name, adapter.state()]));
    res.writeHead(databaseUp ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: databaseUp ? "ok" : "degraded", database: { kind: database.kind, up: databaseUp }, channels }));
    return true;
  };
}

/** /metrics in Prometheus' text format. */
export function metricsRoute(metrics: Metrics): HttpHandler {
  return async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { "content-type": metrics.registry.contentType });
    res.end(body);
    return true;
  };
}
