import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../log";
import { TrustedProxies } from "./client-address";
import type { HttpHandler, HttpMount } from "./router";

/** The service's one HTTP port: adapters mount their pages and webhooks; the core adds /healthz. */
export class HttpServer implements HttpMount {
  private readonly routes: { prefix: string; handler: HttpHandler }[] = [];
  private readonly server: Server;

  constructor(
    private readonly logger: Logger,
    private readonly proxies: TrustedProxies = new TrustedProxies([]),
  ) {
    this.server = createServer((req, res) => void this.dispatch(req, res));
  }

  mount(prefix: string, handler: HttpHandler): void {
    this.routes.push({ prefix, handler });
    // Longest prefix first, so "/cadre" wins over "/".
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  async listen(port: number, host?: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      for (const route of this.routes) {
        if (!matches(route.prefix, url.pathname)) continue;
        if (await route.handler(req, res, url, { clientAddress: this.proxies.clientAddress(req) })) return;
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
    } catch (err) {
      this.logger.error("HTTP handler failed", { path: url.pathname, error: String(err) });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal error" }));
    }
  }
}

/** "/x" matches "/x" and "/x/...", not "/xy"; "/" matches everything. */
function matches(prefix: string, pathname: string): boolean {
  return pathname === prefix || pathname.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
}
