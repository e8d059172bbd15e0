import { Case } from "../../src/db/entities/case";
import { captureLogger } from "../support/capture-logger";
import { backends } from "../support/databases";
import { webMessage } from "../support/messages";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";

const HOTLINE_KEY = "hotline-key-0123456789abcdefghij";
const PORTAL_KEY = "portal-key-0123456789abcdefghijkl";

/** The Open311-style API as another government system uses it: keys, filing, reading, filtering, refusals. */
describe.each(backends)("the open API on the %s database", (backend) => {
  let t: TestApp;
  const log = captureLogger();
  beforeAll(async () => {
    const deployment = testDeployment();
    deployment.apiKeys = [
      { id: "hotline-12345", name: "12345 热线", key: HOTLINE_KEY, scopes: ["read", "file"] },
      { id: "portal", name: "数据开放平台", key: PORTAL_KEY, scopes: ["read"] },
    ];
    t = await startTestApp({ backend, deployment, logger: log.logger });
  }, 60_000);
  afterAll(() => t?.stop());

  const api = `/open311/v2`;
  async function get(path: string, key?: string) {
    const res = await fetch(`${t.baseUrl}${api}${path}`, { headers: key ? { "x-api-key": key } : {} });
    return { status: res.status, json: await res.json() };
  }
  async function postForm(fields: Record<string, string>) {
    const res = await fetch(`${t.baseUrl}${api}/requests.json`, { method: "POST", body: new URLSearchParams(fields) });
    return { status: res.status, json: await res.json() };
  }
  async function postJson(body: unknown, key = HOTLINE_KEY) {
    const res = await fetch(`${t.baseUrl}${api}/requests.json`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": key }, body: JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  }
  const refusal = (res: { status: number; json: { code: number; field?: string }[] }) => ({ status: res.status, field: res.json[0]?.field });

  test("services are the categories, open to anyone; each lists the attributes a request may carry", async () => {
    const services = await get("/services.json");
    expect(services.status).toBe(200);
    expect(services.json.find((s: { service_code: string }) => s.service_code === "city")).toMatchObject({ service_name: "市容环境", group: "城市管理局", type: "realtime" });
    const city = await get("/services/city.json");
    expect(city.json.attributes.map((a: { code: string }) => a.code)).toEqual(["community", "urgent"]);
    expect(refusal(await get("/services/nope.json"))).toEqual({ status: 404, field: "service_code" });
    expect(refusal(await get("/services.xml"))).toEqual({ status: 400, field: "format" });
  });

  test("filing needs a key that may file; every bad field is named", async () => {
    const good = { service_code: "city", description: "西街社区菜市场门口垃圾堆了三天" };
    expect(refusal(await postForm(good))).toEqual({ status: 401, field: "api_key" });
    expect(refusal(await postForm({ ...good, api_key: "not-a-key-not-a-key-not-a-key" }))).toEqual({ status: 401, field: "api_key" });
    expect(refusal(await postJson(good, PORTAL_KEY))).toEqual({ status: 403, field: "api_key" });
    expect(refusal(await postJson({ description: "x" }))).toEqual({ status: 400, field: "service_code" });
    expect(refusal(await postJson({ ...good, service_code: "potholes" }))).toEqual({ status: 400, field: "service_code" });
    expect(refusal(await postJson({ service_code: "city" }))).toEqual({ status: 400, field: "description" });
    expect(refusal(await postJson({ ...good, lat: "30.1" }))).toEqual({ status: 400, field: "long" });
    expect(refusal(await postJson({ ...good, lat: "95", long: "120" }))).toEqual({ status: 400, field: "lat" });
    expect(refusal(await postJson({ ...good, attribute: { community: "moon" } }))).toEqual({ status: 400, field: "attribute[community]" });
    expect(refusal(await postJson({ ...good, media_url: "javascript:alert(1)" }))).toEqual({ status: 400, field: "media_url" });
    expect(refusal(await postJson({ ...good, description: "字".repeat(5001) }))).toEqual({ status: 400, field: "description" });
    const notJson = await fetch(`${t.baseUrl}${api}/requests.json`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": HOTLINE_KEY }, body: "{" });
    expect(notJson.status).toBe(400);
    expect(await t.app.database.dataSource.getRepository(Case).count()).toBe(0);
  });

  test("a filed request becomes a case like one from the chat: routed, carded to the group, no chat message to anyone else", async () => {
    const filed = await postForm({ api_key: HOTLINE_KEY, service_code: "city", description: "垃圾堆了三天没人清", address_string: "西街社区菜市场门口", lat: "30.25", long: "120.17", first_name: "张", account_id: "caller-7" });
    expect(filed.status).toBe(201);
    const id = filed.json[0].service_request_id as string;
    expect(id).toMatch(/^MQ-\d{8}-\d{4}$/);
    await t.settled();
    const c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number: id });
    expect(c).toMatchObject({ channel: "api", chatId: "hotline-12345", departmentId: "chengguan", communityId: "xijie", categoryId: "city", state: "submitted" });
    expect(c.text).toContain("📍 西街社区菜市场门口");
    expect((await t.outboxTexts("g-chengguan")).join("\n")).toContain(id);
    const stray: { n: string }[] = await t.app.database.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE chat_id = 'hotline-12345'`);
    expect(Number(stray[0]!.n)).toBe(0);

    const urgent = await postJson({ service_code: "gas", description: "楼道里闻到燃气泄漏的味道", attribute: { community: "nanhu" } });
    const u = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number: urgent.json[0].service_request_id });
    expect(u).toMatchObject({ urgent: true, communityId: "nanhu", departmentId: "zhujian" });
  });

  test("reading: status and public notes for every reader, the resident's words only for the filer; filters by status, service and date", async () => {
    const filed = await postJson({ service_code: "city", description: "东街社区路灯不亮", account_id: "caller-8" });
    const id = filed.json[0].service_request_id as string;
    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "wang", group: true, text: `/note ${id} 内部：先查线路` }));
    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "wang", group: true, text: `/reply ${id} 已派电工今晚检修` }));
    await t.settled();

    const mine = await get(`/requests/${id}.json`, HOTLINE_KEY);
    expect(mine.status).toBe(200);
    expect(mine.json[0]).toMatchObject({ service_request_id: id, status: "open", status_notes: "已派电工今晚检修", description: "东街社区路灯不亮", agency_responsible: "城市管理局", address: "东街社区" });
    expect(mine.json[0].extended_attributes.state).toBe("in_progress");
    expect(JSON.stringify(mine.json)).not.toContain("先查线路");
    const theirs = await get(`/requests/${id}.json`, PORTAL_KEY);
    expect(theirs.json[0]).toMatchObject({ status_notes: "已派电工今晚检修", description: null, lat: null });

    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "wang", group: true, text: `/resolve ${id} 已修好` }));
    await t.settled();
    const closed = await get("/requests.json?status=closed", PORTAL_KEY);
    expect(closed.json.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);
    const open = await get("/requests.json?status=open&service_code=city,gas", PORTAL_KEY);
    expect(open.json.length).toBe(2);
    expect((await get("/requests.json?start_date=2000-01-01&end_date=2000-12-31", PORTAL_KEY)).json).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`/requests.json?start_date=2000-01-01T00:00:00Z&service_request_id=${id}`, PORTAL_KEY)).json).toHaveLength(1);
    expect((await get(`/requests.json?start_date=${today}T00:00:00Z&page_size=2`, PORTAL_KEY)).json).toHaveLength(2);
  });

  test("reading refuses without a key, and names bad parameters", async () => {
    expect(refusal(await get("/requests.json"))).toEqual({ status: 401, field: "api_key" });
    expect(refusal(await get("/requests.json?start_date=yesterday", PORTAL_KEY))).toEqual({ status: 400, field: "start_date" });
    expect(refusal(await get("/requests.json?status=lost", PORTAL_KEY))).toEqual({ status: 400, field: "status" });
    expect(refusal(await get("/requests.json?page_size=5000", PORTAL_KEY))).toEqual({ status: 400, field: "page_size" });
    expect(refusal(await get("/requests/MQ-20000101-0001.json", PORTAL_KEY))).toEqual({ status: 404, field: "service_request_id" });
    expect(refusal(await get("/requests/nonsense.json", PORTAL_KEY))).toEqual({ status: 400, field: "service_request_id" });
  });

  test("the OpenAPI description is served and every path in it answers", async () => {
    const doc = await get("/openapi.json");
    expect(doc.json.openapi).toBe("3.1.0");
    const [first] = (await get("/requests.json?start_date=2000-01-01", PORTAL_KEY)).json as { service_request_id: string }[];
    for (const path of Object.keys(doc.json.paths)) {
      const real = path.replace("{service_code}", "city").replace("{service_request_id}", first!.service_request_id);
      expect({ path, status: (await get(real, PORTAL_KEY)).status }).toEqual({ path, status: 200 });
    }
  });

  test("every call is logged with the client and the outcome, never the key", async () => {
    const lines = log.lines("info").filter((l) => l.includes("open API call"));
    expect(lines.some((l) => l.includes('"client":"hotline-12345"') && l.includes('"status":201') && l.includes('"request":"MQ-'))).toBe(true);
    expect(lines.some((l) => l.includes('"status":401'))).toBe(true);
    expect(log.lines().join("\n")).not.toContain(HOTLINE_KEY);
    expect(log.lines().join("\n")).not.toContain(PORTAL_KEY);
  });

  test("a cadre's answer with the resident's phone in it is masked for every client; the filer gets its own description back as sent", async () => {
    const filed = await postJson({ service_code: "city", description: "东街社区路灯不亮，来电人电话 13812345678", account_id: "caller-9" });
    const id = filed.json[0].service_request_id as string;
    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "wang", group: true, text: `/reply ${id} 已按 138 1234 5678 联系您，电工今晚到` }));
    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "wang", group: true, text: `/resolve ${id} 已修好，回访请拨（0591）8765 4321` }));
    await t.settled();

    for (const key of [PORTAL_KEY, HOTLINE_KEY]) {
      const [request] = (await get(`/requests/${id}.json`, key)).json;
      expect(request.status_notes).toBe("已修好，回访请拨（0591）**** 4321");
      const notes = request.extended_attributes.notes.map((n: { description: string | null }) => n.description);
      expect(notes).toContain("已按 138 **** 5678 联系您，电工今晚到");
      const answers = JSON.stringify([request.status_notes, notes]).replace(/[\s-]/g, "");
      expect(answers).not.toMatch(/1381234|87654321/);
    }
    expect((await get(`/requests/${id}.json`, HOTLINE_KEY)).json[0].description).toBe("东街社区路灯不亮，来电人电话 13812345678");
    expect((await get(`/requests/${id}.json`, PORTAL_KEY)).json[0].description).toBeNull();
    expect(JSON.stringify((await get("/requests.json?status=closed", PORTAL_KEY)).json)).not.toMatch(/1381234|8765 4321/);
  });
});
