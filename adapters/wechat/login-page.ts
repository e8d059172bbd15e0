import { createHash, timingSafeEqual } from "node:crypto";
import type { HttpHandler } from "../../src/http/router";
import { svgQr } from "./login-qr";

export const LOGIN_PAGE_PATH = "/wechat/qr";

export interface LoginStatus {
  /** The adapter's state(): starting, waiting_for_scan, scanned, logged_in, logged_out, stopped. */
  state: string;
  /** What the current QR code encodes, while one waits to be scanned. */
  qr?: string;
  /** The bot's WeChat name, once logged in. */
  account?: string;
  /** Groups waiting for their room, with what to type in it (`绑定 <code>`). */
  toBind?: { group: string; type: string }[];
}

/** The login as the instance running WeChat shows it, with the hash of the key its page answers to. */
export interface LoginView {
  /** SHA-256 of the page's key, hex: what the other instances are told, so that the key itself is written nowhere but the log. */
  keyHash: string;
  status: LoginStatus;
}

/** The hash a page key is checked by. */
export function loginKeyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Whether a published document is a LoginView (another instance wrote it; checked before it is shown). */
export function isLoginView(value: unknown): value is LoginView {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { keyHash?: unknown; status?: unknown };
  if (typeof v.keyHash !== "string" || !/^[0-9a-f]{64}$/.test(v.keyHash) || typeof v.status !== "object" || v.status === null) return false;
  const s = v.status as Record<string, unknown>;
  const optionalString = (x: unknown) => x === undefined || typeof x === "string";
  return (
    typeof s.state === "string" &&
    optionalString(s.qr) &&
    optionalString(s.account) &&
    (s.toBind === undefined || (Array.isArray(s.toBind) && s.toBind.every((b: unknown) => typeof b === "object" && b !== null && typeof (b as { group?: unknown }).group === "string" && typeof (b as { type?: unknown }).type === "string")))
  );
}

/**
 * The operator's login page: the current QR code, refreshed every few seconds. Whoever scans
 * it makes their own WeChat account the bot and would read every resident's appeal, so the page
 * answers only with the key that the adapter logs at start (the same people who can read the
 * terminal's QR code). It also lists the groups waiting for their room with their one-time bind
 * codes, which are as sensitive: a code typed in a room makes it the group's.
 * Operators' words, not residents': bilingual here, like the log lines.
 *
 * Every instance serves it (behind a load balancer the operator reaches any of them): `view`
 * gives the login of the instance that runs WeChat, this one's own or what that one published.
 */
export function loginPage(view: () => Promise<LoginView | undefined>): HttpHandler {
  return async (req, res, url) => {
    if (url.pathname !== LOGIN_PAGE_PATH) return false;
    const login = await view();
    if (login === undefined) {
      res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5" }).end("微信尚未在任何实例上启动，请稍后再试 / WeChat is not running on any instance yet; try again in a moment\n");
      return true;
    }
    const given = Buffer.from(loginKeyHash(url.searchParams.get("key") ?? ""), "hex");
    const expected = Buffer.from(login.keyHash, "hex");
    if (!url.searchParams.has("key") || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("需要服务日志中的链接 / use the link from the service log\n");
      return true;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return true;
    }
    const html = page(login.status);
    res.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      // The key is in the URL.
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : html);
    return true;
  };
}

function page(s: LoginStatus): string {
  const body =
    s.state === "logged_in"
      ? `<p class="ok">已登录：${escape(s.account ?? "")}<br>Logged in as ${escape(s.account ?? "")}.</p>`
      : s.state === "scanned"
        ? "<p>已扫码，请在手机上确认登录。<br>Scanned: confirm the login on the phone.</p>"
        : s.qr !== undefined
          ? `<div class="qr">${svgQr(s.qr)}</div>
<p>用要作为机器人的微信账号扫码登录（微信 → 扫一扫）。<br>Scan with the WeChat account that will be the bot.</p>
<p class="warn">扫码的人会把自己的微信变成机器人，能看到群众的诉求：不要把本页链接发给别人。<br>
Whoever scans this code makes their WeChat account the bot and reads residents' appeals: do not share this link.</p>`
          : `<p>等待二维码……（状态：${escape(s.state)}）<br>Waiting for a QR code… (state: ${escape(s.state)})</p>`;
  const toBind =
    s.toBind === undefined || s.toBind.length === 0
      ? ""
      : `<h2>待绑定的群 <small>Groups to bind</small></h2>
<p>在每个群里（用机器人的手机或任一群成员）发送右边的文字，该群即与此项绑定；每个绑定码只能用一次。<br>
Type the text on the right in each group's room (from the bot's phone, or by a member of the group) to bind that room; each code works once.</p>
<table>
${s.toBind.map((b) => `<tr><td class="group">${escape(b.group)}</td><td><code>${escape(b.type)}</code></td></tr>`).join("\n")}
</table>
<p class="warn">绑定码和本页一样不要外传：谁在哪个群里发送了它，部门的诉求就发到哪个群。<br>
Keep these codes like this page: whichever room a code is typed in receives that group's cases.</p>`;
  return `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5">
<title>民情通 · 微信登录</title>
<style>
body { font: 16px/1.6 system-ui, sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
.qr svg { width: 100%; max-width: 20rem; height: auto; display: block; margin: 1rem auto; }
.ok { color: #146c2e; }
.warn { color: #8a4b00; font-size: 0.9rem; }
h1 small, h2 small { font-size: 0.55em; font-weight: normal; color: #555; }
td { padding: 0.2rem 0.6rem 0.2rem 0; }
code { font-size: 1.1rem; }
</style>
</head>
<body>
<h1>民情通 · 微信登录 <small>WeChat login</small></h1>
${body}
${toBind}
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
