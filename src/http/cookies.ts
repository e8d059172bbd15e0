import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The service's own cookies: the cadre session and the resident's web identity. Always
 * HttpOnly (page scripts never see them, so an injected script cannot carry them off) and
 * SameSite=Strict (another site's page cannot make the browser send them). Secure, with the
 * "__Host-" prefix that pins them to this host and path "/", when the public address is https.
 */
export class SiteCookies {
  readonly secure: boolean;

  /** `publicUrl`: MINQING_PUBLIC_URL, e.g. "https://minqing.example.gov.cn". */
  constructor(readonly publicUrl?: string) {
    this.secure = publicUrl?.startsWith("https://") ?? false;
  }

  /** The name on the wire: "__Host-" + name behind https. */
  nameOf(name: string): string {
    return this.secure ? `__Host-${name}` : name;
  }

  get(req: IncomingMessage, name: string): string | undefined {
    return parseCookieHeader(req.headers.cookie).get(this.nameOf(name));
  }

  /** Without `maxAgeSeconds` the cookie ends when the browser closes. */
  set(res: ServerResponse, name: string, value: string, options: { maxAgeSeconds?: number } = {}): void {
    const parts = [`${this.nameOf(name)}=${value}`, "Path=/", "HttpOnly", "SameSite=Strict"];
    if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
    if (this.secure) parts.push("Secure");
    res.appendHeader("Set-Cookie", parts.join("; "));
  }

  clear(res: ServerResponse, name: string): void {
    this.set(res, name, "", { maxAgeSeconds: 0 });
  }
}

/** "a=1; b=2" as a map; a malformed pair is skipped, the first of two equal names wins (as browsers send the most specific first). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (name !== "" && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}
