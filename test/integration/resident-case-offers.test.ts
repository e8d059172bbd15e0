import { randomUUID } from "node:crypto";
import { BrowserClient } from "../support/browser-client";
import { backends } from "../support/databases";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * What 我的诉求 offers a web resident on each case (GET /chat/cases: canWithdraw, reviewUntil) is
 * what the core would do if they asked: 撤回 while the case is open, 申请复查 after the answer until
 * the review window closes (30 days in the demo deployment), and nothing once it has. The clock is
 * the test's: a month passes in a millisecond.
 */
describe.each(backends)("the actions 我的诉求 offers, on the %s database", (backend) => {
  let t: TestApp;
  let now = new Date("2026-03-02T02:00:00Z");
  const day = 86_400_000;
  beforeAll(async () => {
    t = await startTestApp({ backend, clock: { now: () => new Date(now) } });
  }, 60_000);
  afterAll(() => t?.stop());

  async function resident(): Promise<{ browser: BrowserClient; say: (text: string) => Promise<void> }> {
    const browser = new BrowserClient(t.baseUrl);
    await browser.residentChat();
    const say = async (text: string) => {
      expect((await browser.post("/chat/messages", { clientMessageId: randomUUID(), text })).status).toBe(202);
      await t.settled();
    };
    return { browser, say };
  }

  async function listed(browser: BrowserClient, number: string) {
    const { json } = await browser.get("/chat/cases");
    return (json.cases as { number: string; state: string; canWithdraw: boolean; reviewUntil: string | null; reviewUntilText: string | null; reviewStage: string | null }[]).find((c) => c.number === number)!;
  }

  test("an open case may be withdrawn; an answered one reviewed until its window closes, then neither", async () => {
    const { browser, say } = await resident();
    await say("东街社区3号楼前的路灯坏了一个星期了");
    await say("确认");
    const [filed]: { number: string }[] = await t.app.database.dataSource.query(`SELECT number FROM cases ORDER BY id DESC LIMIT 1`);
    const number = filed!.number;
    expect(await listed(browser, number)).toMatchObject({ state: "submitted", canWithdraw: true, reviewUntil: null, reviewUntilText: null });

    const wang = new BrowserClient(t.baseUrl);
    await wang.post("/dashboard/api/login", { account: "wang", password: "demo" });
    expect((await wang.post(`/dashboard/api/cases/${number}/actions`, { type: "resolve", text: "路灯已更换" })).status).toBe(200);
    const resolvedAt = now;
    const resolved = await listed(browser, number);
    expect(resolved).toMatchObject({ state: "resolved", canWithdraw: false, reviewUntil: new Date(resolvedAt.getTime() + 30 * day).toISOString() });
    // The last moment, as the bot writes times (Asia/Shanghai): 30 days after 10:00 on 2 March.
    expect(resolved.reviewUntilText).toBe("4月1日 10:00");

    // A rating closes it; the review stays open to the end of the same window.
    await say("5");
    now = new Date(resolvedAt.getTime() + 29 * day);
    expect(await listed(browser, number)).toMatchObject({ state: "closed", canWithdraw: false, reviewUntil: resolved.reviewUntil });

    // Past the window: nothing is offered, and asking anyway is refused by the same rule.
    now = new Date(resolvedAt.getTime() + 30 * day + 60_000);
    expect(await listed(browser, number)).toMatchObject({ state: "closed", canWithdraw: false, reviewUntil: null, reviewUntilText: null });
    await say(`复查 ${number} 路灯又坏了`);
    const chatId = (await t.app.database.dataSource.query(`SELECT chat_id FROM cases WHERE number = $1`, [number]))[0].chat_id;
    expect((await t.outboxTexts(chatId)).at(-1)).toContain("已超过可申请复查的期限");
  });

  test("after a review's answer the offer is the one re-review (复核); after that's answer, nothing; the workspace's timeline names each", async () => {
    const { browser, say } = await resident();
    await say("西街社区菜市场门口的路灯坏了");
    await say("确认");
    const [filed]: { number: string }[] = await t.app.database.dataSource.query(`SELECT number FROM cases ORDER BY id DESC LIMIT 1`);
    const number = filed!.number;
    const cadre = async (account: string) => {
      const b = new BrowserClient(t.baseUrl);
      await b.post("/dashboard/api/login", { account, password: "demo" });
      return b;
    };
    const resolve = async (account: string, text: string) => expect((await (await cadre(account)).post(`/dashboard/api/cases/${number}/actions`, { type: "resolve", text })).status).toBe(200);
    await resolve("wang", "路灯已更换");
    expect(await listed(browser, number)).toMatchObject({ state: "resolved", reviewStage: "review" });
    await say(`复查 ${number} 又不亮了`);
    expect(await listed(browser, number)).toMatchObject({ state: "in_progress", reviewStage: null });
    await resolve("yang", "复查意见：已责成更换灯具");
    expect(await listed(browser, number)).toMatchObject({ state: "resolved", reviewStage: "re_review" });
    await say(`复查 ${number} 还是不亮`);
    await resolve("lin", "复核意见：维持复查意见");
    expect(await listed(browser, number)).toMatchObject({ state: "resolved", reviewUntil: null, reviewStage: null });

    const { json } = await (await cadre("lin")).get(`/dashboard/api/cases/${number}`);
    const reviews = (json.timeline as { type: string; reviewStage: string | null }[]).filter((e) => e.type === "review");
    expect(reviews.map((e) => e.reviewStage)).toEqual(["review", "re_review"]);
  });

  test("a withdrawn case offers nothing more", async () => {
    const { browser, say } = await resident();
    await say("南湖社区5号楼的垃圾三天没人收了");
    await say("确认");
    const [filed]: { number: string }[] = await t.app.database.dataSource.query(`SELECT number FROM cases ORDER BY id DESC LIMIT 1`);
    await say(`撤回 ${filed!.number}`);
    expect(await listed(browser, filed!.number)).toMatchObject({ state: "withdrawn", canWithdraw: false, reviewUntil: null });
  });
});
