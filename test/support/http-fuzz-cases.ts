/**
 * Random HTTP requests over every surface the service serves, as raw bytes, for the fuzz test
 * (test/faults/http-fuzz.test.ts). Everything comes from one seeded generator, so a seed names the
 * whole sequence of cases: a failure is replayed with MINQING_FUZZ_SEED=<seed>.
 */

/** mulberry32: small, fast, and good enough to pick test inputs. */
export class Prng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  uuid(): string {
    const hex = this.bytes(16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** Secrets and names the fuzzer sometimes gets right, so it reaches past the front doors. */
export interface FuzzKnowledge {
  adminToken: string;
  cadreToken: string;
  apiKeys: string[];
  webhookPath: string;
  webhookSecret: string;
  caseNumbers: string[];
  /** A resident identity cookie (name=value) that POST /chat/session gave the fuzzer. */
  residentCookie: string;
}

export interface FuzzCase {
  /** What a failure message shows. */
  summary: string;
  /** The surface it aimed at, e.g. "POST /chat/messages" (what was sent may differ). */
  surface: string;
  bytes: Buffer;
  /** True when the request is complete and well framed: the server owes it an answer. */
  owedAnswer: boolean;
}

/** Every path served, with the method it expects. */
const SURFACES: [string, string][] = [
  ["GET", "/"],
  ["GET", "/index.html"],
  ["GET", "/cadre"],
  ["GET", "/assets/resident.js"],
  ["GET", "/assets/style.css"],
  ["GET", "/assets/../../package.json"],
  ["GET", "/assets/%2e%2e%2fpackage.json"],
  ["GET", "/assets/icon.svg"],
  ["GET", "/chat/events"],
  ["POST", "/chat/session"],
  ["POST", "/chat/messages"],
  ["POST", "/chat/messages"],
  ["GET", "/cadre/session"],
  ["GET", "/cadre/events"],
  ["POST", "/cadre/messages"],
  ["GET", "/dashboard"],
  ["GET", "/dashboard/"],
  ["GET", "/dashboard/api/inbox/events"],
  ["POST", "/dashboard/api/login"],
  ["POST", "/dashboard/api/login-link"],
  ["POST", "/dashboard/api/logout"],
  ["GET", "/dashboard/api/session"],
  ["GET", "/dashboard/api/cases"],
  ["GET", "/dashboard/api/cases.csv"],
  ["GET", "/dashboard/api/stats"],
  ["GET", "/dashboard/api/stats.csv"],
  ["GET", "/dashboard/api/charts"],
  ["GET", "/dashboard/api/cases/{case}"],
  ["POST", "/dashboard/api/cases/{case}/actions"],
  ["GET", "/open311/v2/openapi.json"],
  ["GET", "/open311/v2/services.json"],
  ["GET", "/open311/v2/services/city.json"],
  ["GET", "/open311/v2/services/{junk}.json"],
  ["POST", "/open311/v2/requests.json"],
  ["GET", "/open311/v2/requests.json"],
  ["GET", "/open311/v2/requests/{case}.json"],
  ["GET", "/open311/v2/requests/{case}.xml"],
  ["GET", "/healthz"],
  ["GET", "/metrics"],
  ["GET", "/wechat/qr"],
  ["POST", "{webhook}"],
  ["GET", "/telegram"],
  ["GET", "/nowhere"],
];

/** Targets that are not paths, or that parsers have choked on. */
const ODD_TARGETS = [
  "//[",
  "http://x:99999/",
  "//a:b:c/",
  "*",
  "//",
  "/\\evil.example/x",
  "http://minqing.example/healthz",
  "https://[::1]:3000/dashboard?x",
  "ftp://x/",
  "mailto:a@b",
  "/%",
  "/%00",
  "/%ff%fe",
  "/..%2f..%2fetc%2fpasswd",
  "/?" + "a=".repeat(2000),
  "/" + "x".repeat(6000),
  "/\u00e4\u4e2d",
  "/chat/messages#frag",
];

const METHODS = ["GET", "GET", "GET", "POST", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "get", "PROPFIND", "M-SEARCH", "G E T", "GET\x00", "ÄÖÜ", "POST\t"];

const LANGUAGES = ["zh-CN", "zh-Hant-TW,zh;q=0.9", "en-US,en;q=0.5", "*", "xx", ";q=", "zh;q=abc", "a".repeat(300), "en;q=-1,,,;", "\u4e2d\u6587"];

const JSON_SHAPES = [
  "{}",
  "[]",
  "null",
  "0",
  '"text"',
  "1e309",
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"chat":null,"clientMessageId":[]}',
  '{"text":"\\ud800"}',
  '{"text":"\\u0000"}',
  "[".repeat(5000) + "]".repeat(5000),
  '{"a":' + "1".repeat(400) + "}",
];

const BROKEN_JSON = ['{"a":', "{'a':1}", "{a:1}", '{"a":1}}', "\u00ef\u00bb\u00bf{}", "NaN", '{"a":"\\x41"}', '{"a":1,}', "\x00\x01\x02"];

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/x-www-form-urlencoded",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/json; charset=gbk",
  "application/octet-stream",
  ";;;",
  "",
];

