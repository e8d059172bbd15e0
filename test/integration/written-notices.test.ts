import { createHash, randomUUID } from "node:crypto";
import { BrowserClient } from "../support/browser-client";
import { backends } from "../support/databases";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";

/**
 * Written notices (信访工作条例 Art. 23, 34), end to end through the web chat and the workspace
 * on each database: accepting a case issues its 受理告知书, numbered per year without gaps; the
 * resident's message links to its PDF, which only their cookie opens; the case's cadres open it
 * from the case page, another department's cannot; the timeline holds its hash; an action rolled
 * back issues nothing.
 */
describe.each(backends)("written notices on the %s database", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend });
  }, 60_000);
  afterAll(() => t?.stop());

  const year = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
  const query = <T>(sql: string, params: unknown[] = []) => t.app.database.dataSource.query(sql, params) as Promise<T[]>;

  async function residentFiles(text: string): Promise<{ browser: BrowserClient; number: string; chat: string }> {
    const browser = new BrowserClient(t.baseUrl);
    const chat = await browser.residentChat();
    for (const said of [text, "确认"]) expect((await browser.post("/chat/messages", { clientMessageId: randomUUID(), text: said })).status).toBe(202);
    await t.settled();
    const [filed] = await query<{ number: string }>(`SELECT number FROM cases ORDER BY id DESC LIMIT 1`);
    return { browser, number: filed!.number, chat };
  }

  async function cadre(account: string): Promise<BrowserClient> {
    const browser = new BrowserClient(t.baseUrl);
    expect((await browser.post("/dashboard/api/login", { account, password: "demo" })).status).toBe(200);
    return browser;
  }

  /** A document as the browser downloads it, bytes and all (BrowserClient reads text). */
  async function download(browser: BrowserClient, path: string): Promise<{ status: number; type: string | null; cache: string | null; bytes: Buffer }> {
    const res = await fetch(t.baseUrl + path, { headers: browser.headers("GET") });
    return { status: res.status, type: res.headers.get("content-type"), cache: res.headers.get("cache-control"), bytes: Buffer.from(await res.arrayBuffer()) };
  }
  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  const noticeLink = (text: string) => /\/chat\/notices\/nt-[A-Za-z0-9_-]{22}/.exec(text)?.[0];

  test("accepting cases issues 受理告知书 〔year〕1号 then 2号; the resident's cookie opens its PDF, whose hash is the timeline's", async () => {
    const wang = await cadre("wang");
    const first = await residentFiles("东街社区3号楼前的路灯坏了一个星期了，晚上很黑");
    const second = await residentFiles("西街社区路口的垃圾桶满了没人清理");
    for (const c of [first, second]) expect((await wang.post(`/dashboard/api/cases/${c.number}/actions`, { type: "accept" })).status).toBe(200);
    await t.settled();

    const issued = await query<{ number: string; kind: string; case_number: string }>(
      `SELECT n.number, n.kind, c.number AS case_number FROM notices n JOIN cases c ON c.id = n.case_id ORDER BY n.serial`,
    );
    expect(issued).toEqual([
      { number: `〔${year}〕1号`, kind: "accepted", case_number: first.number },
      { number: `〔${year}〕2号`, kind: "accepted", case_number: second.number },
    ]);

    const told = (await t.outboxTexts(first.chat)).find((x) => x.includes("受理告知书"))!;
    expect(told).toContain(`〔${year}〕1号`);
    const link = noticeLink(told)!;
    const own = await download(first.browser, link);
    expect(own).toMatchObject({ status: 200, type: "application/pdf" });
    expect(own.cache).toContain("private");
    const pdf = own.bytes;
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const [event] = await query<{ data: { noticeSha256: string } }>(
      `SELECT e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = $1 AND e.type = 'accept'`,
      [first.number],
    );
    expect(sha256(pdf)).toBe(event!.data.noticeSha256);

    const html = await first.browser.get(`${link}.html`);
    expect(html.status).toBe(200);
    const page = html.text;
    expect(page).toContain("信访事项受理告知书");
    expect(page).toContain(`〔${year}〕1号`);
    expect(page).toContain("城市管理局");

    // Another resident's cookie, and no cookie, get what a missing notice gets.
    expect((await second.browser.get(link)).status).toBe(404);
    expect((await new BrowserClient(t.baseUrl).get(link)).status).toBe(401);
  });

  test("the case's cadres list its notices and open them; a cadre of another department gets 404; an issued notice cannot be changed", async () => {
    const wang = await cadre("wang");
    const c = await residentFiles("东街社区幸福小区的路灯不亮");
    expect((await wang.post(`/dashboard/api/cases/${c.number}/actions`, { type: "reject", text: "该事项已通过诉讼程序处理" })).status).toBe(200);
    const page = (await wang.get(`/dashboard/api/cases/${c.number}`)).json as { notices: { title: string; number: string; pdfUrl: string; sha256: string }[] };
    expect(page.notices).toHaveLength(1);
    const [notice] = page.notices;
    expect(notice!.title).toBe("信访事项不予受理告知书");
    const pdf = await download(wang, notice!.pdfUrl);
    expect(pdf.status).toBe(200);
    expect(sha256(pdf.bytes)).toBe(notice!.sha256);
    const [stored] = await query<{ html: string }>(`SELECT html FROM notices WHERE sha256 = $1`, [notice!.sha256]);
    expect(stored!.html).toContain("该事项已通过诉讼程序处理");

    const li = await cadre("li");
    expect((await li.get(notice!.pdfUrl)).status).toBe(404);
    expect((await li.get(`${notice!.pdfUrl}.html`)).status).toBe(404);

    await expect(query(`UPDATE notices SET html = 'changed' WHERE sha256 = $1`, [notice!.sha256])).rejects.toThrow(/cannot be changed/);
    await expect(query(`DELETE FROM notices WHERE sha256 = $1`, [notice!.sha256])).rejects.toThrow(/cannot be changed/);
  });

  test("an action rolled back issues no notice and gives its number back", async () => {
    const c = await residentFiles("南湖社区湖滨路的井盖丢了");
    const [before] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM notices`);
    const zhou = testDeployment().cadres.find((x) => x.id === "zhou")!;
    await expect(
      t.app.database.dataSource.transaction(async (tx) => {
        const done = await t.app.cases.apply(tx, { number: c.number }, { type: "accept" }, { kind: "cadre", cadre: zhou });
        expect(done.ok).toBe(true);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const [after] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM notices`);
    expect(after!.n).toBe(before!.n);

    const wang = await cadre("wang");
    expect((await wang.post(`/dashboard/api/cases/${c.number}/actions`, { type: "accept" })).status).toBe(200);
    const [last] = await query<{ number: string }>(`SELECT number FROM notices ORDER BY year DESC, serial DESC LIMIT 1`);
    expect(last!.number).toBe(`〔${year}〕${before!.n + 1}号`);
  });
});
