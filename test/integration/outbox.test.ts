import { DeliveryError, type ChannelAdapter, type ChannelName, type OutboundMessage, type SendResult } from "../../src/channels/port";
import { openDatabase, type Database } from "../../src/db/database";
import { Instance } from "../../src/cluster/instance";
import { silentLogger } from "../../src/log";
import { OutboxDispatcher, type DispatcherOptions } from "../../src/outbox/dispatcher";
import { listDeadLetters, sendAgain } from "../../src/outbox/dead-letters";
import { enqueue, withOutbox } from "../../src/outbox/enqueue";
import { transactor } from "../../src/db/tx";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { waitUntil } from "../support/wait-until";

/** A channel whose next answers a test decides: send, hold, or fail in a given way. */
class ScriptedChannel implements ChannelAdapter {
  readonly hasButtons = true;
  readonly delivered: { chatId: string; text: string }[] = [];
  /** Most sends that were in progress at the same time. */
  maxInFlight = 0;
  up = true;
  /** Texts the channel's library chokes on: every send of one throws an error nobody recognises. */
  readonly poisoned = new Set<string>();
  /** Chats every send to which fails this way (a chat the platform refuses, say). */
  readonly failingChats = new Map<string, DeliveryError>();
  /** While set, every send fails this way (the platform is down). */
  down: DeliveryError | undefined;
  private inFlight = 0;
  private failures: { chatId?: string; error: DeliveryError | Error }[] = [];
  private seq = 0;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  constructor(
    readonly name: ChannelName = "telegram",
    readonly sendConcurrency?: number,
  ) {}

  canSend(): boolean {
    return this.up;
  }

