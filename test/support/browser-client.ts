import { SseClient } from "./sse-client";

export interface BrowserResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/**
 * What a browser's page does over HTTP, for tests that drive the API without Chromium: it keeps
 * the cookies the server sets and sends them back, and sends its Origin on anything but GET
 * (as browsers do). `origin` can be set to play a page on another site; `cookies` can be another
 * client's, to play one browser whose requests a load balancer sends to several instances.
 */
export class BrowserClient {
  constructor(
    readonly base: string,
    public origin: string = base,
    readonly cookies = new Map<string, string>(),
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<BrowserResponse> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...this.headers(method),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    this.keep(res.headers);
    const text = await res.text();
    const json = text !== "" && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null;
    return { status: res.status, headers: res.headers, text, json };
  }

  get(path: string, headers?: Record<string, string>): Promise<BrowserResponse> {
    return this.request("GET", path, undefined, headers);
  }

  post(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<BrowserResponse> {
    return this.request("POST", path, body, headers);
  }

  /** An event stream, as the page's EventSource opens it: same cookies, no Origin. */
  sse(path: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return SseClient.open(this.base + path, { ...this.headers("GET"), ...headers });
  }

  /** The resident page's first step: the server gives this browser its chat (a cookie) and says its id. */
  async residentChat(): Promise<string> {
    const res = await this.post("/chat/session");
    if (res.status !== 200) throw new Error(`POST /chat/session answered ${res.status}: ${res.text}`);
    return res.json.chat as string;
  }

  headers(method: string): Record<string, string> {
    const h: Record<string, string> = {};
    if (this.cookies.size > 0) h["cookie"] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (method !== "GET" && method !== "HEAD") h["origin"] = this.origin;
    return h;
  }

  private keep(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/;\s*Max-Age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
