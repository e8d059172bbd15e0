import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpHandler, HttpMount } from "../../src/http/router";

/**
 * A minimal HttpMount for tests: handlers are tried longest prefix first and the next one gets
 * the request when a handler returns false; nothing handled it means 404.
 * A prefix "/x" matches "/x" and "/x/...", "/" matches everything.
 */
export class HttpServer implements HttpMount {
  private readonly handlers: { prefix: string; handler: HttpHandler }[] = [];
  private readonly server: Server;
  /** Errors thrown by handlers, so a test can assert there were none. */
  readonly errors: unknown[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      void this.dispatch(req, res);
    });
  }

  mount(prefix: string, handler: HttpHandler): void {
    this.handlers.push({ prefix, handler });
  }

  /** Listens on a free port of 127.0.0.1 and returns the base URL, e.g. "http://127.0.0.1:41234". */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Closes the server, cutting keep-alive and streaming connections that would hold it open. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async dispatch(req: Parameters<HttpHandler>[0], res: Parameters<HttpHandler>[1]): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const candidates = this.handlers
      .filter(({ prefix }) => matches(prefix, url.pathname))
      .sort((a, b) => b.prefix.length - a.prefix.length);
    try {
      for (const { handler } of candidates) {
        if (await handler(req, res, url)) return;
      }
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: "not found" }));
    } catch (error) {
      this.errors.push(error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: "internal error" }));
    }
  }
}

function matches(prefix: string, pathname: string): boolean {
  if (pathname === prefix) return true;
  return pathname.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
}
