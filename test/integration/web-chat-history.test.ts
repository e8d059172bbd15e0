import { randomUUID } from "node:crypto";
import { Client } from "pg";
import type { WebChatMessage } from "../../adapters/web/types";
import type { ChannelAdapter } from "../../src/channels/port";
import { openDatabase } from "../../src/db/database";
import { BrowserClient } from "../support/browser-client";
import { backends, createTestDatabase, type Backend, type TestDatabase } from "../support/databases";
import { replay, type SseClient } from "../support/sse-client";
import { startTestApp, type TestApp } from "../support/test-app";
import { openChatStoreDatabase, type ChatStoreDatabase } from "../support/web-chat-store";
import { WebPhotos } from "../../src/web-chat/web-photos";
import { captureLogger } from "../support/capture-logger";

/**
 * The web chat's history lives in the database: what one instance stores, the pages on every
 * instance see, live and after a reload or a restart; numbers resume without a gap.
 */


/** The next `count` messages of a stream that match `predicate`, in the order they came. */
async function take(events: SseClient, count: number, predicate: (m: WebChatMessage) => boolean = () => true): Promise<WebChatMessage[]> {
  const taken: WebChatMessage[] = [];
  while (taken.length < count) taken.push((await events.nextMessage<WebChatMessage>(predicate, 10_000)).data);
  return taken;
}

/** Each message once, numbers rising: what a page must be sent. */
function expectInOrderAndOnce(messages: readonly WebChatMessage[]): void {
  const seqs = messages.map((m) => m.seq);
  expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
}

function webOf(t: TestApp): ChannelAdapter {
  const web = t.app.adapters.get("web");
  if (!web) throw new Error("this instance runs no web chat");
  return web;
}

/** The same browser (its cookies) reaching another instance, as behind a load balancer. */
function sameBrowserOn(browser: BrowserClient, t: TestApp): BrowserClient {
  const moved = new BrowserClient(t.baseUrl);
  for (const [name, value] of browser.cookies) moved.cookies.set(name, value);
  return moved;
}

async function signedInCadre(t: TestApp, account = "wang"): Promise<BrowserClient> {
  const browser = new BrowserClient(t.baseUrl);
  expect((await browser.post("/dashboard/api/login", { account, password: "demo" })).status).toBe(200);
  return browser;
}