/** Builds one random request from the generator. */
export function fuzzCase(r: Prng, knowledge: FuzzKnowledge): FuzzCase {
  const [expected, path] = r.pick(SURFACES);
  // Signing the fuzzer's own session out would keep it from everything behind the sign-in.
  const k = path.includes("logout") ? { ...knowledge, cadreToken: "not-a-session" } : knowledge;
  // Now and then a resident's route gets what the page sends (its cookie, this site's Origin, JSON),
  // with random rest, so that requests also get past every check into the core.
  const pageLike = path.startsWith("/chat/") && r.chance(0.3);
  // Mostly the method the path expects, to get past the first check; else anything.
  const method = pageLike || r.chance(0.6) ? expected : r.chance(0.9) ? r.pick(METHODS.slice(0, 12)) : r.pick(METHODS);
  const target = randomTarget(r, k, path);
  const headers: [string, string][] = [];
  if (!r.chance(0.05)) headers.push(["Host", r.chance(0.9) || pageLike ? "127.0.0.1" : r.pick(["", "x".repeat(300), "[::1", "a b"])]);
  if (pageLike) headers.push(["Content-Type", "application/json"], ["Cookie", k.residentCookie], ["Origin", "http://127.0.0.1"]);
  addRandomHeaders(r, k, headers, target, pageLike);

  const body = pageLike ? Buffer.from(JSON.stringify(pageBody(r, target))) : randomBody(r, k, target);
  const framing = body.length === 0 && r.chance(0.6) ? "none" : r.pick(["length", "length", "length", "chunked", "short", "long", "bad-length", "two-lengths", "bad-chunk", "both"] as const);
  let owedAnswer = true;
  let payload = body;
  switch (framing) {
    case "none":
      break;
    case "length":
      headers.push(["Content-Length", String(body.length)]);
      break;
    case "chunked":
      headers.push(["Transfer-Encoding", "chunked"]);
      payload = chunked(r, body);
      break;
    case "short":
      // Says less than it sends: the rest is read as the next request (or junk).
      headers.push(["Content-Length", String(Math.max(0, body.length - 1 - r.int(8)))]);
      break;
    case "long":
      // Promises more than it sends: the server waits for the rest, and nothing is owed.
      headers.push(["Content-Length", String(body.length + 1 + r.int(100_000))]);
      owedAnswer = false;
      break;
    case "bad-length":
      headers.push(["Content-Length", r.pick(["-1", "abc", "1e3", "99999999999999999999", "5 5", "0x10", ""])]);
      break;
    case "two-lengths":
      headers.push(["Content-Length", String(body.length)], ["Content-Length", String(body.length + 1)]);
      break;
    case "bad-chunk":
      headers.push(["Transfer-Encoding", "chunked"]);
      payload = Buffer.concat([Buffer.from(r.pick(["zz\r\n", "-1\r\n", "ffffffffffffffffff\r\n", "3;" + "e".repeat(20_000) + "\r\nabc\r\n0\r\n\r\n"])), body]);
      break;
    case "both":
      headers.push(["Content-Length", String(body.length)], ["Transfer-Encoding", r.pick(["chunked", "gzip, chunked", "identity"])]);
      payload = chunked(r, body);
      break;
  }
  if (r.chance(0.2)) headers.push(["Connection", r.pick(["close", "keep-alive", "Upgrade", "upgrade, keep-alive"])]);
  else headers.push(["Connection", "close"]);
  if (r.chance(0.03)) headers.push(["Upgrade", r.pick(["websocket", "h2c", "x".repeat(100)])]);
  if (r.chance(0.03)) headers.push(["Expect", r.pick(["100-continue", "200-ok"])]);

  const version = r.chance(0.95) ? "HTTP/1.1" : r.pick(["HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 extra", "", "http/1.1"]);
  const head = `${method} ${target} ${version}`.trimEnd() + "\r\n" + headers.map(([n, v]) => `${n}: ${v}`).join("\r\n") + "\r\n\r\n";
  let bytes = Buffer.concat([Buffer.from(head, "latin1"), payload]);
  // Now and then another request on the same connection right behind it.
  if (r.chance(0.05)) bytes = Buffer.concat([bytes, Buffer.from("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")]);
  // A byte of garbage in the head: the parser must refuse it, not the process.
  // (It may also leave the head unfinished, so no answer is owed.)
  if (r.chance(0.03)) {
    bytes[r.int(head.length)] = r.pick([0, 10, 13, 127, 255]);
    owedAnswer = false;
  }
  const summary = `${JSON.stringify(head.slice(0, 300))} + ${payload.length} bytes of body (${framing})`;
  return { summary, surface: `${expected} ${path}`, bytes, owedAnswer };
}

