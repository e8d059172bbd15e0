import type { Backend } from "../support/databases";
import { startTestApp, tg, type TestApp } from "../support/test-app";
import { waitFor } from "../support/wait";
import { FakeTelegramApi, type ApiCall, type FakeUser, type InjectedFailure } from "../fakes/fake-telegram-api";

/**
 * Fault: the platform fails. For ten minutes the Bot API answers every send with 500, 502 or
 * 429 (retry_after 30–90 s) while residents file appeals and a cadre answers them. The outbox
 * keeps every message, waits as long as each 429 asks, and once Telegram is back delivers all
 * of them, in order per chat, none twice.
 *
 * Time is the test's clock, shared by the service and the fake's call log, so ten minutes of
 * outage and the backoff after it pass in seconds; the Bot API itself is a real HTTP server and
 * the client the real library. It runs on PostgreSQL when DATABASE_URL is set, else on the
 * embedded database (what fails here is the platform, not the database).
 */
const backend: Backend = process.env.DATABASE_URL ? "postgres" : "embedded";

describe(`Telegram down for minutes, on the ${backend} database`, () => {
  const group = Number(tg.chengguanGroup);
  const wang: FakeUser = { id: Number(tg.wang), first_name: "建国", last_name: "王" };
  const residents: FakeUser[] = [1, 2, 3].map((i) => ({ id: 8100 + i, first_name: `居民${i}`, language_code: "zh-hans" }));
  const sendMethods = ["sendMessage", "sendPhoto"];

  let now = Date.parse("2026-11-24T02:00:00Z"); // Tuesday 10:00 in Shanghai
  const clock = { now: () => new Date(now) };
  let fake: FakeTelegramApi;
  let t: TestApp;

  beforeAll(async () => {
    fake = await FakeTelegramApi.start({ now: () => now });
    t = await startTestApp({ backend, telegram: { apiUrl: fake.url, token: fake.token }, clock });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  const outbox = (): Promise<{ id: number; chat_id: string; text: string; status: string; attempts: number }[]> =>
    t.app.database.dataSource.query(
      `SELECT id, chat_id, payload->>'text' AS text, status, attempts FROM outbox WHERE channel = 'telegram' ORDER BY id`,
    );
  /** Telegram's share of the outbox (the demo departments' web groups get the cards too). */
  const outboxSize = async (): Promise<number> => (await outbox()).length;
  /** Waits until the service has handled an update: the messages it causes are in the outbox. */
  const queuedAtLeast = (n: number, what: string) => waitFor(async () => (await outboxSize()) >= n, { what: `${n} queued messages (${what})` });
  const chatOf = (call: ApiCall): string => String(call.params["chat_id"]);
  const caseNumbers = async (): Promise<string[]> =>
    ((await t.app.database.dataSource.query(`SELECT number FROM cases ORDER BY id`)) as { number: string }[]).map((r) => r.number);

  /** Moves the clock in steps, letting the outbox send whatever falls due at each. */
  async function passTime(ms: number, stepMs: number): Promise<void> {
    for (let passed = 0; passed < ms; passed += stepMs) {
      now += stepMs;
      await t.settled();
    }
  }

  test("every message is kept through the outage, every retry_after is honoured, all arrive in order once, after it", async () => {
    // Telegram fails every send: mostly 5xx, every third a flood wait.
    let failures = 0;
    const retryAfters = [30, 45, 90];
    const endOutage = fake.outage(sendMethods, (): InjectedFailure => {
      failures += 1;
      if (failures % 3 === 0) return { status: 429, retryAfter: retryAfters[(failures / 3) % retryAfters.length]! };
      return { status: failures % 2 === 0 ? 502 : 500 };
    });

    // Residents file their appeals and a cadre answers two of them, all while nothing gets out.
    let expected = 0;
    for (const resident of residents) {
      fake.pushUpdate(fake.privateText(resident, `东街社区${resident.id}号楼前的路灯坏了一个星期了`));
      await queuedAtLeast((expected += 2), "greeting and summary");
      fake.pushUpdate(fake.privateText(resident, "确认"));
      await queuedAtLeast((expected += 2), "receipt and card");
      await passTime(20_000, 10_000);
    }
    const [first, second] = await caseNumbers();
    fake.pushUpdate(fake.groupText(group, wang, `/accept ${first}`));
    await queuedAtLeast((expected += 2), "acceptance: resident and group");
    fake.pushUpdate(fake.groupText(group, wang, `/reply ${second} 已安排电工明天上午维修`));
    await queuedAtLeast((expected += 2), "answer: resident and group");
    expect(await caseNumbers()).toHaveLength(3);

    await passTime(10 * 60_000, 60_000);

    // Ten minutes later: nothing delivered, nothing given up, the service still tries.
    expect(fake.sent()).toEqual([]);
    const during = await outbox();
    expect(during).toHaveLength(expected);
    expect(during.filter((row) => row.status !== "pending")).toEqual([]);
    const attemptsDuringOutage = fake.calls().filter((call) => sendMethods.includes(call.method)).length;
    expect(attemptsDuringOutage).toBeGreaterThan(residents.length + 1);

    endOutage();
    // The longest backoff is 10 minutes: by then everything may go. The adapter paces a chat by
    // the wall clock (Telegram's 1 message a second), so real seconds pass too while it drains.
    await passTime(11 * 60_000, 60_000);
    for (let i = 0; i < 60 && (await outbox()).some((row) => row.status !== "sent"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await passTime(1_000, 1_000);
    }

    const rows = await outbox();
    expect(rows.filter((row) => row.status !== "sent")).toEqual([]);
    const chats = [...new Set(rows.map((row) => row.chat_id))];
    expect(chats.sort()).toEqual([tg.chengguanGroup, ...residents.map((r) => String(r.id))].sort());
    for (const chat of chats) {
      // In order, each once: exactly the chat's queue, oldest first.
      const queue = rows.filter((row) => row.chat_id === chat).map((row) => row.text);
      expect(fake.sent(chat).map((m) => m.text)).toEqual(queue);
    }
    const cards = fake.sent(group).filter((m) => /MQ-\d{8}-\d{4}/.test(m.text ?? "") && (m.text ?? "").includes("东街社区"));
    expect(cards).toHaveLength(3);

    // No send to a chat came before the retry_after of the 429 that chat was last given.
    const sends = fake.calls().filter((call) => sendMethods.includes(call.method));
    let floodWaits = 0;
    for (const [i, call] of sends.entries()) {
      const failure = call.failure;
      if (failure?.status !== 429) continue;
      floodWaits += 1;
      const next = sends.slice(i + 1).find((later) => chatOf(later) === chatOf(call));
      expect(next).toBeDefined();
      expect(next!.at - call.at).toBeGreaterThanOrEqual(failure.retryAfter * 1000);
    }
    expect(floodWaits).toBeGreaterThan(0);
    // Backing off, not hammering: a handful of tries per message over ten minutes.
    for (const row of rows) expect(row.attempts).toBeLessThanOrEqual(12);
  }, 120_000);
});
