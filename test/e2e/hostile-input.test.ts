import { randomUUID } from "node:crypto";
import type { WebChatMessage } from "../../adapters/web/types";
import { backends } from "../support/databases";
import { BrowserClient } from "../support/browser-client";
import { startTestApp, tg, type TestApp } from "../support/test-app";
import { FakeTelegramApi, type FakeUser } from "../fakes/fake-telegram-api";
import { badTexts } from "../fixtures/bad-input";
import { MockWechat } from "../fakes/mock-wechat";
import { waitUntil } from "../support/wait-until";

/**
 * Bad input on every channel: each item gets a polite answer (or silence where that is right),
 * nothing crashes, no handler fails, no half-made case, and user text is never sent as markup.
 */
describe.each(backends)("hostile input on the %s database", (backend) => {
  let fake: FakeTelegramApi;
  let wechat: MockWechat;
  let t: TestApp;
  beforeAll(async () => {
    fake = await FakeTelegramApi.start();
    wechat = new MockWechat();
    t = await startTestApp({
      backend,
      telegram: { apiUrl: fake.url, token: fake.token },
      wechat: { puppet: wechat.puppet, pacing: { perMinute: 1000, delayMs: { min: 0, max: 0 } } },
    });
    wechat.login();
    await waitUntil(() => t.app.adapters.get("wechat")?.state() === "logged_in", 5000);
  }, 60_000);
  afterAll(async () => {
    try {
      await checkConsistent();
    } finally {
      await t?.stop();
      await fake?.close();
    }
  });

  /** Nothing that came in made a handler throw; every case has its first timeline event; still healthy. */
  async function checkConsistent() {
    const failed: unknown[] = await t.app.database.dataSource.query(`SELECT delivery_id FROM inbound_messages WHERE status = 'failed'`);
    expect(failed).toEqual([]);
    const orphans: unknown[] = await t.app.database.dataSource.query(
      `SELECT c.number FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'created')`,
    );
    expect(orphans).toEqual([]);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  }

  describe("on Telegram", () => {
    let id = 7_000_000;
    const newResident = (): FakeUser => ({ id: ++id, first_name: "测试" });

    test.each(badTexts)("$name", async ({ text, expect: outcome }) => {
      const resident = newResident();
      fake.pushUpdate(fake.privateText(resident, text));
      // Greeted on first contact either way; an answer is something beyond the greeting (the
      // adapter keeps to Telegram's one message a second per chat, so it comes a second later).
      await fake.waitForMessage((m) => m.chat_id === resident.id, 8000);
      if (outcome === "answer") await waitUntil(() => fake.sent(resident.id).length >= 2, 8000);
      const said = fake.sent(resident.id);
      for (const m of said) {
        expect(m.parse_mode).toBeUndefined();
        expect((m.text ?? "").length).toBeLessThanOrEqual(4096);
      }
    });

    test.each([
      ["a sticker", { sticker: { file_id: "s1", file_unique_id: "u1", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } }],
      ["a voice message", { voice: { file_id: "v1", file_unique_id: "u2", duration: 3 } }],
      ["a file", { document: { file_id: "d1", file_unique_id: "u3", file_name: "x.exe" } }],
    ])("%s gets a polite answer saying what the bot can read", async (_name, fields) => {
      const resident = newResident();
      fake.pushUpdate(fake.message(resident.id, resident, fields));
      const answer = await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").includes("文字"), 8000);
      expect(answer.text).toContain("照片");
    });

    test("a location alone is kept and the bot asks what the problem is", async () => {
      const resident = newResident();
      fake.pushUpdate(fake.message(resident.id, resident, { location: { latitude: 30.1, longitude: 120.2 } }));
      await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").includes("位置"), 8000);
      await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").includes("描述"), 8000);
    });

    test("an album of photos is kept whole with the appeal", async () => {
      const resident = newResident();
      fake.pushUpdate(fake.privateText(resident, "东街社区的人行道坏了一个大坑，天天有人绊倒"));
      for (let i = 0; i < 3; i++) fake.pushUpdate({ ...fake.photo(resident.id, resident), message: { ...fake.photo(resident.id, resident).message, media_group_id: "album-1" } });
      await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").includes("共3张"), 12_000);
    });

    test("an album added to an emergency's case is acknowledged once, and every photo reaches the group", async () => {
      const resident = newResident();
      fake.pushUpdate(fake.privateText(resident, "楼道里漏电了，有人触电了"));
      await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").includes("具体位置"), 12_000);
      for (let i = 0; i < 3; i++) fake.pushUpdate({ message: { ...fake.photo(resident.id, resident).message, media_group_id: `album-${resident.id}` } });
      const group = Number(tg.zhujianGroup);
      const photosBefore = fake.sent(group).filter((m) => m.method === "sendPhoto").length;
      await waitUntil(() => fake.sent(group).filter((m) => m.method === "sendPhoto").length >= photosBefore + 3, 12_000);
      // The resident's chat is sent in order: once the answer to /status is there, every reply before it is too.
      fake.pushUpdate(fake.privateText(resident, "/status"));
      await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").startsWith("您的诉求："), 12_000);
      const added = fake.sent(resident.id).filter((m) => (m.text ?? "").startsWith("已补充到诉求"));
      expect(added).toHaveLength(1);
    });

    test("an edited message is not taken as a second appeal", async () => {
      const resident = newResident();
      const { message } = fake.privateText(resident, "西街的垃圾桶满了没人清理");
      fake.pushUpdate({ message });
      await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").includes("请核对"), 8000);
      const before = fake.sent(resident.id).length;
      fake.pushUpdate({ edited_message: { ...message, text: "西街的垃圾桶满了没人清理，已经三天了", edit_date: message.date + 5 } });
      fake.pushUpdate(fake.privateText(resident, "/status"));
      await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").includes("还没有提交过诉求"), 8000);
      expect(fake.sent(resident.id).length).toBe(before + 1);
    });

    test("commands from a non-cadre and in an unbound group change nothing", async () => {
      const stranger: FakeUser = { id: 4242, first_name: "路人" };
      fake.pushUpdate(fake.groupText(Number(tg.chengguanGroup), stranger, "/accept MQ-20261123-0001"));
      await fake.waitForMessage((m) => m.chat_id === Number(tg.chengguanGroup) && (m.text ?? "").includes("只有登记在册"), 8000);
      fake.pushUpdate(fake.groupText(-100999, { id: Number(tg.wang), first_name: "建国" }, "/mine"));
      await fake.waitForMessage((m) => m.chat_id === -100999 && (m.text ?? "").includes("还没有绑定部门"), 8000);
    });
  });

  describe("on WeChat", () => {
    let seq = 0;
    // WeChat cannot send a blank message; the adapter drops what is blank after an @-mention.
    test.each(badTexts.filter((b) => b.text.trim() !== ""))("$name", async ({ text, expect: outcome }) => {
      const resident = wechat.contact(`wxid_hostile_${backend}_${++seq}`, "测试");
      wechat.say(resident, text);
      await wechat.waitForSend((s) => s.to === resident.id, 0, 8000);
      await t.settled();
      const said = wechat.textsTo(resident.id);
      if (outcome === "answer") expect(said.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe("on the web chat", () => {
    test.each(badTexts)("$name", async ({ text, expect: outcome }) => {
      const browser = new BrowserClient(t.baseUrl);
      await browser.residentChat();
      const events = await browser.sse("/chat/events");
      try {
        const res = await fetch(`${t.baseUrl}/chat/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", ...browser.headers("POST") },
          body: JSON.stringify({ clientMessageId: randomUUID(), text }),
        });
        // The web chat refuses blank text itself, with a clear error; all else reaches the bot.
        if (text.trim() === "") {
          expect(res.status).toBe(400);
          expect(((await res.json()) as { error: string }).error).toBeTruthy();
          return;
        }
        expect(res.status).toBe(202);
        await events.nextMessage<WebChatMessage>((m) => m.from.kind === "bot", 8000);
        if (outcome === "answer") await events.nextMessage<WebChatMessage>((m) => m.from.kind === "bot", 8000);
      } finally {
        events.close();
      }
    });
  });
});