function randomTarget(r: Prng, k: FuzzKnowledge, surface: string): string {
  if (r.chance(0.08)) return r.pick(ODD_TARGETS);
  let path = surface
    .replace("{webhook}", k.webhookPath)
    .replace("{case}", r.chance(0.6) && k.caseNumbers.length > 0 ? r.pick(k.caseNumbers) : r.pick(["MQ-20260101-0001", "mq-20261123-0042", "x", "A".repeat(41), "%00", "MQ-99999999-9999"]))
    .replace("{junk}", encodeURIComponent(String.fromCharCode(...r.bytes(4))));
  if (r.chance(0.1)) path += r.pick(["/", "//", "/x", "/../metrics", ".json", "%2F", "?", "/%zz"]);
  if (r.chance(0.05)) path = path.toUpperCase();
  const params: string[] = [];
  for (let i = r.int(4); i > 0; i--) params.push(randomParam(r, k));
  return params.length > 0 ? `${path}?${params.join("&")}` : path;
}

function randomParam(r: Prng, k: FuzzKnowledge): string {
  const name = r.pick(["chat", "after", "token", "lang", "api_key", "service_request_id", "service_code", "status", "start_date", "end_date", "page", "page_size", "size", "state", "department", "q", "by", "key", "sort", "x"]);
  const value = r.pick([
    `r-${r.uuid()}`,
    "r-not-a-uuid",
    "g-chengguan",
    "c-wang",
    String(r.int(1000)),
    "-1",
    "99999999999999999999",
    k.cadreToken,
    r.pick(k.apiKeys),
    "2026-11-23",
    "2026-02-30",
    "open,closed",
    "%E4%B8%AD",
    "%",
    "%ff",
    "a".repeat(3000),
    "",
    "zh-Hant",
  ]);
  return r.chance(0.1) ? name : `${name}=${value}`;
}

