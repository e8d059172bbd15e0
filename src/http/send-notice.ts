import type { IncomingMessage, ServerResponse } from "node:http";
import type { StoredNotice } from "../db/repositories/notice-repository";

/**
 * An issued notice to someone the route has checked may read it (the case's resident, a cadre of
 * the case): its PDF, or the printable HTML made from the same text. Private (never kept by a
 * shared cache), its hash as ETag, and under headers that keep it from running as a page of
 * this origin (the HTML needs only its inline style and its inline seal image).
 */
export function sendNotice(req: IncomingMessage, res: ServerResponse, notice: StoredNotice, format: "pdf" | "html"): void {
  const sha256 = format === "pdf" ? notice.sha256 : notice.htmlSha256;
  const etag = `"${sha256.slice(0, 32)}"`;
  const body = format === "pdf" ? notice.pdf : Buffer.from(notice.html, "utf8");
  const fileName = `${notice.number.replace(/[〔〕\[\]\s]/g, "")}.${format}`;
  const headers = {
    "Content-Type": format === "pdf" ? "application/pdf" : "text/html; charset=utf-8",
    "Content-Disposition": `inline; filename="notice.${format}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "private, max-age=86400",
    ETag: etag,
    // A sandboxed PDF would not open in Chromium's viewer; the PDF runs nothing of this origin anyway.
    "Content-Security-Policy": format === "pdf" ? "default-src 'none'" : "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
  };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": String(body.length) });
  res.end(req.method === "HEAD" ? undefined : body);
}
