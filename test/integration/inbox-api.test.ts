import { BrowserClient } from "../support/browser-client";
import { insertCases } from "../support/case-fixture";
import { backends } from "../support/databases";
import { busyDepartment } from "../support/inbox-fixture";
import { webMessage } from "../support/messages";
import { startTestApp, type TestApp } from "../support/test-app";
import { cadreSignIns } from "../support/cadre-sign-in";

/** The cadres' inbox over HTTP: its views, what each cadre may do to a case, and the stream of changes. */
describe.each(backends)("the cadres' inbox API on the %s database", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend, trustedProxies: ["127.0.0.1"] });
    await insertCases(t.app.database.dataSource.manager, busyDepartment(new Date(), 12));
  }, 60_000);
  afterAll(() => t?.stop());

  const signIn = cadreSignIns(() => t.baseUrl);
  async function file(text: string): Promise<string> {
    const resident = `r-${backend}-inbox-api-${Math.random().toString(36).slice(2)}`;
    await t.app.inbound.handle(webMessage({ chatId: resident, text }));
    await t.app.inbound.handle(webMessage({ chatId: resident, button: "confirm" }));
    await t.settled();
    const [row] = await t.app.database.dataSource.query(`SELECT number FROM cases WHERE chat_id = $1`, [resident]);
    return row.number as string;
  }
  const act = (who: BrowserClient, number: string, body: unknown) => who.post(`/dashboard/api/inbox/cases/${number}/actions`, body);

  test("a handler's views hold their department's open cases, urgent first, then by the next deadline; counts for every view", async () => {
    const wang = await signIn("wang");
    const open = await wang.get("/dashboard/api/inbox");
    expect(open.status).toBe(200);
    expect(open.json.rows).toHaveLength(12);
    expect(open.json.counts.open).toBe(12);
    const urgentFirst = open.json.rows.map((r: { urgent: boolean }) => r.urgent);
    expect(urgentFirst.indexOf(false)).toBe(urgentFirst.filter(Boolean).length);
    const dues = open.json.rows.filter((r: { urgent: boolean }) => !r.urgent).map((r: { dueAt: string | null }) => r.dueAt ?? "9");
    expect(dues).toEqual([...dues].sort());

    const mine = await wang.get("/dashboard/api/inbox?view=mine");
    expect(mine.json.rows.every((r: { mine: boolean; cadre: { id: string } }) => r.mine && r.cadre.id === "wang")).toBe(true);
    expect(mine.json.rows).toHaveLength(open.json.counts.mine);
    const overdue = await wang.get("/dashboard/api/inbox?view=overdue");
    expect(overdue.json.rows.every((r: { dueAt: string }) => Date.parse(r.dueAt) < Date.now())).toBe(true);
    expect(overdue.json.rows).toHaveLength(open.json.counts.overdue);
    const unassigned = await wang.get("/dashboard/api/inbox?view=unassigned");
    expect(unassigned.json.rows.every((r: { state: string; dueKind: string }) => r.state === "submitted" && r.dueKind === "accept")).toBe(true);
    expect((await wang.get("/dashboard/api/inbox?view=everything")).json.field).toBe("view");

    const li = await signIn("li");
    expect((await li.get("/dashboard/api/inbox")).json.rows).toHaveLength(0);
    expect((await li.get(`/dashboard/api/inbox/cases/${open.json.rows[0].number}`)).status).toBe(404);
    expect((await new BrowserClient(t.baseUrl).get("/dashboard/api/inbox")).status).toBe(401);
  });

  test("every chat action from the workspace, by the same rules: the lead assigns, a handler may not; the supervisor decides the extension", async () => {
    const number = await file("东街社区3号楼前的路灯坏了一个星期了");
    const wang = await signIn("wang");
    const zhou = await signIn("zhou");
    const zhao = await signIn("zhao");

    const before = await wang.get(`/dashboard/api/inbox/cases/${number}`);
    expect(before.json.actions).toEqual(expect.arrayContaining(["accept", "reply", "reject", "transfer", "resolve", "note", "assign", "merge"]));
    expect(before.json.actions).not.toContain("extend_request");
    expect((await zhou.get(`/dashboard/api/inbox/cases/${number}`)).json.actions).not.toContain("assign");

    expect((await act(wang, number, { type: "accept" })).json.state).toBe("accepted");
    const assigned = await act(wang, number, { type: "assign", cadre: "zhou", text: "请今天联系" });
    expect(assigned.json.cadre.id).toBe("zhou");
    expect((await act(zhou, number, { type: "assign", cadre: "wang" })).status).toBe(403);
    expect((await act(wang, number, { type: "assign", cadre: "li" })).json.field).toBe("cadre");

    const asked = await act(zhou, number, { type: "extend_request", days: 10, text: "需协调供电公司" });
    expect(asked.json.extension).toEqual({ state: "requested", days: 10, reason: "需协调供电公司" });
    expect(asked.json.actions).not.toContain("extend_approve");
    expect((await act(zhou, number, { type: "extend_approve" })).status).toBe(403);
    expect((await zhao.get(`/dashboard/api/inbox/cases/${number}`)).json.actions).toEqual(expect.arrayContaining(["extend_approve", "extend_deny"]));
    const approved = await act(zhao, number, { type: "extend_approve" });
    expect(approved.json.extension.state).toBe("approved");
    expect(Date.parse(approved.json.deadlines.finish) - Date.parse(asked.json.deadlines.finish)).toBe(10 * 86_400_000);
    expect((await act(zhou, number, { type: "extend_request", days: 3, text: "再延" })).status).toBe(409);
    expect((await act(zhou, number, { type: "extend_request", days: 0, text: "x" })).json.field).toBe("days");

    const timeline = (await zhou.get(`/dashboard/api/inbox/cases/${number}`)).json.timeline.map((e: { type: string }) => e.type);
    expect(timeline).toEqual(["created", "accept", "assign", "extend_request", "extend_approve"]);

    // Merged into another open case of the department: closed into it.
    const lead = await file("东街社区3号楼前面路灯不亮了");
    const merged = await act(zhou, number, { type: "merge", into: lead.toLowerCase() });
    expect(merged.json.state).toBe("merged");
    expect((await act(zhou, lead, { type: "merge", into: "MQ-19990101-0001" })).json.field).toBe("into");
  });

  test("the stream tells each cadre of the cases they may see, at once; a sign-out ends it", async () => {
    const wang = await signIn("wang");
    const li = await signIn("li");
    const wangEvents = await wang.sse("/dashboard/api/inbox/events");
    const liEvents = await li.sse("/dashboard/api/inbox/events");
    expect(wangEvents.status).toBe(200);
    await wangEvents.next((e) => e.event === "ready");
    await liEvents.next((e) => e.event === "ready");

    const number = await file("西街菜市场门口垃圾堆了三天没人清");
    const filed = JSON.parse((await wangEvents.next((e) => e.event === "case")).data);
    expect(filed).toMatchObject({ number, departmentId: "chengguan", event: "created", state: "submitted", urgent: false });
    expect(JSON.stringify(filed)).not.toContain("垃圾");

    // Transferred to 住建局: both hear it, the old department to drop the row.
    await act(wang, number, { type: "transfer", department: "zhujian" });
    expect(JSON.parse((await wangEvents.next((e) => e.event === "case")).data)).toMatchObject({ number, event: "transfer", fromDepartmentId: "chengguan" });
    expect(JSON.parse((await liEvents.next((e) => e.event === "case")).data)).toMatchObject({ number, event: "transfer", departmentId: "zhujian" });
    expect(liEvents.pending().filter((e) => e.event === "case")).toHaveLength(0);

    expect((await wang.post("/dashboard/api/logout", {})).status).toBeLessThan(300);
    await wangEvents.waitForEnd();
    liEvents.close();
  });
});
