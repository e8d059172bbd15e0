import { randomUUID } from "node:crypto";
import { types } from "wechaty";
import type { WechatAdapter } from "../../adapters/wechat/wechat-adapter";
import { FakeTelegramApi, type FakeUser } from "../fakes/fake-telegram-api";
import { MockWechat } from "../fakes/mock-wechat";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { adminHeaders, startTestApp, TEST_ADMIN_TOKEN, tg, type TestApp } from "../support/test-app";
import { waitFor } from "../support/wait";
import { webConversation } from "../support/web-conversation";

/**
 * Two instances on one PostgreSQL database, in this process, each with every channel: one polls
 * Telegram and logs in to WeChat (it holds their leases), the other stands by, and takes over
 * when the first dies. (The cluster test of two real processes is in test/faults.)
 */
const describeWithPostgres = process.env.DATABASE_URL ? describe : describe.skip;

describeWithPostgres("one poller per channel, two instances on one PostgreSQL database", () => {
  let database: TestDatabase;
  let fake: FakeTelegramApi;
  const running: TestApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
  }, 60_000);
  beforeEach(async () => {
    fake = await FakeTelegramApi.start();
  });
  afterEach(async () => {
    for (const t of running.splice(0)) await t.stop();
    await fake.close();
  });
  afterAll(() => database?.drop());

  /** An instance with the production heartbeat (1 s) and dead-after time (5 s): the takeover times are the real ones. */
  async function instance(wechat?: MockWechat): Promise<TestApp> {
    const t = await startTestApp({
      backend: "postgres",
      database,
      telegram: { apiUrl: fake.url, token: fake.token },
      ...(wechat === undefined ? {} : { wechat: { puppet: wechat.puppet } }),
      adminToken: TEST_ADMIN_TOKEN,
    });
    running.push(t);
    return t;
  }
  const telegramState = (t: TestApp) => t.app.adapters.get("telegram")!.state();
  const health = async (t: TestApp) => (await (await fetch(`${t.baseUrl}/healthz`, { headers: adminHeaders() })).json()) as { status: string; channels: Record<string, string> };

  test("one instance polls Telegram and sends its messages; the other stands by, quietly and healthy", async () => {
    const a = await instance();
    const b = await instance();
    await waitFor(() => telegramState(a) === "polling" && fake.calls("getUpdates").length > 0, { what: "a to poll" });
    expect(telegramState(b)).toBe("standby");
    expect(await health(b)).toMatchObject({ status: "ok", channels: { web: "up", telegram: "standby" } });
    expect(await health(a)).toMatchObject({ status: "ok", channels: { telegram: "polling" } });

    // A resident on b's web chat files an appeal: its card for the department's Telegram group is sent by a.
    const number = await webConversation(b).fileAppeal(`r-${randomUUID()}`, "西街社区的路灯坏了一个星期，晚上很黑");
    const card = await fake.waitForMessage((m) => String(m.chat_id) === tg.chengguanGroup && (m.text ?? "").includes(number), 10_000);
    const claimedBy = await waitFor(
      async () => ((await a.app.database.dataSource.query(`SELECT claimed_by FROM outbox WHERE channel = 'telegram' AND message_id = $1`, [String(card.message_id)])) as { claimed_by: string }[])[0]?.claimed_by,
      { what: "the card marked sent" },
    );
    expect(claimedBy).toBe(a.app.cluster.id);
    // Two pollers would have knocked each other's polls off (409).
    expect(fake.conflicts).toBe(0);
  }, 60_000);

  test("when the polling instance dies, the other polls within 10 s; no update is lost or handled twice", async () => {
    const a = await instance();
    const b = await instance();
    await waitFor(() => telegramState(a) === "polling", { what: "a to poll" });
    const residents: FakeUser[] = Array.from({ length: 12 }, (_, i) => ({ id: 7100 + i, first_name: `居民${i}`, language_code: "zh-hans" }));
    const pushed: number[] = [];
    const write = async (group: FakeUser[]) => {
      for (const r of group) {
        pushed.push(fake.pushUpdate(fake.privateText(r, "/status")).update_id);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await write(residents.slice(0, 6));
    // a dies in the middle of the burst: its heartbeat and its polling stop, nothing is released or confirmed.
    a.app.cluster.halt();
    const diedAt = Date.now();
    await write(residents.slice(6));
    await waitFor(() => telegramState(b) === "polling", { timeoutMs: 10_000, what: () => `b to poll (b is ${telegramState(b)})` });
    const tookOverMs = Date.now() - diedAt;
    const pendingTelegram = async () => (await b.app.database.dataSource.query(`SELECT 1 FROM outbox WHERE channel = 'telegram' AND status = 'pending'`)).length;
    await waitFor(async () => fake.pending().length === 0 && residents.every((r) => fake.sent(r.id).length > 0) && (await pendingTelegram()) === 0, {
      timeoutMs: 20_000,
      what: () => `every update confirmed and every reply sent (${fake.pending().length} updates pending)`,
    });
    console.log(`telegram takeover: b polled ${tookOverMs} ms after a stopped heartbeating`);
    expect(tookOverMs).toBeLessThan(10_000);

    // Each update recorded once, and each resident answered once: the greeting of a first message, then the answer to /status.
    const recorded: { delivery_id: string; n: string }[] = await b.app.database.dataSource.query(
      `SELECT delivery_id, count(*) AS n FROM inbound_messages WHERE channel = 'telegram' GROUP BY delivery_id`,
    );
    expect(recorded.filter((r) => r.n !== "1")).toEqual([]);
    expect(recorded).toHaveLength(pushed.length);
    for (const r of residents) {
      const texts = fake.sent(r.id).map((m) => m.text ?? "");
      expect({ resident: r.id, replies: texts.length, greeted: texts[0]?.startsWith("您好"), told: texts[1]?.includes("您还没有提交过诉求") }).toEqual({ resident: r.id, replies: 2, greeted: true, told: true });
    }
    expect(telegramState(a)).toBe("standby");
  }, 60_000);

  test("WeChat: one instance runs the puppet, the login page works on both, and the other logs in when it dies", async () => {
    const wechatA = new MockWechat();
    const wechatB = new MockWechat();
    const a = await instance(wechatA);
    const b = await instance(wechatB);
    const adapterOf = (t: TestApp) => t.app.adapters.get("wechat") as WechatAdapter;
    expect([wechatA.starts, wechatB.starts]).toEqual([1, 0]);
    expect(adapterOf(b).state()).toBe("standby");
    expect(adapterOf(b).canSend()).toBe(false);

    // The QR code a shows is on b's login page too, with a's key (the one in a's log); b's own key opens nothing.
    wechatA.mocker.scan("https://login.weixin.qq.com/l/IZ_cluster==", types.ScanStatus.Waiting);
    const pageOnB = (path: string) => fetch(`${b.baseUrl}${path}`);
    await waitFor(async () => (await (await pageOnB(adapterOf(a).loginPagePath)).text()).includes("<svg"), { what: "a's QR code on b's login page" });
    expect((await pageOnB(adapterOf(b).loginPagePath)).status).toBe(403);
    wechatA.login();
    await waitFor(async () => (await (await pageOnB(adapterOf(a).loginPagePath)).text()).includes("已登录：民情通"), { what: "a's login on b's page" });

    a.app.cluster.halt();
    const diedAt = Date.now();
    await waitFor(() => wechatB.starts === 1, { timeoutMs: 10_000, what: "b to start its puppet" });
    console.log(`wechat takeover: b started the puppet ${Date.now() - diedAt} ms after a stopped heartbeating`);
    expect(adapterOf(a).state()).toBe("standby");
    wechatB.login();
    await waitFor(() => adapterOf(b).state() === "logged_in", { what: "b to log in" });
    // A resident writes to the account b now runs, and is answered by it.
    const resident = wechatB.contact("wxid_cluster_resident", "居民");
    wechatB.say(resident, "/status");
    await wechatB.waitForSend((s) => s.to === resident.id);
    expect(wechatA.sent.filter((s) => s.to === resident.id)).toEqual([]);
    expect(await health(b)).toMatchObject({ channels: { wechat: "logged_in", telegram: "polling" } });
  }, 60_000);
});