  /** Sends wait until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.gate = undefined;
    this.openGate?.();
  }

  get sending(): number {
    return this.inFlight;
  }

  failNext(error: DeliveryError | Error, chatId?: string): void {
    this.failures.push({ chatId, error });
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // A microtask, so sends started together overlap as they would on a network.
      await (this.gate ?? Promise.resolve());
      if (this.down) throw this.down;
      if (this.poisoned.has(message.text)) throw new TypeError("Cannot read properties of undefined (reading 'length')");
      const refusal = this.failingChats.get(message.chatId);
      if (refusal) throw refusal;
      const i = this.failures.findIndex((f) => f.chatId === undefined || f.chatId === message.chatId);
      if (i >= 0) throw this.failures.splice(i, 1)[0]!.error;
      this.delivered.push({ chatId: message.chatId, text: message.text });
      return { messageId: String(++this.seq) };
    } finally {
      this.inFlight -= 1;
    }
  }

  texts(chatId: string): string[] {
    return this.delivered.filter((d) => d.chatId === chatId).map((d) => d.text);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  state(): string {
    return "up";
  }
}

describe.each(backends)("the outbox on the %s database", (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let now: number;
  const clock = { now: () => new Date(now) };

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    db = await openDatabase(testDb.settings);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  beforeEach(async () => {
    now = Date.parse("2026-11-23T02:00:00Z");
    await db.dataSource.query(`DELETE FROM outbox`);
    await db.dataSource.query(`DELETE FROM chat_moves`);
  });

  const queueOn = (channel: ChannelName, chatId: string, ...texts: string[]) =>
    db.dataSource.transaction(async (tx) => {
      for (const text of texts) await enqueue(tx, { channel, chatId }, { text }, null, clock.now());
    });
  const queue = (chatId: string, ...texts: string[]) => queueOn("telegram", chatId, ...texts);
  const dispatcher = (channel: ScriptedChannel) => new OutboxDispatcher(db.dataSource, new Map([["telegram", channel]]), clock, silentLogger());

  test("messages to one chat arrive in order, even when the first must be retried", async () => {
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    await queue("100", "one", "two", "three");
    await queue("200", "other chat");
    channel.failNext(new DeliveryError("Bad Gateway", { kind: "retry" }), "100");
    await d.settle();
    expect(channel.texts("100")).toEqual([]);
    expect(channel.texts("200")).toEqual(["other chat"]);
    now += 1000;
    await d.settle();
    expect(channel.texts("100")).toEqual(["one", "two", "three"]);
  });

  test("a 429 is honoured: nothing is sent to that chat before retry_after has passed", async () => {
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    await queue("100", "hello");
    channel.failNext(new DeliveryError("Too Many Requests", { kind: "retry", afterMs: 30_000 }));
    await d.settle();
    now += 29_000;
    await d.settle();
    expect(channel.delivered).toEqual([]);
    now += 1_000;
    await d.settle();
    expect(channel.texts("100")).toEqual(["hello"]);
  });

  test("a long outage loses nothing and sends nothing twice", async () => {
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    await queue("100", "a", "b");
    for (let i = 0; i < 12; i++) channel.failNext(new Error("connect ECONNREFUSED"));
    for (let minute = 0; minute < 60; minute++) {
      await d.settle();
      now += 60_000;
    }
    await d.settle();
    expect(channel.texts("100")).toEqual(["a", "b"]);
  });

  test("a chat held back by the channel's pacing waits its turn, uncounted, while other chats' messages go", async () => {
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    await queue("-100", "card 21", "card 22");
    await queue("100", "receipt");
    channel.failNext(new DeliveryError("the group had its 20 this minute", { kind: "paced", afterMs: 300 }), "-100");
    await d.settle();
    expect(channel.texts("100")).toEqual(["receipt"]);
    expect(channel.texts("-100")).toEqual([]);
    const rows: { attempts: number; status: string }[] = await db.dataSource.query(`SELECT attempts, status FROM outbox WHERE chat_id = '-100' ORDER BY id`);
    expect(rows).toEqual([
      { attempts: 0, status: "pending" },
      { attempts: 0, status: "pending" },
    ]);
    now += 300;
    await d.settle();
    expect(channel.texts("-100")).toEqual(["card 21", "card 22"]);
  });

  test("messages sent together are all marked sent, each with its message id", async () => {
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    for (let chat = 0; chat < 15; chat++) await queue(String(chat), `to ${chat}`);
    await d.settle();
    const rows: { status: string; message_id: string | null; sent_at: Date | null }[] = await db.dataSource.query(`SELECT status, message_id, sent_at FROM outbox`);
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(15);
    for (const r of rows) expect(r).toMatchObject({ status: "sent", sent_at: new Date(now) });
  });

  test("a resident who blocked the bot does not stall the messages after it", async () => {
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    await queue("100", "blocked", "next");
    channel.failNext(new DeliveryError("Forbidden: bot was blocked by the user", { kind: "permanent", blocked: true }));
    await d.settle();
    expect(channel.texts("100")).toEqual(["next"]);
    const failed: { status: string }[] = await db.dataSource.query(`SELECT status FROM outbox WHERE payload->>'text' = 'blocked'`);
    expect(failed[0]?.status).toBe("failed");
  });

  test("a group that became a supergroup gets its messages at the new id, now and later", async () => {
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    await queue("-100", "card");
    channel.failNext(new DeliveryError("group chat was upgraded to a supergroup chat", { kind: "chat_moved", toChatId: "-1009" }));
    await d.settle();
    await queue("-100", "later");
    await d.settle();
    expect(channel.texts("-1009")).toEqual(["card", "later"]);
  });

  test("messages a transaction holds are written together at its end, in order, at the chats' new ids", async () => {
    await db.dataSource.query(`INSERT INTO chat_moves (channel, from_chat_id, to_chat_id, moved_at) VALUES ('telegram', '-100', '-1009', now()), ('telegram', '-1009', '-10099', now())`);
    await db.dataSource.transaction((tx) =>
      withOutbox(tx, async () => {
        for (const [chatId, text] of [["-100", "card"], ["100", "receipt"], ["-100", "photo"], ["200", "other"]] as const) {
          await enqueue(tx, { channel: "telegram", chatId }, { text }, 7, clock.now());
        }
        const written: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM outbox`);
        expect(written[0]?.n).toBe(0);
      }),
    );
    const rows: { chat_id: string; text: string; case_id: number }[] = await db.dataSource.query(`SELECT chat_id, payload->>'text' AS text, case_id FROM outbox ORDER BY id`);
    expect(rows).toEqual([
      { chat_id: "-10099", text: "card", case_id: 7 },
      { chat_id: "100", text: "receipt", case_id: 7 },
      { chat_id: "-10099", text: "photo", case_id: 7 },
      { chat_id: "200", text: "other", case_id: 7 },
    ]);
  });

  test("a transaction that fails writes none of the messages it held", async () => {
    await expect(
      db.dataSource.transaction((tx) =>
        withOutbox(tx, async () => {
          await enqueue(tx, { channel: "telegram", chatId: "100" }, { text: "never" }, null, clock.now());
          throw new Error("the change failed");
        }),
      ),
    ).rejects.toThrow("the change failed");
    expect(await db.dataSource.query(`SELECT * FROM outbox`)).toEqual([]);
  });

  test("after a crash, what was claimed but not sent goes out once its lease runs out", async () => {
    await queue("100", "in flight");
    // An instance claimed the message and died before sending it.
    await db.dataSource.query(`UPDATE outbox SET locked_until = $1, attempts = 1`, [new Date(now + 60_000)]);
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    await d.settle();
    expect(channel.delivered).toEqual([]);
    now += 61_000;
    await d.settle();
    expect(channel.texts("100")).toEqual(["in flight"]);
  });

  describe("claims tied to the instance that made them", () => {
    // Short, so the test waits half a second for a death rather than five.
    const cluster = { heartbeatMs: 100, deadAfterMs: 500 };
    const instances: Instance[] = [];
    const instance = async (alone = false) => {
      const i = new Instance(db.dataSource, silentLogger(), cluster, alone);
      instances.push(i);
      await i.start();
      return i;
    };
    const sendingFor = (channel: ScriptedChannel, i: Instance) =>
      new OutboxDispatcher(db.dataSource, new Map([["telegram", channel]]), clock, silentLogger(), { leaseMs: 60_000, instance: i });
    afterEach(async () => {
      for (const i of instances.splice(0)) await i.stop();
      await db.dataSource.query(`DELETE FROM instances`);
    });

    /** An instance claims the heads of the `chats` queued and hangs in their sends; returns it, its channel and its pass. */
    async function hungInstance(chats: number) {
      const dying = await instance();
      const hung = new ScriptedChannel();
      hung.hold();
      const pass = sendingFor(hung, dying).settle();
      await waitUntil(() => hung.sending === chats, 5000, () => "the heads claimed and in their sends");
      return { dying, hung, pass };
    }

