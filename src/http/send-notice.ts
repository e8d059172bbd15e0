import type { IncomingMessage, ServerResponse } from "node:http";
import type { StoredNotice } from "../db/repositories/notice-repository";
import { sendPrivateFile } from "./send-private-file";

/**
 * An issued notice to someone the route has checked may read it (the case's resident, a cadre of
 * the case): its PDF, or the printable HTML made from the same text (which needs only its inline
 * style and its inline seal image).
 */
export function sendNotice(req: IncomingMessage, res: ServerResponse, notice: StoredNotice, format: "pdf" | "html"): void {
  const fileName = `${notice.number.replace(/[〔〕\[\]\s]/g, "")}.${format}`;
  sendPrivateFile(req, res, {
    contentType: format === "pdf" ? "application/pdf" : "text/html; charset=utf-8",
    bytes: format === "pdf" ? notice.pdf : Buffer.from(notice.html, "utf8"),
    sha256: format === "pdf" ? notice.sha256 : notice.htmlSha256,
    // A sandboxed PDF would not open in Chromium's viewer; the PDF runs nothing of this origin anyway.
    contentSecurityPolicy: format === "pdf" ? "default-src 'none'" : "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
    headers: { "Content-Disposition": `inline; filename="notice.${format}"; filename*=UTF-8''${encodeURIComponent(fileName)}` },
  });
}
