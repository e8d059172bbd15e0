import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "../log";
import { TrustedProxies } from "./client-address";
import { sendError } from "./error-response";
import { sendJson } from "./http-io";
import { requestUrl } from "./request-target";
import type { HttpHandler, HttpMount } from "./router";

/**
 * How long a client may take to send its headers, and its whole request. Node's defaults (60 s
 * and 5 minutes) let a client that promised a body it never sends hold a connection for minutes.
 * Bodies here are small (64 KB at most); a slow phone still sends one in far less. Event streams
 * are not affected: the limits are on the request, not on the answer.
 */
const HEADERS_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** Paths are logged, never query strings (they may carry tokens); a fuzzer's path is cut short. */
const LOGGED_PATH_CHARS = 200;

/**
 * The service's one HTTP port: adapters mount their pages and webhooks; the core adds /healthz.
 * No request may stop the service: a malformed one is answered 400, a handler that fails is logged
 * with its route and answered 500, and nothing a request does reaches the process as an error.
 */
export class HttpServer implements HttpMount {
  private readonly routes: { prefix: string; handler: HttpHandler }[] = [];
  private readonly server: Server;

  constructor(
    private readonly logger: Logger,
    private readonly proxies: TrustedProxies = new TrustedProxies([]),
  ) {
    this.server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
      this.dispatch(req, res).catch((err: unknown) => this.logger.error("HTTP request failed", { ...describe(req), error: String(err) }));
    });
    this.server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => this.refuseMalformed(err, socket as Socket));
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
    // Writing to an answer that has ended or whose client has gone emits 'error' on it; with no
    // listener that would be an uncaught exception, and the end of the process.
    res.on("error", (err) => this.logger.warn("HTTP answer could not be written", { ...describe(req), error: String(err) }));
    const url = requestUrl(req.url);
    if (url === undefined) {
      sendJson(res, 400, { error: "the request target must be a path such as /chat/messages" });
      return;
    }
    if (req.headers.upgrade !== undefined && req.headers["transfer-encoding"] !== undefined) {
      // This server upgrades nothing, and with no upgrade listener Node still stops parsing such a
      // request once its headers are in: a valid chunked body is read, but a malformed one is
      // neither an error nor a body, and the request would wait until its timeout. No browser or
      // curl sends a chunked body with an upgrade request, so it is refused before reading it.
      sendJson(res, 400, { error: "send the request without Upgrade, or its body with Content-Length" }, { Connection: "close" });
      return;
    }
    let route: string | undefined;
    try {
      const info = { clientAddress: this.proxies.clientAddress(req) };
      for (const candidate of this.routes) {
        if (!matches(candidate.prefix, url.pathname)) continue;
        route = candidate.prefix;
        if (await candidate.handler(req, res, url, info)) return;
      }
      sendJson(res, 404, { error: "not found" });
    } catch (err) {
      if (clientWentAway(req, err)) {
        // It closed the connection while its body was being read: nothing failed, no one to answer.
        this.logger.debug("HTTP client went away before its answer", { route, ...describe(req, url) });
        return;
      }
      // A refusal a handler threw without `answering` around it gets the same answer as with it.
      if (sendError(res, err)) return;
      this.logger.error("HTTP handler failed", { route, ...describe(req, url), error: String(err), stack: (err as Error)?.stack });
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      // Part of the answer is out: ending it would pass a truncated page or CSV off as whole.
      else if (!res.writableEnded) res.destroy();
    }
  }

  /**
   * What the HTTP parser refused (not HTTP, headers too large, a bad chunk, too slow) gets a
   * short JSON answer and the connection closes, as Node's default does, but saying why. Nothing
   * is written when part of an answer on this connection is already out: it would corrupt it.
   */
  private refuseMalformed(err: NodeJS.ErrnoException, socket: Socket): void {
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (err.code === "ECONNRESET" || !socket.writable || (inFlight?.headersSent ?? false)) {
      socket.destroy();
      return;
    }
    const [status, reason] = refusal(err.code);
    const body = JSON.stringify({ error: reason });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    this.logger.debug("HTTP request refused by the parser", { status, code: err.code });
  }
}

function refusal(code: string | undefined): [number, string] {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return [431, "the request's headers are too large"];
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return [413, "the request's chunk extensions are too large"];
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return [408, "the request took too long to arrive"];
    default:
      return [400, "the request is not valid HTTP"];
  }
}

function clientWentAway(req: IncomingMessage, err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === "ECONNRESET" && req.socket.destroyed;
}

/** The request for a log line: method and path only. */
function describe(req: IncomingMessage, url?: URL): { method: string | undefined; path: string } {
  const path = url?.pathname ?? (req.url ?? "").split("?")[0] ?? "";
  return { method: req.method?.slice(0, 20), path: path.slice(0, LOGGED_PATH_CHARS) };
}

/** "/x" matches "/x" and "/x/...", not "/xy"; "/" matches everything. */
function matches(prefix: string, pathname: string): boolean {
  return pathname === prefix || pathname.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
}