    test("what an instance that died had claimed is sent by another within a second of its death, not when the lease runs out", async () => {
      await queue("100", "one", "two");
      await queue("200", "three");
      const { dying, hung, pass } = await hungInstance(2);
      const survivor = new ScriptedChannel();
      const d = sendingFor(survivor, await instance());
      // Alive, its claims are its own: the other instance sends nothing of those chats.
      await d.settle();
      expect(survivor.delivered).toEqual([]);

      dying.halt(); // its heartbeat stops, as at a kill -9; the app clock stands still: no lease runs out
      const diedAt = Date.now();
      for (;;) {
        await d.settle();
        if (survivor.delivered.length === 3 || Date.now() - diedAt > 5000) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(survivor.texts("100")).toEqual(["one", "two"]);
      expect(survivor.texts("200")).toEqual(["three"]);
      // Dead after 0.5 s (cluster.deadAfterMs), taken over at the next look.
      expect(Date.now() - diedAt).toBeLessThan(1500);
      const claims: { claimed_by: string }[] = await db.dataSource.query(`SELECT DISTINCT claimed_by FROM outbox`);
      expect(claims).toEqual([{ claimed_by: instances[1]!.id }]);
      hung.release();
      await pass;
    });

    test("an instance never takes its own claims for dead, even while its heartbeat is stale (after a database outage its sends wait to be marked)", async () => {
      await queue("100", "one");
      const { dying, hung, pass } = await hungInstance(1);
      dying.halt();
      await new Promise((resolve) => setTimeout(resolve, cluster.deadAfterMs + 2 * cluster.heartbeatMs));
      const again = new ScriptedChannel();
      await sendingFor(again, dying).settle();
      expect(again.delivered).toEqual([]);
      hung.release();
      await pass;
      expect(hung.texts("100")).toEqual(["one"]);
    });

    test("a process that starts alone on its database (the embedded one) takes over an earlier run's claims at once", async () => {
      await queue("100", "one");
      const { dying, hung, pass } = await hungInstance(1);
      dying.halt();
      const survivor = new ScriptedChannel();
      const restarted = sendingFor(survivor, await instance(true));
      await restarted.settle(); // no wait for the dead instance's heartbeat to go stale
      expect(survivor.texts("100")).toEqual(["one"]);
      hung.release();
      await pass;
    });
  });

  describe("runs: a chat's messages claimed together", () => {
    const rowsOf = async (chatId: string): Promise<{ text: string; status: string; attempts: number; claimed: boolean }[]> =>
      (
        (await db.dataSource.query(`SELECT payload->>'text' AS text, status, attempts, locked_until IS NOT NULL AS claimed FROM outbox WHERE chat_id = $1 ORDER BY id`, [chatId])) as {
          text: string;
          status: string;
          attempts: number;
          claimed: boolean;
        }[]
      ).map((r) => ({ ...r, attempts: Number(r.attempts) }));

    test("a long queue to one chat arrives in order, beside other chats' messages, each tried once", async () => {
      const channel = new ScriptedChannel();
      const d = dispatcher(channel);
      const many = Array.from({ length: 25 }, (_, i) => `第${i + 1}条`);
      await queue("100", ...many);
      await queue("200", "a", "b", "c");
      await d.settle();
      expect(channel.texts("100")).toEqual(many);
      expect(channel.texts("200")).toEqual(["a", "b", "c"]);
      expect((await rowsOf("100")).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    });

    test("a message that fails holds back the rest of its chat, untried and in place, and no other chat", async () => {
      const channel = new ScriptedChannel();
      const d = dispatcher(channel);
      await queue("100", "一", "二", "三");
      await queue("200", "甲", "乙");
      channel.failNext(new DeliveryError("Bad Gateway", { kind: "retry" }), "100");
      await d.settle();
      expect(channel.texts("200")).toEqual(["甲", "乙"]);
      expect(channel.texts("100")).toEqual([]);
      // The two behind it were claimed with it and given back: not counted as tried, free for any sender.
      expect(await rowsOf("100")).toEqual([
        { text: "一", status: "pending", attempts: 1, claimed: false },
        { text: "二", status: "pending", attempts: 0, claimed: false },
        { text: "三", status: "pending", attempts: 0, claimed: false },
      ]);
      now += 1000;
      await d.settle();
      expect(channel.texts("100")).toEqual(["一", "二", "三"]);
    });

    test("a message set aside as a dead letter in the middle of a run lets the rest of its chat go on, in order", async () => {
      const channel = new ScriptedChannel();
      channel.poisoned.add("poisonous");
      const d = new OutboxDispatcher(db.dataSource, new Map([["telegram", channel]]), clock, silentLogger(), { maxAttempts: 1 });
      await queue("100", "first", "poisonous", "third", "fourth");
      await d.settle();
      expect(channel.texts("100")).toEqual(["first"]); // the poisonous one waits for its retry, and the rest behind it
      now += 60_000;
      await d.settle(); // its second failure passes maxAttempts: set aside
      expect(channel.texts("100")).toEqual(["first", "third", "fourth"]);
      expect((await rowsOf("100")).map((r) => r.status)).toEqual(["sent", "dead", "sent", "sent"]);
    });
  });

  describe("what a transaction queued, sent by the instance that committed it", () => {
    const cluster = { heartbeatMs: 100, deadAfterMs: 500 };
    const instances: Instance[] = [];
    const stops: (() => Promise<void>)[] = [];
    const transact = () => transactor(db.dataSource);
    const instance = async () => {
      const i = new Instance(db.dataSource, silentLogger(), cluster);
      instances.push(i);
      await i.start();
      return i;
    };
    /** A running dispatcher that never polls: what it sends, it was handed or found when kicked. */
    const running = (channel: ScriptedChannel, i: Instance) => {
      const d = new OutboxDispatcher(db.dataSource, new Map([["telegram", channel]]), clock, silentLogger(), { leaseMs: 60_000, pollMs: 3_600_000, instance: i });
      d.start();
      stops.push(() => d.stop());
      return d;
    };
    const commit = (chatId: string, ...texts: string[]) =>
      transact()((tx) =>
        withOutbox(tx, async () => {
          for (const text of texts) await enqueue(tx, { channel: "telegram", chatId }, { text }, null, clock.now());
        }),
      );
    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop();
      for (const i of instances.splice(0)) await i.stop();
      await db.dataSource.query(`DELETE FROM instances`);
    });

    test("are sent as soon as it commits, without a poll, a kick or a second claim", async () => {
      const channel = new ScriptedChannel();
      const me = await instance();
      const d = running(channel, me);
      await d.settle(); // the look at start: nothing yet
      await commit("100", "您的诉求已受理", "请注意安全");
      await commit("200", "新案件");
      await waitUntil(() => channel.delivered.length === 3, 5000, () => `delivered ${JSON.stringify(channel.delivered)}`);
      expect(channel.texts("100")).toEqual(["您的诉求已受理", "请注意安全"]);
      expect(channel.texts("200")).toEqual(["新案件"]);
      await d.settle(); // their marks written
      const rows: { claimed_by: string; attempts: number; status: string }[] = await db.dataSource.query(`SELECT claimed_by, attempts, status FROM outbox ORDER BY id`);
      expect(rows.map((r) => ({ ...r, attempts: Number(r.attempts) }))).toEqual(Array(3).fill({ claimed_by: me.id, attempts: 1, status: "sent" }));
    });

    test("more than a run's length to one chat: the first run is handed over, the rest follows it, in order", async () => {
      const channel = new ScriptedChannel();
      const d = running(channel, await instance());
      await d.settle();
      const many = Array.from({ length: 23 }, (_, i) => `提醒 ${i + 1}`);
      await commit("-100", ...many);
      await waitUntil(() => channel.delivered.length === 23, 5000, () => `delivered ${channel.delivered.length}`);
      expect(channel.texts("-100")).toEqual(many);
    });

    test("a chat with a message still pending keeps its order: what is queued behind it waits, unclaimed", async () => {
      const channel = new ScriptedChannel();
      const d = running(channel, await instance());
      await d.settle();
      channel.failNext(new DeliveryError("Bad Gateway", { kind: "retry" }), "100");
      await commit("100", "先");
      await waitUntil(() => channel.sending === 0 && channel.delivered.length === 0);
      await d.settle();
      await commit("100", "后");
      await d.settle();
      expect(channel.texts("100")).toEqual([]);
      const later: { claimed_by: string | null }[] = await db.dataSource.query(`SELECT claimed_by FROM outbox WHERE payload->>'text' = '后'`);
      expect(later).toEqual([{ claimed_by: null }]);
      now += 1000;
      d.kick();
      await d.settle();
      expect(channel.texts("100")).toEqual(["先", "后"]);
    });

    test("a transaction that rolls back hands nothing over and sends nothing", async () => {
      const channel = new ScriptedChannel();
      const d = running(channel, await instance());
      await expect(
        transact()((tx) =>
          withOutbox(tx, async () => {
            await enqueue(tx, { channel: "telegram", chatId: "100" }, { text: "never" }, null, clock.now());
          }).then(() => {
            throw new Error("the change failed after its messages were written");
          }),
        ),
      ).rejects.toThrow("the change failed");
      await d.settle();
      expect(channel.delivered).toEqual([]);
      expect(await db.dataSource.query(`SELECT id FROM outbox`)).toEqual([]);
    });

    test("if the instance dies before sending them, another instance sends them, in order, soon after", async () => {
      const hung = new ScriptedChannel();
      hung.hold();
      const dying = await instance();
      running(hung, dying);
      await commit("100", "one", "two", "three");
      await waitUntil(() => hung.sending === 1, 5000, () => "the first handed message in its send");
      const survivor = new ScriptedChannel();
      const other = new OutboxDispatcher(db.dataSource, new Map([["telegram", survivor]]), clock, silentLogger(), { leaseMs: 60_000, instance: await instance() });
      await other.settle();
      expect(survivor.delivered).toEqual([]); // alive, its claims are its own

      dying.halt(); // as at a kill -9; the app clock stands still, so no lease runs out
      const diedAt = Date.now();
      while (survivor.delivered.length < 3 && Date.now() - diedAt < 5000) {
        await other.settle();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(survivor.texts("100")).toEqual(["one", "two", "three"]);
      // The dead instance's send comes back late: it had reached the platform (sent once more, as
      // a crash may), and it leaves the rest of its run to the instance that took it over.
      hung.release();
      await waitUntil(() => hung.sending === 0);
      expect(hung.texts("100")).toEqual(["one"]);
    });
  });

  test("two dispatchers sharing the database send every message exactly once", async () => {
    const channel = new ScriptedChannel();
    const a = dispatcher(channel);
    const b = dispatcher(channel);
    for (let chat = 0; chat < 10; chat++) await queue(String(chat), ...Array.from({ length: 5 }, (_, i) => `${chat}-${i}`));
    await Promise.all([a.settle(), b.settle(), a.settle(), b.settle()]);
    await Promise.all([a.settle(), b.settle()]);
    expect(channel.delivered).toHaveLength(50);
    for (let chat = 0; chat < 10; chat++) expect(channel.texts(String(chat))).toEqual(Array.from({ length: 5 }, (_, i) => `${chat}-${i}`));
  });

  test("a channel stuck in a slow send does not hold up another channel's messages", async () => {
    const slow = new ScriptedChannel("wechat");
    const fast = new ScriptedChannel("telegram");
    const d = new OutboxDispatcher(db.dataSource, new Map<ChannelName, ChannelAdapter>([["wechat", slow], ["telegram", fast]]), clock, silentLogger(), { pollMs: 60_000 });
    slow.hold();
    d.start();
    try {
      await queueOn("wechat", "w1", "paced");
      d.kick();
      await waitUntil(() => slow.sending === 1);
      await queue("100", "meanwhile");
      d.kick();
      await waitUntil(() => fast.texts("100").length === 1);
      expect(slow.delivered).toEqual([]);
    } finally {
      slow.release();
      await d.stop();
    }
    expect(slow.texts("w1")).toEqual(["paced"]);
  });

  test("a channel that takes one message at a time is handed one at a time, and gets them all", async () => {
    const channel = new ScriptedChannel("telegram", 1);
    const d = dispatcher(channel);
    for (let chat = 0; chat < 4; chat++) await queue(String(chat), `to ${chat}`);
    await d.settle();
    expect(channel.delivered).toHaveLength(4);
    expect(channel.maxInFlight).toBe(1);
  });

  test("while a channel cannot send (WeChat logged out) its messages wait untouched, and go as soon as it can", async () => {
    const channel = new ScriptedChannel();
    const d = dispatcher(channel);
    await queue("100", "while logged out");
    channel.up = false;
    for (let minute = 0; minute < 30; minute++) {
      await d.settle();
      now += 60_000;
    }
    const rows: { attempts: number; status: string }[] = await db.dataSource.query(`SELECT attempts, status FROM outbox`);
    expect(rows).toEqual([{ attempts: 0, status: "pending" }]);
    channel.up = true;
    await d.settle();
    expect(channel.texts("100")).toEqual(["while logged out"]);
  });

  describe("a message that cannot be sent", () => {
    const operators = { channel: "telegram" as const, chatId: "-100999" };
    // When the operators were last alarmed, per channel: each test starts with none.
    beforeEach(() => db.dataSource.query(`DELETE FROM job_runs`));
    const bounded = (channel: ScriptedChannel, options: Partial<DispatcherOptions> = {}) =>
      new OutboxDispatcher(db.dataSource, new Map([["telegram", channel]]), clock, silentLogger(), {
        maxAttempts: 3,
        alarm: { operatorChats: [operators], locale: "zh-Hans", link: "http://minqing.test/dashboard#/dead-letters", coalesceMs: 5 * 60_000 },
        ...options,
      });
    /** Lets the outbox try whatever falls due, minute by minute. */
    async function minutes(d: OutboxDispatcher, n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        await d.settle();
        now += 60_000;
      }
      await d.settle();
    }
    const statusOf = async (text: string) =>
      ((await db.dataSource.query(`SELECT status, dead_reason, attempts, failures, first_error, last_error FROM outbox WHERE payload->>'text' = $1`, [text])) as {
        status: string;
        dead_reason: string | null;
        attempts: number;
        failures: number;
        first_error: string | null;
        last_error: string | null;
      }[])[0];

    test("a poisonous message is set aside after maxAttempts; the chat's later messages go on, in order; the operators hear once; sent again, it goes", async () => {
      const channel = new ScriptedChannel();
      const d = bounded(channel);
      channel.poisoned.add("poison");
      await queue("100", "poison", "after 1", "after 2");
      await queue("200", "poison", "other chat after");
      await queue("300", "poison");
      await minutes(d, 10);

      // Before: the poison stayed at the head of its chats for good and nothing after it went.
      expect(channel.texts("100")).toEqual(["after 1", "after 2"]);
      expect(channel.texts("200")).toEqual(["other chat after"]);
      const dead = await listDeadLetters(db.dataSource.manager);
      expect(dead.map((m) => [m.chatId, m.payload.text, m.deadReason])).toEqual([
        ["100", "poison", "attempts"],
        ["200", "poison", "attempts"],
        ["300", "poison", "attempts"],
      ]);
      // More than maxAttempts (3) unexplained failures: the fourth set it aside; both errors kept.
      expect(await statusOf("after 1")).toMatchObject({ status: "sent" });
      expect(dead[0]).toMatchObject({ attempts: 4, failures: 4 });
      expect(dead[0]!.firstError).toContain("Cannot read properties of undefined");
      expect(dead[0]!.lastError).toContain("Cannot read properties of undefined");

      // Three dead letters at once: one alarm, to the operators, with the way to the dashboard.
      const alarms = channel.texts(operators.chatId);
      expect(alarms).toHaveLength(1);
      expect(alarms[0]).toContain("投递失败");
      expect(alarms[0]).toContain("http://minqing.test/dashboard#/dead-letters");

      // The cause is fixed; an operator sends it again: it goes, after what its chat had meanwhile.
      channel.poisoned.clear();
      expect(await db.dataSource.transaction((tx) => sendAgain(tx, dead[0]!.id, clock.now()))).toMatchObject({ channel: "telegram" });
      expect(await db.dataSource.transaction((tx) => sendAgain(tx, dead[0]!.id, clock.now()))).toBeNull(); // once
      await d.settle();
      expect(channel.texts("100")).toEqual(["after 1", "after 2", "poison"]);
      expect((await listDeadLetters(db.dataSource.manager)).map((m) => m.chatId)).toEqual(["200", "300"]);
    });

    test("another dead letter after the quiet period is a new alarm; within it, none", async () => {
      const channel = new ScriptedChannel();
      const d = bounded(channel, { maxAttempts: 0 });
      channel.poisoned.add("poison");
      await queue("100", "poison");
      await d.settle();
      now += 60_000;
      await queue("200", "poison");
      await d.settle();
      expect(channel.texts(operators.chatId)).toHaveLength(1);
      now += 5 * 60_000;
      await queue("300", "poison");
      await d.settle();
      expect(channel.texts(operators.chatId)).toHaveLength(2);
    });

    test("a refusal the platform says is final is a dead letter at once, and the chat goes on", async () => {
      const channel = new ScriptedChannel();
      const d = bounded(channel);
      await queue("-100", "card", "next card");
      channel.failNext(new DeliveryError("Telegram 400: Bad Request: chat not found", { kind: "permanent" }));
      await d.settle();
      expect(channel.texts("-100")).toEqual(["next card"]);
      expect(await statusOf("card")).toMatchObject({ status: "dead", dead_reason: "refused", last_error: "Telegram 400: Bad Request: chat not found" });
      expect(channel.texts(operators.chatId)).toHaveLength(1);
    });

    test("an outage is not the message's fault: it keeps trying for a day, then sets the message aside", async () => {
      const channel = new ScriptedChannel();
      const d = bounded(channel);
      await queue("100", "waits out the outage");
      channel.down = new DeliveryError("Telegram 502: Bad Gateway", { kind: "retry" });
      for (let half = 0; half < 47; half++) {
        await d.settle();
        now += 30 * 60_000;
      }
      await d.settle();
      // 23.5 hours: far more tries than maxAttempts, none of them counted, nothing given up.
      const during = await statusOf("waits out the outage");
      expect(during).toMatchObject({ status: "pending", failures: 0 });
      expect(during!.attempts).toBeGreaterThan(3);
      now += 30 * 60_000;
      await d.settle();
      expect(await statusOf("waits out the outage")).toMatchObject({ status: "dead", dead_reason: "age" });
      // The alarm cannot go either (the platform is down), and is not the cause of another one.
      channel.down = undefined;
      channel.failingChats.set(operators.chatId, new DeliveryError("Telegram 403: Forbidden: bot was kicked from the supergroup chat", { kind: "permanent" }));
      await minutes(d, 10);
      const toOperators: { status: string }[] = await db.dataSource.query(`SELECT status FROM outbox WHERE chat_id = $1`, [operators.chatId]);
      expect(toOperators).toEqual([{ status: "dead" }]);
    });
  });
});
