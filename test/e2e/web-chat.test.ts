import { randomUUID } from "node:crypto";
import type { WebChatMessage } from "../../adapters/web/types";
import { BrowserClient } from "../support/browser-client";
import { captureLogger } from "../support/capture-logger";
import { backends } from "../support/databases";
import { adminHeaders, startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/test-app";

/** The whole flow through the built-in web chat, over HTTP, as the two pages drive it (with their cookies). */
describe.each(backends)("the web chat end to end on the %s database", (backend) => {
  let t: TestApp;
  const log = captureLogger();
  beforeAll(async () => {
    t = await startTestApp({ backend, logger: log.logger, adminToken: TEST_ADMIN_TOKEN });
  }, 60_000);
  afterAll(() => t?.stop());

  const bot = (m: WebChatMessage) => m.from.kind === "bot";

  async function residentPage() {
    const browser = new BrowserClient(t.baseUrl);
    const chat = await browser.residentChat();
    const events = await browser.sse("/chat/events");
    const say = async (fields: { text?: string; button?: string }, clientMessageId = randomUUID()) => {
      const res = await browser.post("/chat/messages", { clientMessageId, ...fields });
      expect(res.status).toBe(202);
    };
    const hear = async (predicate: (m: WebChatMessage) => boolean) => (await events.nextMessage<WebChatMessage>((m) => bot(m) && predicate(m), 5000)).data;
    return { browser, chat, events, say, hear };
  }

  async function cadrePage(account: string, chat: string) {
    const browser = new BrowserClient(t.baseUrl);
    const login = await browser.post("/dashboard/api/login", { account, password: "demo" });
    expect(login.status).toBe(200);
    const events = await browser.sse(`/cadre/events?chat=${chat}`);
    const say = async (text: string, replyTo?: string) => {
      const res = await browser.post("/cadre/messages", { chat, clientMessageId: randomUUID(), text, replyTo });
      expect(res.status).toBe(202);
    };
    const hear = async (predicate: (m: WebChatMessage) => boolean) => (await events.nextMessage<WebChatMessage>((m) => bot(m) && predicate(m), 5000)).data;
    return { browser, events, say, hear };
  }

  test("a resident files, a cadre answers by replying to the card, resolves, and the resident rates", async () => {
    const resident = await residentPage();
    const wang = await cadrePage("wang", "g-chengguan");
    try {
      await resident.say({ text: "西街社区菜市场门口的井盖丢了，晚上很危险" });
      const summary = await resident.hear((m) => m.text.includes("请核对"));
      expect(summary.buttons?.flat().map((b) => b.data)).toContain("confirm");

      // A page that retries a post (same clientMessageId) must not file twice.
      const confirmId = randomUUID();
      await resident.say({ button: "confirm" }, confirmId);
      await resident.say({ button: "confirm" }, confirmId);
      const receipt = await resident.hear((m) => m.text.includes("诉求已登记"));
      const number = /MQ-\d{8}-\d{4}/.exec(receipt.text)![0];

      const card = await wang.hear((m) => m.text.includes(number) && m.text.includes("新诉求"));
      expect(card.mentions?.[0]).toEqual({ text: "@王建国", accountId: "wang" });
      expect(card.text).not.toContain(resident.chat);

      await wang.say("您好，已通知维修队，今天下午补上井盖", card.id);
      expect((await resident.hear((m) => m.text.includes(number))).text).toContain("今天下午补上井盖");
      await wang.hear((m) => m.text.includes("已将答复转给群众"));

      await wang.say(`/resolve ${number} 井盖已补装`);
      await resident.hear((m) => m.text.includes("井盖已补装"));
      const prompt = await resident.hear((m) => (m.buttons?.length ?? 0) > 0);
      const five = prompt.buttons!.flat().find((b) => b.data.endsWith(":5"))!;
      await resident.say({ button: five.data });
      await resident.hear((m) => m.text.includes("感谢"));
      expect((await wang.hear((m) => m.text.includes("群众对"))).text).toContain("5分");

      await resident.say({ text: "/status" });
      expect((await resident.hear((m) => m.text.includes(number))).text).toContain("已结案");
      await t.settled();
      const count: { n: string }[] = await t.app.database.dataSource.query(`SELECT count(*) AS n FROM cases WHERE chat_id = $1`, [resident.chat]);
      expect(Number(count[0]!.n)).toBe(1);
      // A reload (same cookie, a new event stream) shows the same chat with its history.
      const reloaded = await resident.browser.sse("/chat/events");
      expect((await reloaded.nextMessage<WebChatMessage>((m) => m.text.includes("诉求已登记"))).data.chatId).toBe(resident.chat);
      reloaded.close();
      // Nothing the service logged, down to debug (duplicate deliveries), names the resident's chat.
      expect(log.lines().some((l) => l.includes("duplicate delivery"))).toBe(true);
      expect(log.lines().filter((l) => l.includes(resident.chat))).toEqual([]);
    } finally {
      resident.events.close();
      wang.events.close();
    }
  });

  test("a cadre cannot read another department's group", async () => {
    const li = new BrowserClient(t.baseUrl);
    expect((await li.post("/dashboard/api/login", { account: "li", password: "demo" })).status).toBe(200);
    const events = await li.sse("/cadre/events?chat=g-chengguan");
    expect(events.status).toBe(403);
  });

  test("the pages and the health check are served", async () => {
    const page = await fetch(`${t.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
    // The cadres' page is the workspace's group chats.
    const cadre = await fetch(`${t.baseUrl}/cadre`, { redirect: "manual" });
    expect(cadre.status).toBe(302);
    expect(cadre.headers.get("location")).toBe("/workspace#/chats");
    const health = (await (await fetch(`${t.baseUrl}/healthz`, { headers: adminHeaders() })).json()) as { status: string; channels: Record<string, string> };
    expect(health).toMatchObject({ status: "ok", channels: { web: "up" } });
  });
});
