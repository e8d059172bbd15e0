import { randomUUID } from "node:crypto";
import { BrowserClient } from "../support/browser-client";
import { backends } from "../support/databases";
import { onePixelPng as png } from "../support/png";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * The resident chat's photos, places and 我的诉求 over HTTP, as the page drives them: a photo is
 * taken for what its bytes are, never for what it claims; it is the sending chat's alone (no other
 * chat reads or sends it); a place reaches the case; the case list holds only the cookie's
 * resident's cases, without cadres' names or internal notes.
 */
describe.each(backends)("the web resident's photos and cases on the %s database", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend });
  }, 60_000);
  afterAll(() => t?.stop());

  async function upload(browser: BrowserClient, body: Buffer, type = "image/jpeg") {
    const res = await fetch(`${t.baseUrl}/chat/photos`, { method: "POST", headers: { ...browser.headers("POST"), "content-type": type }, body: new Uint8Array(body) });
    return { status: res.status, json: (await res.json()) as { photo?: string; code?: string; error?: string } };
  }

  async function resident(): Promise<BrowserClient> {
    const browser = new BrowserClient(t.baseUrl);
    await browser.residentChat();
    return browser;
  }

  test("a photo is stored once by its hash, whatever it claims to be; no photo, too large, or no chat is refused", async () => {
    const browser = await resident();
    const first = await upload(browser, png(), "application/octet-stream");
    expect(first.status).toBe(201);
    // A retry of the same upload (its answer lost) is the same photo.
    const again = await upload(browser, png());
    expect(again.json.photo).toBe(first.json.photo);
    const rows: { content_type: string; n: string }[] = await t.app.database.dataSource.query(`SELECT content_type, count(*) OVER () AS n FROM web_photos WHERE id = $1`, [first.json.photo]);
    expect(rows).toEqual([{ content_type: "image/png", n: "1" }]);

    expect(await upload(browser, Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), "image/svg+xml")).toMatchObject({ status: 415, json: { code: "not_a_photo" } });
    const huge = Buffer.alloc(5 * 1024 * 1024 + 1, 0);
    huge.set([0xff, 0xd8, 0xff], 0);
    expect(await upload(browser, huge)).toMatchObject({ status: 413, json: { code: "too_large" } });
    expect((await upload(new BrowserClient(t.baseUrl), png())).status).toBe(401);
  });

  test("a photo is its chat's: another chat can neither read it nor send it", async () => {
    const owner = await resident();
    const { json } = await upload(owner, png());
    const id = json.photo!;
    const own = await owner.get(`/chat/photos/${id}`);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/png");
    expect(own.headers.get("cache-control")).toContain("private");

    const other = await resident();
    expect((await other.get(`/chat/photos/${id}`)).status).toBe(404);
    expect((await other.post("/chat/messages", { clientMessageId: randomUUID(), photo: id })).status).toBe(400);
    const sentAt = async () => ((await t.app.database.dataSource.query(`SELECT sent_at FROM web_photos WHERE id = $1`, [id])) as { sent_at: Date | null }[])[0]!.sent_at;
    expect(await sentAt()).toBeNull();
    expect((await owner.post("/chat/messages", { clientMessageId: randomUUID(), photo: id })).status).toBe(202);
    // Named by a message: sent, so never deleted as an unsent upload.
    expect(await sentAt()).toBeInstanceOf(Date);
  });

  test("我的诉求 lists the cookie's resident's cases with their public steps only", async () => {
    const browser = await resident();
    const say = async (fields: Record<string, unknown>) => expect((await browser.post("/chat/messages", { clientMessageId: randomUUID(), ...fields })).status).toBe(202);
    await say({ text: "东街社区3号楼前的路灯坏了一个星期了" });
    await say({ location: { latitude: 31.23, longitude: 121.47 } });
    await say({ text: "确认" });
    await t.settled();
    const [filed]: { number: string }[] = await t.app.database.dataSource.query(`SELECT number FROM cases ORDER BY id DESC LIMIT 1`);
    const number = filed!.number;

    const wang = new BrowserClient(t.baseUrl);
    await wang.post("/dashboard/api/login", { account: "wang", password: "demo" });
    await wang.post(`/dashboard/api/cases/${number}/actions`, { type: "note", text: "内部：王建国已联系物业" });
    await wang.post(`/dashboard/api/cases/${number}/actions`, { type: "reply", text: "已派人维修" });

    const list = await browser.get("/chat/cases");
    expect(list.status).toBe(200);
    expect(list.json.cases).toHaveLength(1);
    const [c] = list.json.cases;
    expect(c).toMatchObject({ number, state: "in_progress", stateName: "办理中", open: true, department: "城市管理局", hasLocation: true, dueFor: "finish" });
    expect(c.timeline.map((s: { type: string }) => s.type)).toEqual(["created", "reply"]);
    expect(JSON.stringify(list.json)).not.toContain("王建国");
    expect(JSON.stringify(list.json)).not.toContain("联系物业");

    // In the page's language; another resident sees none of it; no cookie, no list.
    expect((await browser.get("/chat/cases", { "accept-language": "en" })).json.cases[0].stateName).toBe("Being handled");
    expect((await (await resident()).get("/chat/cases")).json.cases).toEqual([]);
    expect((await new BrowserClient(t.baseUrl).get("/chat/cases")).status).toBe(401);
  });
});