/** `pageLike`: the request already has the page's Content-Type, Cookie and Origin (a second one would spoil them). */
function addRandomHeaders(r: Prng, k: FuzzKnowledge, headers: [string, string][], target: string, pageLike: boolean): void {
  const chat = target.startsWith("/chat/");
  if (!pageLike && r.chance(0.7)) headers.push(["Content-Type", r.pick(CONTENT_TYPES)]);
  if (r.chance(0.3)) headers.push(["Accept-Language", r.pick(LANGUAGES)]);
  if (r.chance(0.4)) {
    headers.push(["Authorization", r.pick([`Bearer ${k.adminToken}`, `Bearer ${k.cadreToken}`, `Bearer ${r.pick(k.apiKeys)}`, "Bearer", "Bearer  x y", "Basic d2FuZzpkZW1v", `Bearer ${"a".repeat(5000)}`, "\u00ff\u00fe", k.adminToken])]);
  }
  if (!pageLike && r.chance(chat ? 0.6 : 0.2)) headers.push(["Cookie", randomCookie(r, k)]);
  if (r.chance(0.3)) {
    // Never from 203.0.113.0/24: that is the real resident's address in the test.
    headers.push(["X-Forwarded-For", r.pick([`10.${r.int(256)}.${r.int(256)}.${r.int(256)}`, "::1", "unknown", "1.2.3.4, 5.6.7.8", ", ,", "1.2.3.4".repeat(200), "::ffff:192.0.2.1", `198.51.100.${r.int(256)}, 127.0.0.1`, "999.1.1.1"])]);
  }
  if (r.chance(0.2)) headers.push(["X-API-Key", r.chance(0.5) ? r.pick(k.apiKeys) : r.pick(["", "x", "change-me"])]);
  if (target.startsWith(k.webhookPath) || r.chance(0.05)) headers.push(["X-Telegram-Bot-Api-Secret-Token", r.chance(0.6) ? k.webhookSecret : r.pick(["", "wrong", "x".repeat(300)])]);
  if (r.chance(0.1)) headers.push(["Content-Encoding", r.pick(["gzip", "br", "deflate", "identity", "x"])]);
  if (r.chance(0.1)) headers.push(["Last-Event-ID", r.pick(["1", "-1", "abc", "99999999999999999"])]);
  // Cookie POSTs need this site's Origin (the Host is 127.0.0.1): often right, so the fuzzer gets past the check.
  if (!pageLike && r.chance(chat || target.startsWith("/cadre/") ? 0.6 : 0.1)) {
    headers.push(["Origin", r.pick(["http://127.0.0.1", "http://127.0.0.1", "http://127.0.0.1:1", "https://evil.example", "null", "", "http://[::1", "http://127.0.0.1.evil.example"])]);
  }
  if (r.chance(0.05)) headers.push(["X-" + "a".repeat(r.int(100)), "\u00e9"]);
}

/** Cookie headers: the learned identity, made-up or broken ones, doubled names, junk. */
function randomCookie(r: Prng, k: FuzzKnowledge): string {
  const [name = "mq_resident"] = k.residentCookie.split("=");
  return r.pick([
    k.residentCookie,
    k.residentCookie,
    `${k.residentCookie}; ${name}=${"A".repeat(43)}`,
    `${name}=${"A".repeat(43)}; ${k.residentCookie}`,
    // Well formed but never handed out: a newcomer, as a flood minting cookies would be (rare, so the
    // fuzzer does not use up the overall newcomers' rate the resident at the end needs).
    r.chance(0.1) ? `${name}=${r.bytes(32).toString("base64url")}` : `${name}=`,
    `${name}=short`,
    `${name}=${"x".repeat(5000)}`,
    `${name}=\u00e9\u4e2d`,
    `__Host-${k.residentCookie}`,
    `token=${k.cadreToken}`,
    `mq_cadre=${k.cadreToken}`,
    `${k.residentCookie}; mq_cadre=${k.cadreToken}`,
    "a=b; c",
    ";;;=;",
    "x=" + "%".repeat(100),
    "session=\u00e9",
  ]);
}

