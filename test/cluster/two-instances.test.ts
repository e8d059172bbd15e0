import { randomUUID } from "node:crypto";
import type { WebChatMessage } from "../../adapters/web/types";
import { FakeTelegramApi } from "../fakes/fake-telegram-api";
import { BrowserClient } from "../support/browser-client";
import { cadrePage, Cluster, collect, residentPage } from "../support/cluster";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { inspectDatabase } from "../support/inspect-database";
import { replay } from "../support/sse-client";
import { RECEIPT, repeated, SUMMARY, TelegramResidents, textsTo } from "../support/telegram-residents";
import { testDeployment } from "../support/test-app";
import { waitFor } from "../support/wait";

/**
 * Two real service processes on one PostgreSQL database, both running every channel and job, as
 * an operator who starts a second instance for safety would run them. What a person touches must
 * hold across them: the web chat, sign-in, the limits, Telegram's one poller, the outbox's claims.
 */

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("two instances on one PostgreSQL", () => {
  let db: TestDatabase;
  let fake: FakeTelegramApi;
  let cluster: Cluster;

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    fake = await FakeTelegramApi.start();
    const deployment = testDeployment();
    // Fifty residents file from one address (the test's): a busy service hall.
    deployment.limits.web.newResidentsPerHourPerAddress = 500;
    deployment.limits.web.newResidentsPerMinute = 500;
    deployment.limits.web.messagesPerMinutePerAddress = 2000;
    deployment.limits.appealsPerHour = 100;
    cluster = await Cluster.create((db.settings as { url: string }).url, deployment, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_URL: fake.url });
    await cluster.start("A");
    await cluster.start("B");
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await fake?.close();
    await db?.drop();
  });

  const A = () => cluster.get("A").baseUrl;
  const B = () => cluster.get("B").baseUrl;

  test("residents on A and a cadre on B: 50 appeals reach the cadre, 50 answers reach the residents, none lost or twice, each chat in order", async () => {
    const cadre = await cadrePage(B(), "wang", "g-chengguan");
    const residents = await Promise.all(Array.from({ length: 50 }, () => residentPage(A())));
    const numbers = await Promise.all(residents.map((r, i) => r.file(`西街社区${i + 1}号楼前的路灯坏了一个星期了`)));

    const cards = await collect(cadre.events, 50, (m) => m.text.includes("新诉求"));
    expect(cards.map((c) => /MQ-\d{8}-\d{4}/.exec(c.message.text)![0]).sort()).toEqual([...numbers].sort());
    // Numbers grow along the stream: a page resuming "after" its last one misses nothing.
    expect(cards.map((c) => c.seq)).toEqual([...cards.map((c) => c.seq)].sort((x, y) => x - y));

    for (const [i, card] of cards.entries()) await cadre.say(`您好，第${i + 1}条答复：已派人去修`, card.message.id);
    for (const [i, resident] of residents.entries()) {
      const number = numbers[i]!;
      const answer = await resident.hear((m) => m.text.includes(number) && m.text.includes("已派人去修"));
      expect(answer.text).toContain("答复");
    }

    // The repro: ten replies typed on B to a resident on A, all of them, in order, once.
    const first = residents[0]!;
    const firstCard = cards.find((c) => c.message.text.includes(numbers[0]!))!;
    for (let k = 1; k <= 10; k++) await cadre.say(`补充说明${k}`, firstCard.message.id);
    const replies = await collect(first.events, 10, (m) => m.from.kind === "bot" && /补充说明\d+/.test(m.text));
    expect(replies.map((r) => /补充说明(\d+)/.exec(r.message.text)![1])).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(new Set(replies.map((r) => r.message.id)).size).toBe(10);
    for (const r of residents) r.events.close();
    cadre.events.close();
  }, 120_000);

  test("a cadre signed in on A is signed in on B; signing out on A ends it on B, and B's live stream with it", async () => {
    const onA = new BrowserClient(A());
    expect((await onA.post("/dashboard/api/login", { account: "wang", password: "demo" })).status).toBe(200);
    // The balancer sends the same browser (same cookie) to B.
    const onB = new BrowserClient(B());
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    expect((await onB.get("/cadre/session")).status).toBe(200);
    const stream = await onB.sse("/cadre/events?chat=g-chengguan");
    await stream.next((e) => e.event === "ready");

    expect((await onA.post("/dashboard/api/logout")).status).toBe(204);
    await stream.waitForEnd(5000);
    expect((await onB.get("/cadre/session")).status).toBe(401);
  });

  test("the flood limit is one limit for both instances: 20 messages a minute, not 40", async () => {
    const resident = await residentPage(A());
    const onB = new BrowserClient(B());
    for (const [k, v] of resident.browser.cookies) onB.cookies.set(k, v);
    for (let i = 0; i < 30; i++) {
      const page = i % 2 === 0 ? resident.browser : onB;
      const res = await page.post("/chat/messages", { clientMessageId: randomUUID(), text: `第${i + 1}句` });
      expect(res.status).toBe(202);
    }
    // One limit for both: told to slow down once, after the 20th; with a count per instance (15 each) never.
    await resident.hear((m) => m.text.includes("太快"));
    const history = await replay(await resident.reconnect(A()));
    expect(history.filter((m) => m.from.kind === "bot" && m.text.includes("太快"))).toHaveLength(1);
    resident.events.close();
  });

  test("SIGTERM and SIGKILL of A, restart: the resident's page replays its whole history and resumes from its last number", async () => {
    const resident = await residentPage(A());
    const number = await resident.file("东街社区3号楼的路灯坏了好几天了");
    resident.events.close();
    const history = async (base: string, after?: number) => {
      const events = await resident.reconnect(base, after);
      return { events, replayed: (await replay(events)).length };
    };
    const before = await history(A());
    expect(before.replayed).toBeGreaterThanOrEqual(4);
    before.events.close();

    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      cluster.get("A").kill(signal);
      await cluster.get("A").exited;
      await cluster.start("A");
      const after = await history(A());
      expect(after.replayed).toBe(before.replayed);
      after.events.close();
    }
    // Resuming from the last number gets only what is new: the answer to /status.
    const all = await resident.reconnect(A());
    const last = (await replay(all)).at(-1)!.seq;
    all.close();
    const resumed = await resident.reconnect(B(), last);
    expect(await replay(resumed)).toEqual([]);
    await resident.say({ text: "/status" });
    const status = await resumed.nextMessage<WebChatMessage>((m) => m.from.kind === "bot" && m.text.includes(number), 10_000);
    expect(Number(status.id)).toBeGreaterThan(last);
    resumed.close();
  }, 120_000);

  test("one instance polls Telegram; when it dies the other polls within 10 s, and no update is lost or handled twice", async () => {
    const states = async () => ({ A: await cluster.channelState("A", "telegram"), B: await cluster.channelState("B", "telegram") });
    const settled = await waitFor(
      async () => {
        const s = await states();
        return [s.A, s.B].filter((x) => x === "polling").length === 1 && [s.A, s.B].includes("standby") ? s : undefined;
      },
      { timeoutMs: 15_000, what: async () => `one instance polling, one on standby: ${JSON.stringify(await states())}` },
    );
    const holder = settled.A === "polling" ? "A" : "B";
    const other = holder === "A" ? "B" : "A";

    const people = new TelegramResidents(fake, 7100);
    const group = people.create(10);
    people.file(group.slice(0, 5), 200);
    await waitFor(() => group.slice(0, 5).every((r) => textsTo(fake, r.id).some((t) => t.includes(RECEIPT))), { timeoutMs: 30_000, what: () => `five receipts\n${cluster.describe()}` });

    cluster.get(holder).kill("SIGKILL");
    const killedAt = Date.now();
    people.file(group.slice(5));
    await waitFor(async () => (await cluster.channelState(other, "telegram")) === "polling", { timeoutMs: 10_000, intervalMs: 100, what: "the survivor polling" });
    const tookOverMs = Date.now() - killedAt;
    expect(tookOverMs).toBeLessThan(10_000);

    await waitFor(() => group.every((r) => textsTo(fake, r.id).some((t) => t.includes(RECEIPT))), { timeoutMs: 30_000, what: () => `ten receipts\n${cluster.describe()}` });
    people.stop();
    await inspectDatabase(db.settings, async (q) => {
      const cases = await q<{ account_id: string; n: string }>(
        `SELECT r.account_id, count(*) AS n FROM cases c JOIN residents r ON r.id = c.resident_id WHERE r.channel = 'telegram' GROUP BY r.account_id ORDER BY r.account_id`,
      );
      expect(cases).toEqual(group.map((r) => ({ account_id: String(r.id), n: "1" })));
    });
    // A message the dead process had handed to Telegram but not yet marked sent goes out once more, at most.
    for (const r of group) {
      const twice = [...repeated(textsTo(fake, r.id))];
      expect(twice.length).toBeLessThanOrEqual(1);
      for (const [, times] of twice) expect(times).toBe(2);
    }
    await cluster.start(holder);
  }, 120_000);

  test("kill -9 of the sending instance mid-burst: every resident's pending reply arrives within 5 s of the survivor taking over, not after the 60 s lease", async () => {
    const sender = (await cluster.channelState("A", "telegram")) === "polling" ? "A" : "B";
    const survivor = sender === "A" ? "B" : "A";
    const people = new TelegramResidents(fake, 7300);
    const group = people.create(8);
    // Telegram takes the messages but its answers are held: the sender has claimed what it is sending, and
    // every resident's answer (greeting, summary) is queued behind it, when it dies.
    const held = fake.holdAnswers("sendMessage");
    people.file(group);
    await waitFor(() => held.waiting() >= 1 && fake.pending().length === 0, { timeoutMs: 20_000, what: async () => `a send in flight and every update taken (${held.waiting()} in flight, ${fake.pending().length} updates pending)\n${cluster.describe()}` });
    cluster.get(sender).kill("SIGKILL");
    await cluster.get(sender).exited;
    held.release();
    await waitFor(async () => (await cluster.channelState(survivor, "telegram")) === "polling", { timeoutMs: 10_000, intervalMs: 100, what: "the survivor polling and sending" });
    const tookOverAt = Date.now();
    await waitFor(() => group.every((r) => textsTo(fake, r.id).some((t) => t.startsWith(SUMMARY))), { timeoutMs: 5000, intervalMs: 50, what: () => `every resident's summary within 5 s of the takeover\n${cluster.describe()}` });
    // And the appeals go on: each resident confirms and gets one receipt.
    await waitFor(() => group.every((r) => textsTo(fake, r.id).some((t) => t.includes(RECEIPT))), { timeoutMs: 20_000, intervalMs: 100, what: () => `every receipt\n${cluster.describe()}` });
    people.stop();
    await cluster.start(sender);
  }, 120_000);
});
