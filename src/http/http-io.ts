import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./http-error";

// Routes import HttpError from here, with the rest of what they answer with.
export { HttpError } from "./http-error";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Past this much we stop reading and drop the connection; up to it we read the rest of an
 * oversized body so the browser gets the 413 instead of a reset connection.
 */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

export async function readJsonBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<unknown> {
  // Requiring JSON also keeps plain HTML forms on other sites from posting here.
  if (contentType(req) !== "application/json") {
    throw new HttpError(415, "send the body as JSON with Content-Type: application/json");
  }
  return parseJson(await readBodyText(req, limitBytes));
}

/**
 * A body of named fields, as JSON (an object) or as an HTML form (application/x-www-form-urlencoded),
 * for APIs whose clients post forms, like Open311's. Repeated form fields keep the last value.
 */
export async function readFieldsBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const type = contentType(req);
  if (type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(await readBodyText(req, limitBytes)));
  }
  if (type !== "application/json") {
    throw new HttpError(415, "send the body as application/x-www-form-urlencoded or as JSON with Content-Type: application/json");
  }
  const body = parseJson(await readBodyText(req, limitBytes));
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "the body must be a JSON object");
  return body as Record<string, unknown>;
}

function contentType(req: IncomingMessage): string | undefined {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
}

async function readBodyText(req: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<unknown>) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > DRAIN_LIMIT_BYTES) {
      req.destroy();
      throw new HttpError(413, `the body is larger than ${limitBytes / 1024} KB`);
    }
    if (size <= limitBytes) chunks.push(bytes);
  }
  if (size > limitBytes) throw new HttpError(413, `the body is larger than ${limitBytes / 1024} KB`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, "the body is not valid UTF-8");
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(payload)),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(payload);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204, { "Cache-Control": "no-store" });
  res.end();
}

export function requireMethod(req: IncomingMessage, ...allowed: string[]): void {
  if (!allowed.includes(req.method ?? "")) {
    throw new HttpError(405, `use ${allowed.join(" or ")} here`, { Allow: allowed.join(", ") });
  }
}

/**
 * The language the browser prefers most, e.g. "zh-CN", so the core can answer in it.
 * The page sets the header itself when the person picked a language with ?lang=.
 */
export function preferredLanguage(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let best: { tag: string; q: number } | undefined;
  for (const part of header.split(",")) {
    const [rawTag, ...params] = part.trim().split(";");
    const tag = rawTag?.trim() ?? "";
    if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag, q };
  }
  return best?.tag;
}

/**
 * A bearer token from the Authorization header, for API-style clients. Never from the query
 * string: proxies and servers log URLs, so a token there leaks. Browsers use a cookie instead.
 */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
