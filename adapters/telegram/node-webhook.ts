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
  // Telegram only POSTs; other methods are refused here (a TRACE or CONNECT Request cannot even
  // be built, so it would fail as a 500).
  if (req.method !== "POST") {
    res.writeHead(405, { Allow: "POST" }).end();
    return;
  }
  const method = "POST";
  const body = await readBody(req);
  if (body === undefined) {
    res.writeHead(413).end();
    return;
  }
  // The library reads `update_id` of whatever it is given and throws on `null` or `[]`: a body
  // that is not an update is refused here, with or without the secret. Telegram sends only updates.
  if (!looksLikeUpdate(body)) {
    res.writeHead(400).end();
    return;
  }
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const response = await handle(new Request(url.href, { method, headers, body }));
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

/** A JSON object with a whole-number update_id, as every update Telegram sends is. */
function looksLikeUpdate(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && Number.isSafeInteger((parsed as { update_id?: unknown }).update_id);
  } catch {
    return false;
  }
}
