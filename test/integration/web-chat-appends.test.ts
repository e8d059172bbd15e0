import type { ChannelAdapter, OutboundMessage, SendResult } from "../../src/channels/port";
import { systemClock } from "../../src/clock";
import { openDatabase, type Database } from "../../src/db/database";
import { silentLogger } from "../../src/log";
import { OutboxDispatcher } from "../../src/outbox/dispatcher";
import { enqueue } from "../../src/outbox/enqueue";
import { WebChatHistory } from "../../src/web-chat/web-chat-history";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";

/**
 * The web chat's appends are stored in batches (src/web-chat/append-batches.ts): what arrives in
 * one moment shares one lock, one statement and one commit. What a page and the outbox rely on
 * must hold as it did for one append at a time: a page that has seen seq N and asks for what came
 * after N misses nothing; a key stored once is stored once; every instance is told; a message the
 * outbox sends again after a crash is in the history once.
 */

type Message = Awaited<ReturnType<WebChatHistory["after"]>>[number];

/** What the web adapter's send does with an outbox message (adapters/web/web-adapter.ts), without its sessions and routes. */
class HistoryChannel implements ChannelAdapter {
  readonly name = "web" as const;
  readonly hasButtons = true;
  sends = 0;
  constructor(private readonly history: WebChatHistory) {}
  async send(message: OutboundMessage): Promise<SendResult> {
    this.sends += 1;
    const { id } = await this.history.append(message.chatId, { from: { kind: "bot" }, text: message.text }, message.idempotencyKey);
    return { messageId: id };
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  state(): string {
    return "up";
  }
}

describe.each(backends)("web chat appends in batches on the %s database", (backend) => {
  let testDb: TestDatabase;
  /** Two instances on PostgreSQL (a pool each); on the embedded database one process, two histories on its one connection. */
  let databases: Database[];
  let histories: WebChatHistory[];
  const pool = () => databases[0]!.dataSource;

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    const first = await openDatabase(testDb.settings);
    databases = backend === "postgres" ? [first, await openDatabase(testDb.settings)] : [first];
    histories = [0, 1].map((i) => new WebChatHistory(databases[i % databases.length]!, {}, systemClock, silentLogger()));
  }, 60_000);
  afterAll(async () => {
    for (const d of databases ?? []) await d.close();
    await testDb?.drop();
  });

  const stored = async (chatId: string): Promise<{ seq: number; text: string }[]> =>
    ((await pool().query(`SELECT seq, text FROM web_chat_messages WHERE chat_id = $1 ORDER BY seq`, [chatId])) as { seq: string; text: string }[]).map((r) => ({
      seq: Number(r.seq),
      text: r.text,
    }));
  const newest = async (): Promise<number> => Number(((await pool().query(`SELECT coalesce(max(seq), 0) AS n FROM web_chat_messages`)) as { n: string }[])[0]!.n);

