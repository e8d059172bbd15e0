import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A stored photo to someone the route has checked may see it (the resident who sent it, a cadre
 * of its case): private (never kept by a shared cache), its hash as ETag, and under headers that
 * keep it from ever running as a page of this origin.
 */
export function sendPhoto(req: IncomingMessage, res: ServerResponse, photo: { contentType: string; bytes: Buffer; sha256: string }): void {
  const etag = `"${photo.sha256.slice(0, 32)}"`;
  const headers = {
    "Content-Type": photo.contentType,
    "Cache-Control": "private, max-age=86400",
    ETag: etag,
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
  };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": String(photo.bytes.length) });
  res.end(req.method === "HEAD" ? undefined : photo.bytes);
}