function randomBody(r: Prng, k: FuzzKnowledge, target: string): Buffer {
  const roll = r.next();
  if (roll < 0.25) return Buffer.alloc(0);
  if (roll < 0.45) return Buffer.from(JSON.stringify(plausibleJson(r, k, target)));
  if (roll < 0.6) return Buffer.from(r.pick(JSON_SHAPES));
  if (roll < 0.7) return Buffer.from(r.pick(BROKEN_JSON), "latin1");
  if (roll < 0.78) return Buffer.from(`service_code=${r.pick(["city", "x", ""])}&description=${encodeURIComponent("路灯坏了")}&api_key=${r.pick(k.apiKeys)}&lat=${r.pick(["30.1", "abc", "1e999"])}&a=%zz&&=`);
  if (roll < 0.86) return r.bytes(1 + r.int(2000));
  // Invalid UTF-8 inside otherwise plausible JSON.
  if (roll < 0.94) return Buffer.concat([Buffer.from('{"chat":"r-'), Buffer.from([0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80]), Buffer.from('","clientMessageId":"a","text":"x"}')]);
  // Huge: past the 64 KB limit, now and then past the 1 MB after which the connection is dropped.
  return r.chance(0.85) ? Buffer.alloc(65 * 1024 + r.int(4096), "a") : Buffer.alloc(1024 * 1024 + 10, r.int(256));
}

/** What the resident page posts (no chat: the cookie names it); a body that names one is in plausibleJson. */
function pageBody(r: Prng, target: string): unknown {
  if (target.startsWith("/chat/session")) return {};
  const text = r.pick(["西街路灯坏了", "/status", "/help", "确认", "<script>alert(1)</script>", "🙂".repeat(100), "东街社区3号楼燃气泄漏了"]);
  return { clientMessageId: r.uuid(), ...(r.chance(0.7) ? { text } : { button: r.pick(["confirm", "cancel", "rate:MQ-20260101-0001:5", "x"]) }) };
}

/** A body the route would accept, more or less: it gets the fuzzer past the first checks. */
function plausibleJson(r: Prng, k: FuzzKnowledge, target: string): unknown {
  const text = r.pick(["西街路灯坏了", "", " ", "/status", "确认", "a".repeat(5001), "\u202e\u0000", "<script>alert(1)</script>", "🙂".repeat(100), "/accept MQ-20260101-0001"]);
  if (target.includes("login")) return { account: r.pick(["wang", "nobody", "", "x".repeat(500), 1]), password: r.pick(["wrong", "", null, "x".repeat(10_000)]), token: r.pick(["x", k.cadreToken]), bearer: r.pick([true, false, "true", undefined]) };
  if (target.includes("actions")) return { type: r.pick(["accept", "reply", "note", "transfer", "resolve", "reject", "x"]), text, department: r.pick(["zhujian", "nowhere", 3]) };
  if (target.startsWith("/open311")) return { service_code: r.pick(["city", "gas", "x"]), description: text, api_key: r.pick(k.apiKeys), attribute: { urgent: r.pick(["true", "maybe"]) }, lat: r.pick([30, "x"]) };
  if (target.startsWith(k.webhookPath)) {
    return { update_id: r.int(1e9), message: { message_id: r.int(1e6), date: 0, chat: { id: r.int(1e9), type: r.pick(["private", "group", "x"]) }, from: { id: r.int(1e9), is_bot: false, first_name: "模糊" }, text } };
  }
  return {
    chat: r.pick([`r-${r.uuid()}`, "g-chengguan", "c-wang", "r-x", 5]),
    clientMessageId: r.chance(0.6) ? r.uuid() : r.pick(["", "a".repeat(65), "../x"]),
    ...(r.chance(0.5) ? { text } : { button: r.pick(["confirm", "cancel", "rate:MQ-20260101-0001:5", ""]) }),
    ...(r.chance(0.2) ? { replyTo: r.pick(["w1", "../", "x".repeat(100)]) } : {}),
  };
}

function chunked(r: Prng, body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    const n = Math.min(body.length - at, 1 + r.int(4096));
    parts.push(Buffer.from(`${n.toString(16)}${r.chance(0.05) ? ";ext=1" : ""}\r\n`), body.subarray(at, at + n), Buffer.from("\r\n"));
    at += n;
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}
