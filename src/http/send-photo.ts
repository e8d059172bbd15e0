import type { IncomingMessage, ServerResponse } from "node:http";
import { sendPrivateFile } from "./send-private-file";

/** A stored photo to someone the route has checked may see it (the resident who sent it, a cadre of its case). */
export function sendPhoto(req: IncomingMessage, res: ServerResponse, photo: { contentType: string; bytes: Buffer; sha256: string }): void {
  sendPrivateFile(req, res, { ...photo, contentSecurityPolicy: "default-src 'none'; sandbox" });
}
