import { backends } from "../support/databases";
import { webMessage } from "../support/messages";
import { insertCases } from "../support/case-fixture";
import { statsFixture } from "../support/stats-fixture";
import { startTestApp, type TestApp } from "../support/test-app";

/** The dashboard's JSON and CSV over HTTP: sign-in, who sees what, acting on a case, exports. */
describe.each(backends)("the dashboard API on the %s database", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend });
    await insertCases(t.app.database.dataSource.manager, statsFixture);
  }, 60_000);
  afterAll(() => t?.stop());

  async function call(method: string, path: string, token?: string, body?: unknown) {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
  }
  async function signIn(account: string): Promise<string> {
    const res = await call("POST", "/dashboard/api/login", undefined, { account, password: "demo" });
    expect(res.status).toBe(200);
    return res.json.token as string;
  }
  const numbersOf = (rows: { number: string }[]) => rows.map((r) => r.number).sort();

  test("the page is served, and nothing else answers without a session", async () => {
    const page = await call("GET", "/dashboard");
    expect(page.status).toBe(200);
    expect(page.text).toContain("/dashboard/assets/app.js");
    expect((await call("GET", "/dashboard/assets/charts.js")).status).toBe(200);
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
    const res = await fetch(`${t.baseUrl}/dashboard/api/cases.csv?category=labour`, { headers: { authorization: `Bearer ${zhao}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="minqing-ledger-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^编号,状态,紧急,类别,社区,承办部门,责任人,提交时间/);
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(["MQ-20260201-0002", "MQ-20260305-0001"]);
    expect(lines[1]).toContain("已撤回");

    const stats = await fetch(`${t.baseUrl}/dashboard/api/stats.csv?by=department&lang=en`, { headers: { authorization: `Bearer ${zhao}` } });
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
    const first = await call("POST", "/dashboard/api/login-link", undefined, { token });
    expect(first.status).toBe(200);
    expect(first.json.cadre.name).toBe("周明");
    expect((await call("GET", "/dashboard/api/session", first.json.token)).status).toBe(200);
    // Once only.
    expect((await call("POST", "/dashboard/api/login-link", undefined, { token })).status).toBe(401);

    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "zhou", group: true, text: "/dashboard" }));
    await t.settled();
    expect((await t.outboxTexts("g-chengguan")).at(-1)).toContain("只在私聊中发送");
  });
});