  test("appends made together are numbered in the order they were made and each chat's instances are told once the batch commits", async () => {
    const heard: string[] = [];
    const unwatch = await histories[1]!.watch({ appended: (chat) => heard.push(chat), missed: () => {} });
    const made = await Promise.all(["一", "二", "三", "四"].map((text, i) => histories[0]!.append(i % 2 === 0 ? "r-order-a" : "r-order-b", { from: { kind: "bot" }, text })));
    expect(made.map((m) => m.duplicate)).toEqual([false, false, false, false]);
    const seqs = made.map((m) => parseInt(m.id.slice(1), 36));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect((await stored("r-order-a")).map((m) => m.text)).toEqual(["一", "三"]);
    expect((await stored("r-order-b")).map((m) => m.text)).toEqual(["二", "四"]);
    for (const deadline = Date.now() + 5000; !(heard.includes("r-order-a") && heard.includes("r-order-b")); ) {
      if (Date.now() > deadline) throw new Error(`the other instance heard only ${JSON.stringify(heard)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await unwatch();
  });

  test("a key given twice in one batch, and a key stored before, are stored once and answered with the first message's id", async () => {
    const before = await histories[0]!.append("r-dedupe", { from: { kind: "bot" }, text: "先前的" }, "outbox:1");
    const [again, fresh, first, repeat] = await Promise.all([
      histories[0]!.append("r-dedupe", { from: { kind: "bot" }, text: "先前的" }, "outbox:1"),
      histories[0]!.append("r-dedupe", { from: { kind: "bot" }, text: "新的" }, "outbox:2"),
      histories[0]!.append("r-dedupe", { from: { kind: "bot" }, text: "重复" }, "outbox:3"),
      histories[0]!.append("r-dedupe", { from: { kind: "bot" }, text: "重复" }, "outbox:3"),
    ]);
    expect(again).toEqual({ id: before.id, duplicate: true });
    expect(fresh!.duplicate).toBe(false);
    expect(first!.duplicate).toBe(false);
    expect(repeat).toEqual({ id: first!.id, duplicate: true });
    expect((await stored("r-dedupe")).map((m) => m.text)).toEqual(["先前的", "新的", "重复"]);
  });

  test("the same key sent at once on two instances is stored once, both told its id", async () => {
    const [a, b] = await Promise.all(histories.map((h) => h.append("r-both", { from: { kind: "bot" }, text: "您的诉求已登记" }, "outbox:77")));
    expect(a!.id).toBe(b!.id);
    expect([a!.duplicate, b!.duplicate].sort()).toEqual([false, true]);
    expect(await stored("r-both")).toHaveLength(1);
  });

  test("a message the database refuses fails alone: the others of its batch are stored", async () => {
    // PostgreSQL's text cannot hold a NUL character: the whole statement fails.
    const outcomes = await Promise.allSettled(
      ["好的", "坏的\u0000", "也好"].map((text) => histories[0]!.append("r-poison", { from: { kind: "bot" }, text })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await stored("r-poison")).map((m) => m.text)).toEqual(["好的", "也好"]);
  });

  test("a page that follows while two instances append in bursts sees every message once, in number order, with no gap", async () => {
    const chats = ["g-burst", "r-burst-1", "r-burst-2"];
    let cursor = await newest();
    const seen: Message[] = [];
    let appending = true;
    const follow = (async () => {
      // Each read resumes after the highest number the last one returned, as a page does.
      for (let more = true; more; ) {
        more = appending;
        const page = await histories[1]!.after(chats, cursor);
        seen.push(...page);
        cursor = page.at(-1)?.seq ?? cursor;
      }
    })();
    const total = 300;
    const sent: string[] = [];
    for (let wave = 0; wave < total / 30; wave++) {
      const wavePromises = Array.from({ length: 30 }, (_, i) => {
        const n = wave * 30 + i;
        return histories[n % 2]!.append(chats[n % 3]!, { from: { kind: "bot" }, text: `第${n}条` });
      });
      sent.push(...(await Promise.all(wavePromises)).map((m) => m.id));
    }
    appending = false;
    await follow;
    const seqs = seen.map((m) => m.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    expect(new Set(seen.map((m) => m.id))).toEqual(new Set(sent));
  }, 30_000);

  if (backend === "postgres") {
    test("a batch slow to commit is not overtaken by another instance's: a page that reads meanwhile and resumes misses none of it", async () => {
      const sql = (text: string, params: unknown[] = []) => pool().query(text, params);
      await sql(`CREATE FUNCTION test_slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$`);
      await sql(`CREATE TRIGGER test_slow_batch AFTER INSERT ON web_chat_messages FOR EACH ROW WHEN (NEW.text LIKE '慢%') EXECUTE FUNCTION test_slow_batch()`);
      try {
        const chats = ["g-slow", "c-slow"];
        const start = await newest();
        // One batch on A: three messages, numbered before it sleeps on the last one's insert.
        const slow = Promise.all(["甲", "乙", "慢"].map((text) => histories[0]!.append("g-slow", { from: { kind: "bot" }, text })));
        for (const deadline = Date.now() + 10_000; ; ) {
          const sleeping = (await sql(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep'`)) as { n: string }[];
          if (sleeping[0]!.n !== "0") break;
          if (Date.now() > deadline) throw new Error("the slow batch never started");
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        // Then a batch on B, whose numbers come after A's.
        const fast = histories[1]!.append("c-slow", { from: { kind: "bot" }, text: "快" });
        await new Promise((resolve) => setTimeout(resolve, 100));
        const firstLook = await histories[1]!.after(chats, start);
        await Promise.all([slow, fast]);
        const secondLook = await histories[1]!.after(chats, firstLook.at(-1)?.seq ?? start);
        expect([...firstLook, ...secondLook].map((m) => m.text)).toEqual(["甲", "乙", "慢", "快"]);
      } finally {
        await sql(`DROP TRIGGER test_slow_batch ON web_chat_messages`);
        await sql(`DROP FUNCTION test_slow_batch()`);
      }
    }, 30_000);
  }

  describe("sent by the outbox", () => {
    let now: number;
    const clock = { now: () => new Date(now) };
    beforeEach(async () => {
      now = Date.parse("2026-11-23T02:00:00Z");
      await pool().query(`DELETE FROM outbox`);
    });
    const queue = (chatId: string, ...texts: string[]) =>
      pool().transaction(async (tx) => {
        for (const text of texts) await enqueue(tx, { channel: "web", chatId }, { text }, null, clock.now());
      });
    const outboxRows = async (): Promise<{ id: number; status: string; message_id: string | null }[]> =>
      ((await pool().query(`SELECT id, status, message_id FROM outbox ORDER BY id`)) as { id: number; status: string; message_id: string | null }[]).map((r) => ({
        ...r,
        id: Number(r.id),
      }));
    /** An instance claimed everything queued and died: its lease runs out at `until`. */
    const claimedByTheDead = (until: number) => pool().query(`UPDATE outbox SET locked_until = $1, claimed_by = 'dead-instance', attempts = 1`, [new Date(until)]);

    test("claimed, then the sender died before appending: sent once its lease runs out, each message once, in order", async () => {
      await queue("r-crash-1", "收到", "已登记");
      await queue("r-crash-2", "请核对");
      await claimedByTheDead(now + 60_000);
      const web = new HistoryChannel(histories[0]!);
      const d = new OutboxDispatcher(pool(), new Map([["web", web]]), clock, silentLogger());
      await d.settle();
      expect(web.sends).toBe(0);
      now += 61_000;
      await d.settle();
      expect((await stored("r-crash-1")).map((m) => m.text)).toEqual(["收到", "已登记"]);
      expect((await stored("r-crash-2")).map((m) => m.text)).toEqual(["请核对"]);
      expect((await outboxRows()).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    });

    test("appended, then the sender died before marking it sent: sent again, it is in the history once, with the first try's id", async () => {
      await queue("r-resent", "诉求已登记", "请评价");
      const [first] = await outboxRows();
      // The dead instance's send had reached the history; its mark never happened.
      const firstTry = await histories[1]!.append("r-resent", { from: { kind: "bot" }, text: "诉求已登记" }, `outbox:${first!.id}`);
      await claimedByTheDead(now + 60_000);
      now += 61_000;
      const web = new HistoryChannel(histories[0]!);
      await new OutboxDispatcher(pool(), new Map([["web", web]]), clock, silentLogger()).settle();
      expect(web.sends).toBe(2);
      expect((await stored("r-resent")).map((m) => m.text)).toEqual(["诉求已登记", "请评价"]);
      const rows = await outboxRows();
      expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
      expect(rows[0]!.message_id).toBe(firstTry.id);
    });

    test("many chats' messages sent at once are each stored once, every chat in its order, every row marked with its message's id", async () => {
      const chats = Array.from({ length: 25 }, (_, i) => `r-many-${i}`);
      for (const chat of chats) await queue(chat, `${chat} 一`, `${chat} 二`, `${chat} 三`);
      const web = new HistoryChannel(histories[0]!);
      await new OutboxDispatcher(pool(), new Map([["web", web]]), clock, silentLogger()).settle();
      for (const chat of chats) expect((await stored(chat)).map((m) => m.text)).toEqual([`${chat} 一`, `${chat} 二`, `${chat} 三`]);
      const rows = await outboxRows();
      expect(rows.every((r) => r.status === "sent")).toBe(true);
      expect(new Set(rows.map((r) => r.message_id)).size).toBe(rows.length);
    });
  });
});