describe.each(backends)("web chat history on the %s database", (backend: Backend) => {
  /**
   * Two instances on PostgreSQL: A takes the pages and sends nothing, B runs the outbox, so
   * whatever the core answers is sent by B. The embedded database serves one process: there A
   * is B, and the same tests check the one instance.
   */
  describe(backend === "postgres" ? "two instances, the pages on A, sending on B" : "one instance", () => {
    let db: TestDatabase;
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      if (backend === "postgres") {
        a = await startTestApp({ backend, database: db, roles: { channels: ["web"], jobs: [] } });
        b = await startTestApp({ backend, database: db });
      } else {
        a = b = await startTestApp({ backend, database: db });
      }
    }, 60_000);
    afterAll(async () => {
      await a?.stop();
      if (b !== a) await b?.stop();
      await db?.drop();
    });

    test("a resident's page on A hears every reply a cadre types on B, in order and once (the issue's 10 replies)", async () => {
      const resident = new BrowserClient(a.baseUrl);
      const chat = await resident.residentChat();
      const page = await resident.sse("/chat/events");
      await replay(page);
      const say = async (fields: { text?: string; button?: string }) =>
        expect((await resident.post("/chat/messages", { clientMessageId: randomUUID(), ...fields })).status).toBe(202);
      const hear = async (predicate: (m: WebChatMessage) => boolean) => (await page.nextMessage<WebChatMessage>((m) => m.from.kind === "bot" && predicate(m), 10_000)).data;

      await say({ text: "西街社区菜市场门口的井盖丢了，晚上很危险" });
      await hear((m) => m.text.includes("请核对"));
      await say({ button: "confirm" });
      const number = /MQ-\d{8}-\d{4}/.exec((await hear((m) => m.text.includes("诉求已登记"))).text)![0];

      const wang = await signedInCadre(b);
      const desk = await wang.sse("/cadre/events?chat=g-chengguan");
      const card = (await desk.nextMessage<WebChatMessage>((m) => m.text.includes(number) && m.text.includes("新诉求"), 10_000)).data;
      for (let i = 1; i <= 10; i++) {
        const reply = await wang.post("/cadre/messages", { chat: "g-chengguan", clientMessageId: randomUUID(), text: `答复第${i}条`, replyTo: card.id });
        expect(reply.status).toBe(202);
      }
      await b.settled();
      // The last word, after everything B had to send: what the page has by then is all it gets.
      const end = await webOf(b).send({ chatId: chat, text: "完" });
      const heard: WebChatMessage[] = [];
      for (let m = await hear(() => true); m.id !== end.messageId; m = await hear(() => true)) heard.push(m);
      const replies = heard.filter((m) => /答复第\d+条/.test(m.text));
      expect(replies.map((m) => Number(/答复第(\d+)条/.exec(m.text)![1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expectInOrderAndOnce(heard);
      page.close();
      desk.close();
    }, 60_000);

    test("a browser's retry of a post on the other instance keeps the message's id and is stored once", async () => {
      const onA = new BrowserClient(a.baseUrl);
      const chat = await onA.residentChat();
      const body = { clientMessageId: "retry-1", text: "楼道里的灯坏了一个星期" };
      const first = await onA.post("/chat/messages", body);
      expect(first.status).toBe(202);
      const onB = sameBrowserOn(onA, b);
      const retry = await onB.post("/chat/messages", body);
      expect(retry.status).toBe(202);
      expect(retry.json.messageId).toBe(first.json.messageId);

      const stored: { n: string }[] = await a.app.database.dataSource.query(`SELECT count(*) AS n FROM web_chat_messages WHERE chat_id = $1 AND client_message_id = 'retry-1'`, [chat]);
      expect(Number(stored[0]!.n)).toBe(1);
      const reloaded = await onB.sse("/chat/events");
      expect((await replay(reloaded)).filter((m) => m.from.kind === "resident").map((m) => m.id)).toEqual([first.json.messageId]);
      reloaded.close();
    });

    test("an outbox message tried again after its sender died (same key) is shown once, with the first try's id", async () => {
      const chat = await new BrowserClient(a.baseUrl).residentChat();
      const first = await webOf(a).send({ chatId: chat, text: "您的诉求已登记", idempotencyKey: "outbox:4242" });
      const again = await webOf(b).send({ chatId: chat, text: "您的诉求已登记", idempotencyKey: "outbox:4242" });
      expect(again.messageId).toBe(first.messageId);
      const stored: { n: string }[] = await a.app.database.dataSource.query(`SELECT count(*) AS n FROM web_chat_messages WHERE chat_id = $1`, [chat]);
      expect(Number(stored[0]!.n)).toBe(1);
    });

    test("messages racing into two chats reach one cadre stream each once and in number order, live and after a reconnect mid-burst", async () => {
      const wang = await signedInCadre(a);
      const chats = "chat=g-chengguan&chat=c-wang";
      const live = await wang.sse(`/cadre/events?${chats}`);
      const start = (await replay(live)).at(-1)?.seq ?? 0;
      const total = 120;
      const senders = [webOf(a), webOf(b)];
      const burst = Promise.all(
        Array.from({ length: total }, (_, i) => senders[i % 2]!.send({ chatId: i % 4 < 2 ? "g-chengguan" : "c-wang", text: `并发 ${i}` })),
      );
      const ofBurst = (m: WebChatMessage) => m.text.startsWith("并发 ");

      // A page that drops out during the burst and comes back with the last number it saw.
      const early = await wang.sse(`/cadre/events?${chats}&after=${start}`);
      const beforeDrop = await take(early, 20, ofBurst);
      early.close();
      const resumed = await wang.sse(`/cadre/events?${chats}`, { "Last-Event-ID": String(beforeDrop.at(-1)!.seq) });
      const sent = new Set((await burst).map((s) => s.messageId));
      const afterDrop = await take(resumed, total - 20, ofBurst);
      const pushed = await take(live, total, ofBurst);

      for (const seen of [pushed, [...beforeDrop, ...afterDrop]]) {
        expectInOrderAndOnce(seen);
        expect(new Set(seen.map((m) => m.id))).toEqual(sent);
      }
      for (const stream of [live, resumed]) stream.close();
    }, 60_000);

    if (backend === "postgres") {
      test("a message slow to commit is not overtaken by the next one: neither a live stream nor a page that reconnects misses it", async () => {
        const sql = (text: string, params: unknown[] = []) => a.app.database.dataSource.query(text, params);
        // A transaction that takes long between taking its number and committing (a slow disk, a long network path).
        await sql(`CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$`);
        await sql(`CREATE TRIGGER test_slow_commit AFTER INSERT ON web_chat_messages FOR EACH ROW WHEN (NEW.text LIKE '慢%') EXECUTE FUNCTION test_slow_commit()`);
        try {
          const wang = await signedInCadre(a);
          const chats = "chat=g-chengguan&chat=c-wang";
          const live = await wang.sse(`/cadre/events?${chats}`);
          const start = (await replay(live)).at(-1)?.seq ?? 0;
          const ours = (m: WebChatMessage) => m.text.startsWith("慢") || m.text.startsWith("快");

          const slow = webOf(a).send({ chatId: "g-chengguan", text: "慢：先取号的消息" });
          const slowHasItsNumber = async () => ((await sql(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep'`)) as { n: string }[])[0]!.n !== "0";
          for (const deadline = Date.now() + 10_000; !(await slowHasItsNumber()); ) {
            if (Date.now() > deadline) throw new Error("the slow append never started");
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          await webOf(b).send({ chatId: "c-wang", text: "快：后取号的消息" });

          // A page that opens now and reconnects from the last number it was given.
          const page = await wang.sse(`/cadre/events?${chats}&after=${start}`);
          const firstLook = (await replay(page)).filter(ours);
          page.close();
          await slow;
          const again = await wang.sse(`/cadre/events?${chats}`, { "Last-Event-ID": String(firstLook.at(-1)?.seq ?? start) });
          const secondLook = (await replay(again)).filter(ours);
          again.close();

          const texts = ["慢：先取号的消息", "快：后取号的消息"];
          expect([...firstLook, ...secondLook].map((m) => m.text)).toEqual(texts);
          expect((await take(live, 2, ours)).map((m) => m.text)).toEqual(texts);
          live.close();
        } finally {
          await sql(`DROP TRIGGER test_slow_commit ON web_chat_messages`);
          await sql(`DROP FUNCTION test_slow_commit()`);
        }
      }, 30_000);

      test("a message whose notification was lost reaches the open page once the listening connection is back", async () => {
        const resident = new BrowserClient(a.baseUrl);
        const chat = await resident.residentChat();
        const page = await resident.sse("/chat/events");
        await replay(page);
        // Stored without its notification, as when it was sent while the connection was down.
        await a.app.database.dataSource.query(`INSERT INTO web_chat_messages (chat_id, at, sender, text) VALUES ($1, now(), '{"kind":"bot"}', '断线时发出的消息')`, [chat]);
        const admin = new Client({ connectionString: (db.settings as { url: string }).url });
        await admin.connect();
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
        await admin.end();
        expect((await page.nextMessage<WebChatMessage>(() => true, 10_000)).data.text).toBe("断线时发出的消息");
        page.close();
      }, 30_000);
    }
  });

  test("a restart keeps the chat: the page replays its 19 messages and resumes from its last number (the issue's 19 → 0)", async () => {
    const db = await createTestDatabase(backend);
    let t = await startTestApp({ backend, database: db });
    try {
      const browser = new BrowserClient(t.baseUrl);
      const chat = await browser.residentChat();
      for (let i = 1; i <= 19; i++) await webOf(t).send({ chatId: chat, text: `第${i}条消息` });
      const before = await browser.sse("/chat/events");
      const history = await replay(before);
      before.close();
      expect(history.map((m) => m.text)).toEqual(Array.from({ length: 19 }, (_, i) => `第${i + 1}条消息`));

      await t.stop();
      t = await startTestApp({ backend, database: db });
      const back = sameBrowserOn(browser, t);
      const reloaded = await back.sse("/chat/events");
      expect(await replay(reloaded)).toEqual(history);
      reloaded.close();

      const last = history.at(-1)!.seq;
      const resumed = await back.sse("/chat/events?after=0", { "Last-Event-ID": String(last) });
      expect(await replay(resumed)).toEqual([]);
      const next = await webOf(t).send({ chatId: chat, text: "重启后的第一条" });
      const pushed = (await resumed.nextMessage<WebChatMessage>()).data;
      expect(pushed).toMatchObject({ id: next.messageId, text: "重启后的第一条" });
      expect(pushed.seq).toBeGreaterThan(last);
      expect(history.map((m) => m.id)).not.toContain(next.messageId);
      resumed.close();
    } finally {
      await t.stop();
      await db.drop();
    }
  }, 60_000);

  test("a page still holding a clock-based number from before the upgrade gets the messages sent after it", async () => {
    const db = await createTestDatabase(backend);
    // The database as the version before this one left it, while its web chat numbered messages
    // by the clock: a run started just now, in microseconds, plus the messages it numbered.
    const old = await openDatabase(db.settings);
    const applied = async () => ((await old.dataSource.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)) as { name: string }[])[0]?.name;
    while ((await applied()) !== "WebChatHistory1764500000000") await old.dataSource.undoLastMigration();
    await old.dataSource.undoLastMigration();
    await old.close();
    const heldByThePage = Date.now() * 1000 + 500;

    const t = await startTestApp({ backend, database: db });
    try {
      const browser = new BrowserClient(t.baseUrl);
      const chat = await browser.residentChat();
      const page = await browser.sse("/chat/events", { "Last-Event-ID": String(heldByThePage) });
      await replay(page);
      const sent = await webOf(t).send({ chatId: chat, text: "升级后的消息" });
      const pushed = (await page.nextMessage<WebChatMessage>()).data;
      expect(pushed.id).toBe(sent.messageId);
      expect(pushed.seq).toBeGreaterThan(heldByThePage);
      expect(Number.isSafeInteger(pushed.seq)).toBe(true);
      page.close();
    } finally {
      await t.stop();
      await db.drop();
    }
  }, 60_000);

  describe("retention", () => {
    let stores: ChatStoreDatabase;
    beforeAll(async () => void (stores = await openChatStoreDatabase(backend)), 60_000);
    afterAll(() => stores?.close());

    const count = async (chatId: string) =>
      Number(((await stores.database.dataSource.query(`SELECT count(*) AS n FROM web_chat_messages WHERE chat_id = $1`, [chatId])) as { n: string }[])[0]!.n);

    test("keeps the newest messages of each chat up to the limit and none older than the age; a prune deletes the rest", async () => {
      let now = Date.parse("2026-11-23T02:00:00Z");
      const store = stores.store({ limits: { perChat: 3, maxAgeMs: 24 * 3600_000 }, clock: { now: () => new Date(now) } });
      const [busy, quiet] = [`r-${randomUUID()}`, `r-${randomUUID()}`];
      for (let i = 1; i <= 5; i++) await store.append(busy, { from: { kind: "bot" }, text: `忙${i}` });
      await store.append(quiet, { from: { kind: "resident" }, text: "静1" });

      // Shown as the limits say before any prune ran, so a page never depends on when it runs.
      expect((await store.after([busy, quiet], 0)).map((m) => m.text)).toEqual(["忙3", "忙4", "忙5", "静1"]);
      expect(await count(busy)).toBe(5);
      await store.prune();
      expect([await count(busy), await count(quiet)]).toEqual([3, 1]);

      now += 24 * 3600_000 + 1;
      expect(await store.after([busy, quiet], 0)).toEqual([]);
      await store.append(quiet, { from: { kind: "bot" }, text: "静2" });
      await store.prune();
      expect([await count(busy), await count(quiet)]).toEqual([0, 1]);
      expect((await store.after([quiet], 0)).map((m) => m.text)).toEqual(["静2"]);
    });

    test("a photo no message named is deleted after the grace period; a sent one stays, after its message too, and a fresh one stays", async () => {
      let now = Date.parse("2026-11-23T02:00:00Z");
      const clock = { now: () => new Date(now) };
      const hour = 3600_000;
      const store = stores.store({ limits: { maxAgeMs: 48 * hour, unsentPhotoMaxAgeMs: 24 * hour }, clock });
      const photos = new WebPhotos(stores.database.dataSource.manager, clock);
      const chat = `r-${randomUUID()}`;
      const upload = async (n: number) => {
        const saved = await photos.save(chat, Buffer.from([0xff, 0xd8, 0xff, 0xe0, n]));
        if (!saved.ok) throw new Error(saved.reason);
        return saved.id;
      };
      const kept = async (id: string) => (await photos.ofChat(chat, id)) !== undefined;
      const photoMessage = (fileId: string) => ({ from: { kind: "resident" as const }, text: "", photo: { kind: "photo" as const, fileId, channel: "web" as const } });

      const unsent = await upload(1);
      const sent = await upload(2);
      await store.append(chat, photoMessage(sent));
      now += 24 * hour - 60_000;
      await store.prune();
      expect([await kept(unsent), await kept(sent)]).toEqual([true, true]);

      now += 60_000 + 1;
      const fresh = await upload(3);
      await store.prune();
      expect([await kept(unsent), await kept(sent), await kept(fresh)]).toEqual([false, true, true]);
      // Sent after all (a page that kept it all day): it does not exist any more, so the message is not stored.
      await expect(store.append(chat, photoMessage(unsent))).rejects.toThrow("deleted as never sent");

      // The message leaves the history; its photo (the case's evidence) stays.
      now += 48 * hour;
      await store.prune();
      expect(await store.after([chat], 0)).toEqual([]);
      expect(await kept(sent)).toBe(true);
    });

    test("instances pruning unsent photos at the same time delete each once, in batches, and fail nothing", async () => {
      let now = Date.parse("2026-11-23T02:00:00Z");
      const clock = { now: () => new Date(now) };
      const logs = [captureLogger(), captureLogger()];
      const instances = logs.map(({ logger }) => stores.store({ limits: { unsentPhotoMaxAgeMs: 3600_000 }, clock, logger }));
      const photos = new WebPhotos(stores.database.dataSource.manager, clock);
      const chat = `r-${randomUUID()}`;
      for (let n = 0; n < 250; n++) await photos.save(chat, Buffer.from([0xff, 0xd8, 0xff, 0xe0, n >> 8, n & 0xff]));
      now += 3600_000 + 1;
      await Promise.all(instances.map((store) => store.prune()));
      const left = await stores.database.dataSource.query(`SELECT count(*)::int AS n FROM web_photos WHERE chat_id = $1`, [chat]);
      expect(left).toEqual([{ n: 0 }]);
      const deleted = logs.flatMap(({ lines }) => lines().map((line) => Number(/"unsentPhotos":(\d+)/.exec(line)?.[1] ?? 0)));
      expect(deleted.reduce((x, y) => x + y, 0)).toBe(250);
      expect(logs.flatMap(({ lines }) => lines("warn"))).toEqual([]);
    });
  });
});
