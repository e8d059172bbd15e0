import type { Deployment } from "../../src/config/schema";
import { CaseEvent } from "../../src/db/entities/case-event";
import { silentLogger, type Logger } from "../../src/log";
import { captureLogger } from "../support/capture-logger";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";
import { webConversation } from "../support/web-conversation";
import { BrowserClient } from "../support/browser-client";

/** The app on a database that outlives it, so a test can stop it and start it again with another deployment file. */
function startOn(database: TestDatabase, deployment: Deployment, logger: Logger = silentLogger()): Promise<TestApp> {
  return startTestApp({ backend: database.settings.kind, database, deployment, logger });
}

function without(deployment: Deployment, cadreId: string): Deployment {
  const d = structuredClone(deployment);
  d.cadres = d.cadres.filter((c) => c.id !== cadreId);
  return d;
}

function inactive(deployment: Deployment, cadreId: string): Deployment {
  const d = structuredClone(deployment);
  d.cadres.find((c) => c.id === cadreId)!.active = false;
  return d;
}

const group = "g-chengguan";

/**
 * Removing a cadre from the deployment file: what they did stays readable, and what they were
 * answering for goes to someone who is still there.
 */
describe.each(backends)("a cadre who left the deployment file, on the %s database", (backend) => {
  let database: TestDatabase;
  let t: TestApp | undefined;
  let other: TestApp | undefined;
  beforeEach(async () => {
    database = await createTestDatabase(backend);
  });
  afterEach(async () => {
    await other?.stop();
    await t?.stop();
    other = t = undefined;
    await database.drop();
  }, 60_000);

  /** zhou answered the case once, then the service handed it to wang at start: the timeline says so, the resident does not see it. */
  async function expectReassignedFromZhou(caseId: number): Promise<void> {
    const events = await t!.app.database.dataSource.getRepository(CaseEvent).find({ where: { caseId }, order: { id: "ASC" } });
    expect(events.map((e) => [e.type, e.actorKind])).toEqual([
      ["created", "resident"],
      ["reply", "cadre"],
      ["reassign", "system"],
    ]);
    expect(events[2]).toMatchObject({ public: false, data: { department: "chengguan", from: "zhou", to: "wang" } });
  }

  test("residents and cadres still read and answer zhou's cases, and his open case goes to wang, with an event, a notice and a warning", async () => {
    // Before: 周明 (zhou) answers for 南湖 and 新城.
    t = await startOn(database, testDeployment());
    let talk = webConversation(t);
    const resident = talk.newResident();
    const open = await talk.fileAppeal(resident, "南湖社区的路灯坏了好几天了，晚上很黑");
    expect((await t.outboxTexts(group)).find((x) => x.includes(open))).toContain("@周明");
    await talk.cadreSays("zhou", "明天派人去修", await talk.cardMessageId(open));
    const done = await talk.fileAppeal(resident, "新城社区的垃圾堆了三天没人清运");
    await talk.cadreSays("zhou", `/resolve ${done} 已清运`);
    await talk.send(resident, { button: `rate:${done}:5` });
    const card = await talk.cardMessageId(open);
    await t.stop();

    // After: zhou is gone from the file. On PostgreSQL two instances start at the same moment.
    // Either instance may be the one that reassigns (whichever locks the case first): both logs are read.
    const logs = [captureLogger(), captureLogger()];
    const starts = [startOn(database, without(testDeployment(), "zhou"), logs[0]!.logger)];
    if (backend === "postgres") starts.push(startOn(database, without(testDeployment(), "zhou"), logs[1]!.logger));
    const [first, second] = await Promise.all(starts);
    t = first!;
    other = second;
    talk = webConversation(t);

    // The resident's /status and /case work (they answered `unknown cadre "zhou"`).
    await talk.send(resident, { text: "/status" });
    const status = await talk.last(resident);
    expect(status).toContain(open);
    expect(status).toContain(done);
    await talk.send(resident, { text: `/case ${open}` });
    const forResident = await talk.last(resident);
    expect(forResident).toContain("明天派人去修");
    expect(forResident).toContain("城市管理局");
    expect(forResident).not.toContain("改派"); // the department's own business
    await talk.send(resident, { text: `/case ${done}` });
    expect(await talk.last(resident)).toContain("已清运");

    // The open case is wang's now (南湖 has no handler left; wang is the department's first), once.
    expect((await talk.caseByNumber(open)).cadreId).toBe("wang");
    expect((await talk.caseByNumber(open)).state).toBe("in_progress");
    await expectReassignedFromZhou((await talk.caseByNumber(open)).id);
    await t.settled();
    const notices = (await t.outboxTexts(group)).filter((x) => x.includes("已不在本部门名册"));
    expect(notices).toEqual([`诉求 ${open} 的原承办人 zhou（已不在名册） 已不在本部门名册，已改由 @王建国 承办，请跟进。`]);
    const warnings = logs.flatMap((l) => l.lines("warn")).filter((line) => line.includes('cadre "zhou" is no longer in the deployment file'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/1 open case\(s\) reassigned.*"count":1/);
    // The closed case is history: not reassigned.
    expect((await talk.caseByNumber(done)).cadreId).toBe("zhou");

    // wang answers on the old card; the resident hears it.
    await talk.cadreSays("wang", "电工今天下午到", card);
    expect(await talk.last(resident)).toContain("电工今天下午到");
    await talk.cadreSays("wang", `/case ${open}`);
    const forCadre = await talk.last(group);
    expect(forCadre).toContain("zhou（已不在名册）");
    expect(forCadre).toContain("zhou（已不在名册） → 王建国");
    await talk.cadreSays("wang", `/case ${done}`);
    expect(await talk.last(group)).toContain("zhou（已不在名册）");

    // The resident asks for a review of zhou's closed case: it goes to the reviewing body (the
    // 信访局), whose cadre answers for it; the department that answered is told, zhou's absence aside.
    await talk.send(resident, { text: `/review ${done} 垃圾又堆起来了` });
    expect(await talk.caseByNumber(done)).toMatchObject({ state: "in_progress", departmentId: "xinfang", cadreId: "yang" });
    expect((await t.outboxTexts("g-xinfang")).findLast((x) => x.includes(done))).toContain("@杨帆");
    expect(await talk.last(group)).toContain(`诉求 ${done} 的答复申请复查，已由信访局复查`);
  }, 120_000);

  test("a cadre moved to another department keeps their history, and their open case stays with the old department", async () => {
    t = await startOn(database, testDeployment());
    let talk = webConversation(t);
    const resident = talk.newResident();
    const number = await talk.fileAppeal(resident, "南湖社区的井盖丢了，很危险");
    await talk.cadreSays("zhou", "已设置警示牌", await talk.cardMessageId(number));
    await t.stop();

    const moved = testDeployment();
    moved.cadres.find((c) => c.id === "zhou")!.department = "zhujian";
    t = await startOn(database, moved);
    talk = webConversation(t);
    expect((await talk.caseByNumber(number)).cadreId).toBe("wang");
    expect((await talk.caseByNumber(number)).departmentId).toBe("chengguan");
    await t.settled();
    expect(await talk.last(group)).toBe(`诉求 ${number} 的原承办人 周明 已不在本部门名册，已改由 @王建国 承办，请跟进。`);

    await talk.cadreSays("wang", `/case ${number}`);
    expect(await talk.last(group)).toMatch(/周明 答复：已设置警示牌/);
    await talk.send(resident, { text: `/case ${number}` });
    expect(await talk.last(resident)).toMatch(/城市管理局 答复：已设置警示牌/);
  }, 120_000);

  test("a cadre marked active: false cannot sign in or be assigned, gets no new case, and their open case goes to wang, with an event and a notice", async () => {
    t = await startOn(database, testDeployment());
    let talk = webConversation(t);
    const resident = talk.newResident();
    const open = await talk.fileAppeal(resident, "南湖社区的路灯坏了好几天了，晚上很黑");
    expect((await talk.caseByNumber(open)).cadreId).toBe("zhou");
    await talk.cadreSays("zhou", "明天派人去修", await talk.cardMessageId(open));
    // zhou's browser signed in before he went: the session it keeps lets him in no more.
    const zhouBefore = new BrowserClient(t.baseUrl);
    expect((await zhouBefore.post("/dashboard/api/login", { account: "zhou", password: "demo" })).status).toBe(200);
    await t.stop();

    const log = captureLogger();
    t = await startOn(database, inactive(testDeployment(), "zhou"), log.logger);
    talk = webConversation(t);

    // His open case is wang's now, through the reassign action; the notice still names him.
    const reassigned = await talk.caseByNumber(open);
    expect(reassigned).toMatchObject({ cadreId: "wang", state: "in_progress" });
    await expectReassignedFromZhou(reassigned.id);
    await t.settled();
    expect((await t.outboxTexts(group)).filter((x) => x.includes("已不在本部门名册"))).toEqual([`诉求 ${open} 的原承办人 周明 已不在本部门名册，已改由 @王建国 承办，请跟进。`]);
    expect(log.lines("warn").filter((line) => line.includes('cadre "zhou" is marked active: false: 1 open case(s) reassigned'))).toHaveLength(1);

    // He cannot sign in, and his old session is refused.
    expect((await new BrowserClient(t.baseUrl).post("/dashboard/api/login", { account: "zhou", password: "demo" })).status).toBe(401);
    // The same browser (its cookies) on the restarted service.
    expect((await new BrowserClient(t.baseUrl, t.baseUrl, zhouBefore.cookies).get("/dashboard/api/inbox/desk")).status).toBe(401);

    // Nobody can assign him a case: not by /assign, not from the workspace, whose list leaves him out.
    await talk.cadreSays("wang", `/assign ${open} 周明`);
    expect(await talk.last(group)).toBe(`这位工作人员已不在岗，请将诉求 ${open} 指派给在岗的同事。`);
    const wang = new BrowserClient(t.baseUrl);
    expect((await wang.post("/dashboard/api/login", { account: "wang", password: "demo" })).status).toBe(200);
    const desk = await wang.get("/dashboard/api/inbox/desk");
    expect(desk.json.colleagues.map((c: { id: string }) => c.id)).toEqual(["wang"]);
    expect((await wang.post(`/dashboard/api/inbox/cases/${open}/actions`, { type: "assign", cadre: "zhou" })).status).toBe(400);
    expect((await talk.caseByNumber(open)).cadreId).toBe("wang");

    // Nor can he act from the group chat any more, on a case or at all.
    await talk.cadreSays("zhou", `/resolve ${open} 已修好`);
    expect(await talk.last(group)).toBe("抱歉，只有登记在册的工作人员才能办理诉求。");
    expect((await talk.caseByNumber(open)).state).not.toBe("resolved");

    // A new appeal from 南湖, his community, goes to wang; the timeline still shows zhou's answer by name.
    const next = await talk.fileAppeal(talk.newResident(), "南湖社区的井盖丢了，很危险");
    expect((await talk.caseByNumber(next)).cadreId).toBe("wang");
    await talk.cadreSays("wang", `/case ${open}`);
    expect(await talk.last(group)).toMatch(/周明 答复：明天派人去修/);
  }, 120_000);
});
