import { randomUUID } from "node:crypto";
import { fromLocal } from "../../src/calendar/local-time";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { startTestApp, tg, type TestApp } from "../support/test-app";
import { webConversation } from "../support/web-conversation";

const local = (when: string) => fromLocal(when.slice(0, 10), when.slice(11), "Asia/Shanghai");

/** Polls an asynchronous condition until it holds; fails after `timeoutMs` saying what it waited for. */
async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Roles per instance (MINQING_CHANNELS, MINQING_JOBS): instances on one database split the work,
 * and what one instance does not run waits for the one that does, never failed nor lost.
 */
describe.each(backends)("roles per instance on the %s database", (backend) => {
  let database: TestDatabase;
  let running: TestApp | undefined;
  let now = local("2026-11-23 10:00"); // a Monday
  const clock = { now: () => new Date(now) };
  const start = async (options: Omit<Parameters<typeof startTestApp>[0], "backend" | "database" | "clock">) =>
    (running = await startTestApp({ backend, database, clock, ...options }));
  const stop = async () => {
    await running?.stop();
    running = undefined;
  };
  const rowsFor = (t: TestApp, chatId: string): Promise<{ status: string; attempts: number; text: string }[]> =>
    t.app.database.dataSource.query(`SELECT status, attempts, payload->>'text' AS text FROM outbox WHERE chat_id = $1 ORDER BY id`, [chatId]);

  beforeAll(async () => {
    database = await createTestDatabase(backend);
  }, 60_000);
  afterEach(stop);
  afterAll(() => database?.drop());

  test("an instance without the outbox job leaves a resident's reply pending; an instance with it sends it", async () => {
    const quiet = await start({ roles: { channels: ["web"], jobs: ["reminders"] } });
    const resident = `r-${randomUUID()}`; // the web adapter sends to resident chats named so
    await webConversation(quiet).send(resident, { text: "西街社区路口的垃圾堆了三天没人清运" });
    const queued = await rowsFor(quiet, resident);
    expect(queued.length).toBeGreaterThan(0);
    // Not tried at all: neither sent, nor failed, nor set aside as a dead letter.
    expect(queued.map((r) => [r.status, r.attempts])).toEqual(queued.map(() => ["pending", 0]));
    await stop();

    const sender = await start({ roles: { channels: ["web"], jobs: ["outbox"] } });
    await eventually(async () => (await rowsFor(sender, resident)).every((r) => r.status === "sent"), "the reply sent by the instance with the outbox job");
    expect((await rowsFor(sender, resident)).map((r) => r.text)).toEqual(queued.map((r) => r.text));
  }, 60_000);

  test("an instance without the reminders job sends no reminder at start; one with it does", async () => {
    now = local("2026-11-23 10:00");
    const filing = await start({});
    const number = await webConversation(filing).fileAppeal(`r-${randomUUID()}`, "东街社区有人占道摆摊卖水果");
    await stop();
    const overdue = async (t: TestApp) => (await rowsFor(t, "g-chengguan")).filter((r) => r.text.includes(`${number} 已超过受理时限`)).length;

    // Wednesday: the case is overdue; a scheduler that starts ticks at once.
    now = local("2026-11-25 10:00");
    const withoutReminders = await start({ roles: { channels: ["web"], jobs: ["outbox"] }, schedule: "by-roles" });
    await withoutReminders.settled();
    expect(await overdue(withoutReminders)).toBe(0);
    await stop();

    const withReminders = await start({ roles: { channels: ["web"], jobs: ["reminders", "outbox"] }, schedule: "by-roles" });
    await eventually(async () => (await overdue(withReminders)) === 1, "the overdue nudge from the instance with the reminders job");
  }, 60_000);

  test("an instance that sends but does not run Telegram still queues Telegram's cards, and leaves them pending for the instance that does", async () => {
    // Nothing listens there: an instance that polled or sent on Telegram would only count failures.
    const t = await start({ telegram: { apiUrl: "http://127.0.0.1:9", token: "123456:ABC-DEF" }, roles: { channels: ["web"], jobs: ["reminders", "outbox"] } });
    expect([...t.app.adapters.keys()]).toEqual(["web"]);
    const number = await webConversation(t).fileAppeal(`r-${randomUUID()}`, "西街社区的路灯坏了一个星期，晚上很黑");
    await t.settled();
    const cards = (await rowsFor(t, tg.chengguanGroup)).filter((r) => r.text.includes(number));
    expect(cards.map((r) => [r.status, r.attempts])).toEqual([["pending", 0]]);
  }, 60_000);
});
