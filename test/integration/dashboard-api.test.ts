import { randomUUID } from "node:crypto";
import type { OutboundMessage } from "../../src/channels/port";
import { Metrics } from "../../src/metrics/metrics";
import { enqueue } from "../../src/outbox/enqueue";
import { backends } from "../support/databases";
import { BrowserClient } from "../support/browser-client";
import { captureLogger } from "../support/capture-logger";
import { webMessage } from "../support/messages";
import { insertCases } from "../support/case-fixture";
import { statsFixture } from "../support/stats-fixture";
import { startTestApp, type TestApp } from "../support/test-app";

/** The dashboard's JSON and CSV over HTTP: sign-in, who sees what, acting on a case, exports. */
describe.each(backends)("the dashboard API on the %s database", (backend) => {
  let t: TestApp;
  const log = captureLogger();
  beforeAll(async () => {
    // The test's requests come through "a proxy" at 127.0.0.1, so X-Forwarded-For can play many clients.
    t = await startTestApp({ backend, logger: log.logger, trustedProxies: ["127.0.0.1"] });
    await insertCases(t.app.database.dataSource.manager, statsFixture);
  }, 60_000);
  afterAll(() => t?.stop());

  /** A fresh client address per browser, so the sign-in throttle of one test does not touch another. */
  let clients = 0;
  const nextAddress = () => `198.51.100.${++clients}`;

  /** A request from `browser` (its cookies and Origin), or from a new, signed-out browser. */
  async function call(method: string, path: string, browser?: BrowserClient, body?: unknown) {
    return (browser ?? newBrowser()).request(method, path, body);
  }
  function newBrowser(address = nextAddress()): BrowserClient {
    const browser = new BrowserClient(t.baseUrl);
    const request = browser.request.bind(browser);
    browser.request = (method, path, body, headers = {}) => request(method, path, body, { "x-forwarded-for": address, ...headers });
    return browser;
  }
  async function signIn(account: string): Promise<BrowserClient> {
    const browser = newBrowser();
    const res = await browser.post("/dashboard/api/login", { account, password: "demo" });
    expect(res.status).toBe(200);
    expect(res.json.token).toBeUndefined();
    return browser;
  }
  const numbersOf = (rows: { number: string }[]) => rows.map((r) => r.number).sort();

  test("/dashboard leads to the workspace, and nothing else answers without a session", async () => {
    // No fragment in the address, so the browser keeps the old one (/dashboard#/dead-letters, #login=…).
    const page = await fetch(`${t.baseUrl}/dashboard?lang=en`, { redirect: "manual" });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/workspace?from=dashboard&lang=en");
    expect((await call("GET", "/dashboard/assets/charts.js")).status).toBe(404);
    expect((await call("GET", "/dashboard/api/cases")).status).toBe(401);
    expect((await call("POST", "/dashboard/api/login", undefined, { account: "wang", password: "nope" })).status).toBe(401);
  });

  test("a handler sees their department's cases; a supervisor sees all and filters", async () => {
    const li = await signIn("li");
    const mine = await call("GET", "/dashboard/api/cases", li);
    expect(numbersOf(mine.json.rows)).toEqual(["MQ-20260220-0001", "MQ-20260301-0001", "MQ-20260315-0001"]);
    expect((await call("GET", "/dashboard/api/cases/MQ-20260110-0001", li)).status).toBe(404);

    const zhao = await signIn("zhao");
    const all = await call("GET", "/dashboard/api/cases?size=5", zhao);
    expect(all.json.total).toBe(10);
    expect(all.json.rows).toHaveLength(5);
    const filtered = await call("GET", "/dashboard/api/cases?department=chengguan&state=closed,resolved&q=路灯", zhao);
    expect(numbersOf(filtered.json.rows)).toEqual(["MQ-20260110-0001", "MQ-20260120-0001"]);
    const bad = await call("GET", "/dashboard/api/cases?state=lost", zhao);
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe("state");
  });

  test("CSV export: UTF-8 with BOM, Chinese headings, only what the filters select", async () => {
    const zhao = await signIn("zhao");
    const res = await fetch(`${t.baseUrl}/dashboard/api/cases.csv?category=labour`, { headers: zhao.headers("GET") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="minqing-ledger-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^编号,状态,紧急,类别,社区,承办部门,责任人,提交时间/);
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(["MQ-20260201-0002", "MQ-20260305-0001"]);
    expect(lines[1]).toContain("已撤回");

    const stats = await fetch(`${t.baseUrl}/dashboard/api/stats.csv?by=department&lang=en`, { headers: zhao.headers("GET") });
    const text = (await stats.text()).replace(/^\uFEFF/, "");
    expect(text.split("\r\n")[0]).toMatch(/^Department,Filed,Answered in time,Resolved,Satisfied/);
    expect(text).toContain("Total,10,");
  });

  test("statistics and charts as JSON, limited to a handler's department", async () => {
    const wang = await signIn("wang");
    const stats = await call("GET", "/dashboard/api/stats?by=month", wang);
    expect(stats.json.total.filed).toBe(5);
    const charts = await call("GET", "/dashboard/api/charts", wang);
    expect(charts.json.backlog.bands).toHaveLength(6);
    expect(charts.json.overdue.rows.map((r: { number: string }) => r.number)).toEqual(["MQ-20260210-0001", "MQ-20260310-0001"]);
    expect(charts.json.heat.find((h: { community: string }) => h.community === "东街社区").cases).toBe(3);
  });

  test("a cadre acts on a case from the page as from the chat: the resident hears it, the timeline records it", async () => {
    const resident = `r-${backend}-dash`;
    await t.app.inbound.handle(webMessage({ chatId: resident, text: "西街社区路口的井盖松动了" }));
    await t.app.inbound.handle(webMessage({ chatId: resident, button: "confirm" }));
    await t.settled();
    const number = /MQ-\d{8}-\d{4}/.exec((await t.outboxTexts(resident)).join("\n"))![0];

    const li = await signIn("li");
    expect((await call("POST", `/dashboard/api/cases/${number}/actions`, li, { type: "accept" })).status).toBe(404);

    const wang = await signIn("wang");
    const page = await call("GET", `/dashboard/api/cases/${number}`, wang);
    expect(page.json.actions).toEqual(["accept", "reply", "reject", "transfer", "resolve", "note"]);
    const empty = await call("POST", `/dashboard/api/cases/${number}/actions`, wang, { type: "reply", text: "  " });
    expect(empty.status).toBe(400);
    expect(empty.json.field).toBe("text");

    const replied = await call("POST", `/dashboard/api/cases/${number}/actions`, wang, { type: "reply", text: "已安排维修，明天上午到场" });
    expect(replied.status).toBe(200);
    expect(replied.json.state).toBe("in_progress");
    await t.settled();
    expect((await t.outboxTexts(resident)).at(-1)).toContain("已安排维修，明天上午到场");

    await call("POST", `/dashboard/api/cases/${number}/actions`, wang, { type: "note", text: "内部：联系了物业" });
    const resolved = await call("POST", `/dashboard/api/cases/${number}/actions`, wang, { type: "resolve", text: "井盖已固定" });
    expect(resolved.json.timeline.map((e: { type: string }) => e.type)).toEqual(["created", "reply", "note", "resolve"]);
    expect(resolved.json.timeline[2]).toMatchObject({ internal: true, actor: "王建国" });
    await t.settled();
    expect((await t.outboxTexts(resident)).join("\n")).not.toContain("联系了物业");
    const again = await call("POST", `/dashboard/api/cases/${number}/actions`, wang, { type: "accept" });
    expect(again.status).toBe(409);
  });

  test("another department's case answers exactly as a missing one, on the case page and its actions (no existence oracle)", async () => {
    const li = await signIn("li"); // 住建局: MQ-20260110-0001 is 城管局's
    const elsewhere = "MQ-20260110-0001";
    const missing = "MQ-20260110-0999";
    const pageOf = async (n: string) => call("GET", `/dashboard/api/cases/${n}`, li);
    const actOn = async (n: string) => call("POST", `/dashboard/api/cases/${n}/actions`, li, { type: "note", text: "看看" });
    const shape = (r: { status: number; json: { error?: string } }, n: string) => ({ status: r.status, error: r.json.error?.replace(n, "N") });
    expect(shape(await pageOf(elsewhere), elsewhere)).toEqual(shape(await pageOf(missing), missing));
    expect(shape(await actOn(elsewhere), elsewhere)).toEqual(shape(await actOn(missing), missing));
    expect((await pageOf(elsewhere)).status).toBe(404);
    expect((await actOn(elsewhere)).status).toBe(404);
    // Nothing was written to the other department's case.
    const zhao = await signIn("zhao");
    const page = await call("GET", `/dashboard/api/cases/${elsewhere}`, zhao);
    expect(page.status).toBe(200);
    expect(page.json.timeline.map((e: { type: string }) => e.type)).not.toContain("note");
  });

  test("a cadre without a password asks the bot for a one-time link in private, never in a group", async () => {
    await t.app.inbound.handle(webMessage({ chatId: "c-zhou", senderId: "zhou", text: "/dashboard" }));
    await t.settled();
    const message = (await t.outboxTexts("c-zhou")).at(-1) ?? "";
    const token = /#login=([A-Za-z0-9_-]+)/.exec(message)?.[1];
    expect(message).toContain("http://minqing.test/dashboard/#login=");
    const browser = newBrowser();
    const first = await call("POST", "/dashboard/api/login-link", browser, { token });
    expect(first.status).toBe(200);
    expect(first.json.cadre.name).toBe("周明");
    expect(first.json.token).toBeUndefined();
    expect((await call("GET", "/dashboard/api/session", browser)).status).toBe(200);
    // Once only.
    expect((await call("POST", "/dashboard/api/login-link", undefined, { token })).status).toBe(401);

    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "zhou", group: true, text: "/dashboard" }));
    await t.settled();
    expect((await t.outboxTexts("g-chengguan")).at(-1)).toContain("只在私聊中发送");
  });

  describe("credentials out of URLs", () => {
    test("the session is an HttpOnly, SameSite=Strict cookie, one for every page: the web chat's group chats too", async () => {
      const browser = newBrowser();
      const res = await browser.post("/dashboard/api/login", { account: "wang", password: "demo" });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().join()).toMatch(/^mq_cadre=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
      const session = await browser.get("/dashboard/api/session");
      expect(session.status).toBe(200);
      expect(session.json.cadre.name).toBe("王建国");
      expect((await browser.get("/cadre/session")).status).toBe(200);
      expect((await browser.post("/dashboard/api/logout")).status).toBe(204);
      expect((await browser.get("/cadre/session")).status).toBe(401);
    });

    test("a token in the query string is refused, for a POST action and for a read", async () => {
      const { json } = await call("POST", "/dashboard/api/login", newBrowser(), { account: "wang", password: "demo", bearer: true });
      const token = json.token as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      const listed = (await (await fetch(`${t.baseUrl}/dashboard/api/cases?size=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { rows: { number: string }[] };
      const number = listed.rows[0]!.number;
      const viaQuery = await fetch(`${t.baseUrl}/dashboard/api/cases/${number}/actions?token=${token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "note", text: "经 URL 令牌" }),
      });
      expect(viaQuery.status).toBe(401);
      expect((await fetch(`${t.baseUrl}/dashboard/api/cases?token=${token}`)).status).toBe(401);
      // The same token in the Authorization header works: API clients keep that way.
      expect((await fetch(`${t.baseUrl}/dashboard/api/cases`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    });

    test("a cookie POST from another site's page, or with no Origin, is refused and changes nothing", async () => {
      const wang = await signIn("wang");
      const { rows } = (await wang.get("/dashboard/api/cases?state=submitted")).json as { rows: { number: string }[] };
      const number = rows[0]!.number;
      wang.origin = "https://evil.example";
      const foreign = await wang.post(`/dashboard/api/cases/${number}/actions`, { type: "note", text: "来自别的网站" });
      expect(foreign.status).toBe(403);
      const bare = await fetch(`${t.baseUrl}/dashboard/api/cases/${number}/actions`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: wang.headers("GET")["cookie"]! },
        body: JSON.stringify({ type: "note", text: "没有 Origin" }),
      });
      expect(bare.status).toBe(403);
      wang.origin = t.baseUrl;
      const timeline = (await wang.get(`/dashboard/api/cases/${number}`)).json.timeline as { text?: string }[];
      expect(timeline.map((e) => e.text ?? "").join()).not.toMatch(/来自别的网站|没有 Origin/);
      // The page's own origin, given as MINQING_PUBLIC_URL, is fine too.
      wang.origin = "http://minqing.test";
      expect((await wang.post(`/dashboard/api/cases/${number}/actions`, { type: "note", text: "从公网地址" })).status).toBe(200);
    });
  });

  describe("sign-in cannot be used to lock anyone out", () => {
    test("12 wrong passwords from one address do not stop the owner signing in from another, and a link from the bot still works", async () => {
      const attacker = newBrowser("203.0.113.66");
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await attacker.post("/dashboard/api/login", { account: "wang", password: `guess-${i}` })).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      const slowed = await attacker.post("/dashboard/api/login", { account: "wang", password: "demo" });
      expect(slowed.status).toBe(429);
      expect(Number(slowed.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

      const owner = newBrowser("198.51.100.200");
      expect((await owner.post("/dashboard/api/login", { account: "wang", password: "demo" })).status).toBe(200);

      await t.app.inbound.handle(webMessage({ chatId: "c-wang", senderId: "wang", text: "/dashboard" }));
      await t.settled();
      const token = /#login=([A-Za-z0-9_-]+)/.exec((await t.outboxTexts("c-wang")).at(-1) ?? "")?.[1];
      const linked = newBrowser("203.0.113.66");
      expect((await linked.post("/dashboard/api/login-link", { token })).status).toBe(200);
      expect((await linked.get("/dashboard/api/session")).json.cadre.name).toBe("王建国");
    });

    test("24 sign-ins at once with random names are each answered (401, or 503 with Retry-After), and the dashboard keeps answering meanwhile", async () => {
      const reader = await signIn("zhao");
      const flood = Array.from({ length: 24 }, () => newBrowser().post("/dashboard/api/login", { account: `x-${Math.random().toString(36).slice(2)}`, password: "p" }));
      const during = await reader.get("/dashboard/api/cases?size=1");
      expect(during.status).toBe(200);
      const answers = await Promise.all(flood);
      for (const a of answers) expect([401, 503]).toContain(a.status);
      for (const a of answers.filter((x) => x.status === 503)) expect(Number(a.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    });

    test("a failed sign-in's log line names neither the typed account nor the password", async () => {
      const typed = "zhangsan-mistyped-as-password-123";
      expect((await call("POST", "/dashboard/api/login", undefined, { account: typed, password: "hunter2-secret" })).status).toBe(401);
      const lines = log.lines();
      const failed = lines.filter((l) => l.includes("failed sign-in"));
      expect(failed.length).toBeGreaterThan(0);
      expect(lines.join("\n")).not.toContain(typed);
      expect(lines.join("\n")).not.toContain("hunter2-secret");
    });
  });
});

/**
 * Undelivered messages (dead letters): a reply the channel chokes on every time is set aside
 * after the outbox's bound, the resident's later messages still arrive, the operators hear of
 * it, and a supervisor sees it in the dashboard and sends it again once the cause is gone.
 */
describe.each(backends)("undelivered messages in the dashboard on the %s database", (backend) => {
  let now = Date.parse("2026-11-24T02:00:00Z"); // Tuesday 10:00 in Shanghai
  const clock = { now: () => new Date(now) };
  const resident = `r-${randomUUID()}`;
  let poisoned = true;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend, clock });
    // The poison: the channel throws an error nobody recognises for this one reply, every time.
    const web = t.app.adapters.get("web")!;
    const send = web.send.bind(web);
    web.send = (message: OutboundMessage) =>
      poisoned && message.chatId === resident && message.text.includes("☠")
        ? Promise.reject(new TypeError("Cannot read properties of undefined (reading 'codePointAt')"))
        : send(message);
  }, 60_000);
  afterAll(() => t?.stop());

  async function call(method: string, path: string, token?: string) {
    const res = await fetch(`${t.baseUrl}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : null };
  }
  async function signIn(account: string): Promise<string> {
    const res = await fetch(`${t.baseUrl}/dashboard/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // An API-style client: the token comes back in the body, for the Authorization header.
      body: JSON.stringify({ account, password: "demo", bearer: true }),
    });
    return ((await res.json()) as { token: string }).token;
  }
  const act = (token: string, number: string, body: unknown) =>
    fetch(`${t.baseUrl}/dashboard/api/cases/${number}/actions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const residentRows = async (): Promise<{ text: string; status: string }[]> =>
    t.app.database.dataSource.query(`SELECT payload->>'text' AS text, status FROM outbox WHERE chat_id = $1 ORDER BY id`, [resident]);
  async function minutes(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      now += 60_000;
      await t.settled();
    }
  }

  test("a poisonous reply is set aside, the resident's later messages arrive, the operators hear once, a supervisor sends it again", async () => {
    await t.app.inbound.handle(webMessage({ chatId: resident, text: "西街社区路口的井盖松动了" }));
    await t.app.inbound.handle(webMessage({ chatId: resident, button: "confirm" }));
    await t.settled();
    const number = /MQ-\d{8}-\d{4}/.exec((await t.outboxTexts(resident)).join("\n"))![0];
    const wang = await signIn("wang");
    expect((await act(wang, number, { type: "reply", text: "☠ 已安排维修，明天上午到场" })).status).toBe(200);
    expect((await act(wang, number, { type: "resolve", text: "井盖已固定" })).status).toBe(200);
    await minutes(60);

    // The reply failed more than 12 times with an unexplained error: set aside; what came after it went.
    const rows = await residentRows();
    expect(rows.find((r) => r.text.includes("☠"))?.status).toBe("dead");
    const after = rows.slice(rows.findIndex((r) => r.text.includes("☠")) + 1);
    expect(after.some((r) => r.text.includes("井盖已固定"))).toBe(true);
    expect(after.map((r) => r.status)).toEqual(after.map(() => "sent"));
    const alarms = (await t.outboxTexts("g-xinfang")).filter((text) => text.includes("投递失败"));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toContain("http://minqing.test/workspace#/dead-letters");
    expect(await new Metrics(t.app.database.dataSource).registry.metrics()).toContain('minqing_outbox_dead_letters{channel="web"} 1');

    // Supervisors see it, with no resident's chat id or text; handlers and strangers do not.
    expect((await call("GET", "/dashboard/api/dead-letters")).status).toBe(401);
    expect((await call("GET", "/dashboard/api/dead-letters", wang)).status).toBe(403);
    const zhao = await signIn("zhao");
    const list = await call("GET", "/dashboard/api/dead-letters", zhao);
    expect(list.status).toBe(200);
    expect(list.json.rows).toHaveLength(1);
    const [dead] = list.json.rows;
    expect(dead).toMatchObject({ channel: "web", chat: { kind: "resident" }, case: number, text: null, reason: "attempts", attempts: 13, failures: 13 });
    expect(dead.firstError).toContain("codePointAt");
    expect(dead.lastError).toContain("codePointAt");
    expect(dead.ageSeconds).toBeGreaterThanOrEqual(60 * 60);
    expect(list.text).not.toContain(resident);
    expect((await call("POST", `/dashboard/api/dead-letters/${dead.id}/retry`, wang)).status).toBe(403);

    // The cause is gone; the supervisor sends it again: it arrives, and the case's timeline says who.
    poisoned = false;
    const retried = await call("POST", `/dashboard/api/dead-letters/${dead.id}/retry`, zhao);
    expect(retried.status).toBe(200);
    expect(retried.json.rows).toEqual([]);
    await t.settled();
    expect((await residentRows()).find((r) => r.text.includes("☠"))?.status).toBe("sent");
    const page = await call("GET", `/dashboard/api/cases/${number}`, zhao);
    expect(page.json.timeline.at(-1)).toMatchObject({ type: "note", internal: true, actor: "赵书记" });
    expect((await call("POST", `/dashboard/api/dead-letters/${dead.id}/retry`, zhao)).status).toBe(404);
  });

  test("a supervisor discards a message the channel refuses for good", async () => {
    await t.app.database.dataSource.transaction((tx) => enqueue(tx, { channel: "web", chatId: "g-nowhere" }, { text: "通知" }, null, clock.now()));
    await t.settled();
    const zhao = await signIn("zhao");
    const list = await call("GET", "/dashboard/api/dead-letters", zhao);
    expect(list.json.rows).toMatchObject([{ reason: "refused", attempts: 1 }]);
    const id = list.json.rows[0].id as number;
    const discarded = await call("POST", `/dashboard/api/dead-letters/${id}/discard`, zhao);
    expect(discarded.status).toBe(200);
    expect(discarded.json.rows).toEqual([]);
    const [row] = await t.app.database.dataSource.query(`SELECT status FROM outbox WHERE id = $1`, [id]);
    expect(row.status).toBe("discarded");
    expect((await call("POST", `/dashboard/api/dead-letters/${id}/discard`, zhao)).status).toBe(404);
    expect((await call("GET", `/dashboard/api/dead-letters/${id}/discard`, zhao)).status).toBe(405);
  });
});
