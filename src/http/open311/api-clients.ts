import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { bearerToken } from "../http-io";
import type { ApiKey } from "../../config/schema";

export type ApiScope = ApiKey["scopes"][number];

/** The systems allowed to use the open API, each known by its key from the deployment file. */
export class ApiClients {
  private readonly keys: { client: ApiKey; hash: Buffer }[];

  constructor(keys: readonly ApiKey[]) {
    this.keys = keys.map((client) => ({ client, hash: sha256(client.key) }));
  }

  /**
   * The key a request carries: the `X-API-Key` header, `Authorization: Bearer`, or Open311's
   * `api_key` parameter (in the query, or in the body of a POST).
   */
  static keyOf(req: IncomingMessage, url: URL, body?: Record<string, unknown>): string | undefined {
    const header = req.headers["x-api-key"];
    if (typeof header === "string" && header !== "") return header;
    const bearer = bearerToken(req);
    if (bearer) return bearer;
    const inBody = body?.["api_key"];
    if (typeof inBody === "string" && inBody !== "") return inBody;
    return url.searchParams.get("api_key") ?? undefined;
  }

  /** The client a key belongs to. Every key is compared, in constant time, so timing tells nothing. */
  identify(key: string): ApiKey | undefined {
    const given = sha256(key);
    let found: ApiKey | undefined;
    for (const { client, hash } of this.keys) if (timingSafeEqual(given, hash)) found = client;
    return found;
  }
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
