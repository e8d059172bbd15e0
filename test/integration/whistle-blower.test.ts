import { backends } from "../support/databases";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";
import { webConversation } from "../support/web-conversation";
import { cadreSignIns } from "../support/cadre-sign-in";

const HOTLINE_KEY = "hotline-key-0123456789abcdefghij";

/**
 * Whistle-blower protection (信访工作条例 Art. 30), end to end on each database: a report about
 * 城管 typed in the web chat goes to the 信访局, and 城管's cadres — wang and zhou, and a supervisor
 * of 城管 added here, who would otherwise see every department — never see it: not as a case, in
 * the inbox, the ledger, search, CSV, statistics, charts, the open API, a card or the chat desk.
 */
describe.each(backends)("reports about a department on the %s database", (backend) => {
  let t: TestApp;
  let c: ReturnType<typeof webConversation>;
  let report: string;
  beforeAll(async () => {
    const deployment = testDeployment();
    deployment.cadres.push({ id: "qian", name: "钱局长", department: "chengguan", role: "supervisor", communities: [], accounts: { web: "qian" }, webPassword: "demo", active: true });
    deployment.apiKeys = [{ id: "hotline-12345", name: "12345 热线", key: HOTLINE_KEY, scopes: ["read", "file"] }];
    t = await startTestApp({ backend, deployment, trustedProxies: ["127.0.0.1"] });
    c = webConversation(t);
    report = await c.fileAppeal(c.newResident(), "东街社区的城管队员向摆摊的老人索要好处费，不给就没收三轮车");
  }, 60_000);
  afterAll(() => t?.stop());

  const signIn = cadreSignIns(() => t.baseUrl);
  const numbersIn = (rows: { number: string }[]) => rows.map((r) => r.number);

  test("a report about 城管 typed in words goes to the 信访局, filed as a report, and the resident is told who handles it", async () => {
    const filed = await c.caseByNumber(report);
    expect(filed).toMatchObject({ departmentId: "xinfang", accusedDepartmentId: "chengguan", accusedCadreId: null, categoryId: "other" });
    expect((await t.outboxTexts("g-xinfang")).some((x) => x.includes(report))).toBe(true);
    const resident = await t.app.database.dataSource.query(`SELECT chat_id FROM cases WHERE number = $1`, [report]);
    const heard = (await t.outboxTexts(resident[0].chat_id)).join("\n");
    expect(heard).toContain("将由信访局办理，不会转给被反映的单位或人员");
  });

  test("in Traditional characters too, and by the way in (反映干部作风问题) with a cadre's name and no accusation word", async () => {
    const traditional = await c.fileAppeal(c.newResident(), "東街社區的城管隊員向擺攤的老人索要好處費");
    expect(await c.caseByNumber(traditional)).toMatchObject({ departmentId: "xinfang", accusedDepartmentId: "chengguan" });

    const resident = c.newResident();
    await c.send(resident, { text: "反映干部作风问题" });
    expect(await c.last(resident)).toContain("请说明您要反映的单位或干部");
    const named = await c.fileAppeal(resident, "西街社区的王建国处理问题推三阻四，一拖再拖");
    expect(await c.caseByNumber(named)).toMatchObject({ departmentId: "xinfang", accusedDepartmentId: "chengguan", accusedCadreId: "wang" });
  });

  test("an ordinary complaint that only mentions 城管 still goes to 城管", async () => {
    const ordinary = await c.fileAppeal(c.newResident(), "东街社区路口占道经营很严重，希望城管来管一管");
    expect(await c.caseByNumber(ordinary)).toMatchObject({ departmentId: "chengguan", accusedDepartmentId: null });
  });

  test("城管's cadres never see it: the case is a 404, and no inbox, ledger, search, CSV, statistics, chart or live row holds it", async () => {
    for (const account of ["wang", "zhou", "qian"]) {
      const cadre = await signIn(account);
      expect((await cadre.get(`/dashboard/api/cases/${report}`)).status).toBe(404);
      expect((await cadre.get(`/dashboard/api/inbox/cases/${report}`)).status).toBe(404);
      expect((await cadre.get(`/dashboard/api/inbox?number=${report}`)).status).toBe(404);
      expect(numbersIn((await cadre.get("/dashboard/api/inbox")).json.rows)).not.toContain(report);
      expect(numbersIn((await cadre.get("/dashboard/api/cases?size=200")).json.rows)).not.toContain(report);
      expect((await cadre.get(`/dashboard/api/cases?q=${encodeURIComponent("索要好处费")}`)).json.rows).toEqual([]);
      expect((await cadre.get(`/dashboard/api/cases?q=${report}`)).json.rows).toEqual([]);
      expect((await cadre.get("/dashboard/api/cases.csv")).text).not.toContain(report);
      // The drill-down of the 信访局's row, and its count: nothing of the report.
      expect((await cadre.get("/dashboard/api/cases?department=xinfang")).json.rows).toEqual([]);
      const stats = (await cadre.get("/dashboard/api/stats?by=department")).json;
      expect(stats.rows.find((r: { key: string }) => r.key === "xinfang")).toBeUndefined();
      expect((await cadre.get(`/dashboard/api/stats?by=department&q=${encodeURIComponent("索要")}`)).json.total.filed).toBe(0);
      expect(JSON.stringify((await cadre.get("/dashboard/api/charts")).json)).not.toContain(report);
    }
  });

  test("the 信访局's cadre and a supervisor of another department see it and may act on it", async () => {
    for (const account of ["yang", "zhao"]) {
      const cadre = await signIn(account);
      const page = await cadre.get(`/dashboard/api/cases/${report}`);
      expect(page.status).toBe(200);
      expect(page.json.actions).toContain("transfer");
      expect(numbersIn((await cadre.get("/dashboard/api/inbox")).json.rows)).toContain(report);
      expect(numbersIn((await cadre.get(`/dashboard/api/cases?q=${encodeURIComponent("索要好处费")}`)).json.rows)).toContain(report);
      expect((await cadre.get("/dashboard/api/cases.csv")).text).toContain(report);
    }
    // Counted where it is handled: under the 信访局, for those who may see it.
    const stats = (await (await signIn("zhao")).get("/dashboard/api/stats?by=department")).json;
    expect(stats.rows.find((r: { key: string }) => r.key === "xinfang").filed).toBeGreaterThanOrEqual(3);
  });

  test("a transfer, an assignment or a merge that would hand it to 城管 is refused, politely, on the page and in the chat", async () => {
    const yang = await signIn("yang");
    const act = (body: unknown) => yang.post(`/dashboard/api/inbox/cases/${report}/actions`, body);
    const transfer = await act({ type: "transfer", department: "chengguan", text: "属于城管" });
    expect(transfer.status).toBe(400);
    expect(transfer.json.field).toBe("department");
    const zhao = await signIn("zhao");
    expect((await zhao.post(`/dashboard/api/inbox/cases/${report}/actions`, { type: "assign", cadre: "wang" })).status).toBe(400);
    const ordinary = await c.fileAppeal(c.newResident(), "东街社区菜市场门口垃圾堆了三天没人清运");
    expect((await zhao.post(`/dashboard/api/inbox/cases/${report}/actions`, { type: "merge", into: ordinary })).json.field).toBe("into");

    await c.cadreSays("yang", `/transfer ${report} 城管`, undefined, "g-xinfang");
    expect(await c.last("g-xinfang")).toContain("根据《信访工作条例》第三十条，不能交由被反映的部门或人员办理");
    expect(await c.caseByNumber(report)).toMatchObject({ departmentId: "xinfang" });
  });

  test("no card, notice or reminder reaches 城管's group, its cadres or the shared supervisors' group; the chat desk answers as for no case", async () => {
    const rows: { chat_id: string }[] = await t.app.database.dataSource.query(
      `SELECT DISTINCT o.chat_id FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.number = $1`,
      [report],
    );
    const chats = rows.map((r) => r.chat_id);
    expect(chats).toContain("g-xinfang");
    for (const hidden of ["g-chengguan", "wang", "zhou", "qian", "g-supervisors"]) expect(chats).not.toContain(hidden);

    await c.cadreSays("wang", `/case ${report}`);
    expect(await c.last("g-chengguan")).toContain("没有找到编号为");
    await c.cadreSays("qian", `/accept ${report}`);
    expect(await c.last("g-chengguan")).toContain("没有找到编号为");
  });

  test("the open API never gives a report to another system", async () => {
    const get = async (path: string) => {
      const res = await fetch(`${t.baseUrl}/open311/v2${path}`, { headers: { "x-api-key": HOTLINE_KEY } });
      return { status: res.status, json: await res.json() };
    };
    expect((await get(`/requests/${report}.json`)).status).toBe(404);
    const listed = await get("/requests.json");
    expect(listed.status).toBe(200);
    expect(listed.json.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(report);
  });
});
