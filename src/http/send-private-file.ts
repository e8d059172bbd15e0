import type { IncomingMessage, ServerResponse } from "node:http";

export interface PrivateFile {
  contentType: string;
  bytes: Buffer;
  /** Hex; its start is the ETag. */
  sha256: string;
  /** What the file may do when a browser opens it as a page of this origin. */
  contentSecurityPolicy: string;
  /** More headers (a Content-Disposition). */
  headers?: Record<string, string>;
}

/**
 * A stored file (a resident's photo, a written notice) to someone the route has checked may see
 * it: private (never kept by a shared cache), its hash as ETag (304 when the browser has it), and
 * under headers that keep it from ever running as a page of this origin.
 */
export function sendPrivateFile(req: IncomingMessage, res: ServerResponse, file: PrivateFile): void {
  const etag = `"${file.sha256.slice(0, 32)}"`;
  const headers = {
    "Content-Type": file.contentType,
    ...file.headers,
    "Cache-Control": "private, max-age=86400",
    ETag: etag,
    "Content-Security-Policy": file.contentSecurityPolicy,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
  };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": String(file.bytes.length) });
  res.end(req.method === "HEAD" ? undefined : file.bytes);
}
