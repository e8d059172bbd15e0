import type { IncomingMessage, ServerResponse } from "node:http";

/** Updates are a few kB; a cap keeps an unauthenticated caller from filling memory before the secret is checked. */
const MAX_BODY_BYTES = 1_000_000;

/** Only these headers matter to the webhook callback; copying all of them would trip over hop-by-hop ones. */
const FORWARDED_HEADERS = ["content-type", "x-telegram-bot-api-secret-token"] as const;

/**
 * Serves a web-standard `(Request) => Response` handler (the library's webhookCallback)
 * on a node:http request, so it can live on the service's one HTTP port.
 */
export async function serveWebHandler(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  handle: (request: Request) => Promise<Response>,
): Promise<void> {
  const method = req.method ?? "GET";
  let body: string | undefined;
  if (method !== "GET" && method !== "HEAD") {
    body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
  }
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const response = await handle(new Request(url.href, body === undefined ? { method, headers } : { method, headers, body }));
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(await response.text());
}

/** The body as text, or undefined when it is larger than the cap. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
