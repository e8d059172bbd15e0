import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { bearerToken } from "./http-io";

/**
 * The operators' token (MINQING_ADMIN_TOKEN) that opens /metrics and the detail of /healthz.
 * Only from `Authorization: Bearer <token>`, never from the query string, which proxies log.
 */
export class AdminToken {
  private readonly digest: Buffer | undefined;

  constructor(token: string | undefined) {
    this.digest = token === undefined || token === "" ? undefined : sha256(token);
  }

  get configured(): boolean {
    return this.digest !== undefined;
  }

  /**
   * Whether the request carries the token. Both sides are hashed first so the comparison takes
   * the same time whatever was sent, even its length: timingSafeEqual needs equal lengths.
   */
  allows(req: IncomingMessage): boolean {
    if (this.digest === undefined) return false;
    const token = bearerToken(req);
    return timingSafeEqual(sha256(token ?? ""), this.digest) && token !== undefined;
  }
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
