import type { InboundMessage } from "../../src/channels/port";
import type { Clock } from "../../src/clock";
import { ResidentDesk } from "../../src/intake/resident-desk";
import { captureLogger } from "../support/capture-logger";
import { backends } from "../support/databases";
import { webMessage } from "../support/messages";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * Group commit (issue 13): residents' private messages that arrive together are handled in one
 * transaction. What residents notice must not change: each gets their own answers and case, in
 * the order they wrote; one message that cannot be handled costs the others nothing; a message
 * delivered twice counts once; and the rows are those one transaction per message writes.
 */

const appeals = [
  "东街社区3号楼前的路灯坏了一个星期了，晚上很黑",
  "西街社区有人占道摆摊，车都过不去",
  "新城社区广场舞噪音太大，每天晚上十点后还在跳",
  "东街社区5号楼下水道堵了，污水漫到路上",
  "南湖社区的井盖被偷了，很危险",
  "新城社区的垃圾堆了三天没人清运",
];

/** Hands every message to the core in the same turn, as a burst of residents writing at once, and waits for all. */
async function allAtOnce(t: TestApp, messages: InboundMessage[]): Promise<PromiseSettledResult<void>[]> {
  const settled = await Promise.allSettled(messages.map((m) => t.app.inbound.handle(m)));
  await t.settled();
  return settled;
}

/** The first appeal's matter again, in other residents' words. */
const sameMatter = ["东街社区3号楼前的路灯坏了，晚上很黑", "东街社区3号楼前路灯坏了好几天，晚上很黑", "东街社区3号楼前的路灯一直不亮，晚上很黑"];

const receiptNumber = (texts: string[]): string | undefined => /MQ-\d{8}-\d{4}/.exec(texts.find((x) => x.includes("诉求已登记")) ?? "")?.[0];

describe.each(backends)("group commit on the %s database", (backend) => {
  const log = captureLogger();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend, logger: log.logger });
  }, 60_000);
  afterAll(() => t?.stop());
  afterEach(() => jest.restoreAllMocks());

  let n = 0;
  const newResident = () => `gc-${backend}-${process.pid}-${++n}`;
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => t.app.database.dataSource.query(sql, params);
  const casesOf = (resident: string) =>
    query<{ number: string; text: string; chat_id: string }>(
      `SELECT c.number, c.text, c.chat_id FROM cases c JOIN residents r ON r.id = c.resident_id WHERE r.account_id = $1 ORDER BY c.id`,
      [resident],
    );

  test("residents writing at once each get their own answers and their own case, in the order each wrote", async () => {
    const residents = appeals.map(() => newResident());
    // Each resident's text and 确认 arrive in the same turn: the 确认 must wait for the text's answer.
    const burst = residents.flatMap((r, i) => [webMessage({ chatId: r, text: appeals[i] }), webMessage({ chatId: r, button: "confirm" })]);
    const results = await allAtOnce(t, burst);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);

    const numbers = new Set<string>();
    for (const [i, r] of residents.entries()) {
      const seen = await t.outboxTexts(r);
      // The greeting, the summary to confirm, the receipt: the 确认 was answered after the text.
      expect(seen).toHaveLength(3);
      expect(seen[0]).toContain("民情通");
      expect(seen[2]).toContain("诉求已登记");
      const number = receiptNumber(seen)!;
      expect(number).toBeDefined();
      numbers.add(number);
      const cases = await casesOf(r);
      expect(cases).toEqual([{ number, text: appeals[i], chat_id: r }]);
    }
    expect(numbers.size).toBe(residents.length);
  });

  test("a message that fails its batch costs the other residents nothing; its sender is told something went wrong", async () => {
    const original = ResidentDesk.prototype.handle;
    jest.spyOn(ResidentDesk.prototype, "handle").mockImplementation(function (this: ResidentDesk, tx, msg, known) {
      if (msg.text === "毒") throw new Error("a message nobody foresaw");
      return original.call(this, tx, msg, known);
    });
    const residents = appeals.slice(0, 3).map(() => newResident());
    const poisoner = newResident();
    await allAtOnce(t, residents.map((r, i) => webMessage({ chatId: r, text: appeals[i] })));
    const failedBefore = log.lines("warn").filter((l) => l.includes("handling each alone")).length;
    const results = await allAtOnce(t, [
      webMessage({ chatId: residents[0]!, button: "confirm" }),
      webMessage({ chatId: poisoner, text: "毒" }),
      webMessage({ chatId: residents[1]!, button: "confirm" }),
      webMessage({ chatId: residents[2]!, button: "confirm" }),
    ]);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    // The batch did fail, and was handled again message by message.
    expect(log.lines("warn").filter((l) => l.includes("handling each alone")).length).toBe(failedBefore + 1);
    for (const [i, r] of residents.entries()) {
      expect(receiptNumber(await t.outboxTexts(r))).toBeDefined();
      expect((await casesOf(r)).map((c) => c.text)).toEqual([appeals[i]]);
    }
    expect((await t.outboxTexts(poisoner)).at(-1)).toContain("没有处理成功");
    const [failed] = await query<{ status: string }>(`SELECT status FROM inbound_messages WHERE payload->'chat'->>'id' = $1`, [poisoner]);
    expect(failed?.status).toBe("failed");
  });

  test("a message the database refuses (a platform's id with a NUL) fails alone: the others' batch is handled again without it", async () => {
    const residents = appeals.slice(3, 6).map(() => newResident());
    const results = await allAtOnce(t, [
      webMessage({ chatId: residents[0]!, text: appeals[3] }),
      webMessage({ chatId: newResident(), text: "你好", deliveryId: "broken\u0000id" }),
      webMessage({ chatId: residents[1]!, text: appeals[4] }),
      webMessage({ chatId: residents[2]!, text: appeals[5] }),
    ]);
    // Only the broken one is refused (so its platform delivers it again); the rest were answered.
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    await allAtOnce(t, residents.map((r) => webMessage({ chatId: r, button: "confirm" })));
    for (const [i, r] of residents.entries()) expect((await casesOf(r)).map((c) => c.text)).toEqual([appeals[i + 3]]);
  });

  test("the same delivery twice in one batch is recorded and answered once", async () => {
    const resident = newResident();
    const other = newResident();
    const text = webMessage({ chatId: resident, text: appeals[0], deliveryId: `${resident}-1` });
    await allAtOnce(t, [text, { ...text }, webMessage({ chatId: other, text: appeals[1] }), { ...text }]);
    const [{ n: recorded } = { n: 0 }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM inbound_messages WHERE delivery_id = $1`, [`${resident}-1`]);
    expect(recorded).toBe(1);
    const seen = await t.outboxTexts(resident);
    expect(seen.filter((x) => x.includes("民情通"))).toHaveLength(1); // greeted once
    expect(seen).toHaveLength(2); // the greeting and one summary
    // The same 确认 delivered twice, together: one case.
    const confirm = webMessage({ chatId: resident, button: "confirm", deliveryId: `${resident}-2` });
    await allAtOnce(t, [confirm, { ...confirm }]);
    expect(await casesOf(resident)).toHaveLength(1);
  });
});

describe.each(backends)("group commit writes the rows one transaction per message writes (%s)", (backend) => {
  const at = new Date("2026-12-01T02:00:00Z");
  const clock: Clock = { now: () => new Date(at) };
  let batched: TestApp;
  let alone: TestApp;
  beforeAll(async () => {
    batched = await startTestApp({ backend, clock });
    alone = await startTestApp({ backend, clock, groupCommit: null });
  }, 90_000);
  afterAll(async () => {
    await batched?.stop();
    await alone?.stop();
  });

  /**
   * The rows a resident would be told about or a cadre would read, without the times the database
   * gives. The ids of cases and events are compared too: the filings of a batch take theirs as
   * they are filed, in the order one by one does. Reminders are compared without theirs: a batch
   * writes its filings' reminders after the reminders other messages of the batch replanned.
   */
  async function rows(t: TestApp): Promise<unknown> {
    const q = (sql: string) => t.app.database.dataSource.query(sql);
    return {
      inbound: await q(`SELECT channel, delivery_id, received_at, payload, status FROM inbound_messages ORDER BY id`),
      residents: await q(`SELECT channel, account_id, display_name, locale FROM residents ORDER BY id`),
      conversations: await q(`SELECT r.account_id, c.step, c.draft, c.updated_at FROM conversations c JOIN residents r ON r.id = c.resident_id ORDER BY r.account_id`),
      counters: await q(`SELECT day, last FROM case_number_counters ORDER BY day`),
      cases: await q(
        `SELECT c.id, c.number, r.account_id, c.channel, c.chat_id, c.text, c.photos, c.location, c.category_id, c.community_id, c.urgent, c.department_id,
           c.cadre_id, c.state, c.rating, c.created_at, c.accept_due_at, c.answer_due_at, c.finish_due_at, c.extension_state, c.extension_days,
           c.extension_reason, c.review_count, c.repeats, c.lead_case_id, c.resident_notified_at, c.accepted_at, c.first_answer_at, c.resolved_at,
           c.closed_at, c.updated_at
         FROM cases c JOIN residents r ON r.id = c.resident_id ORDER BY c.id`,
      ),
      events: await q(`SELECT e.id, e.case_id, c.number, e.at, e.type, e.actor_kind, e.actor_id IS NOT NULL AS by_someone, e.public, e.body, e.data FROM case_events e JOIN cases c ON c.id = e.case_id ORDER BY e.id`),
      reminders: await q(`SELECT c.number, m.kind, m.target_at, m.due_at, m.done_at FROM reminders m JOIN cases c ON c.id = m.case_id ORDER BY c.number, m.kind`),
      outbox: await q(`SELECT o.channel, o.chat_id, o.payload, c.number, o.created_at FROM outbox o LEFT JOIN cases c ON c.id = o.case_id ORDER BY o.chat_id, o.id`),
    };
  }

  /** Sends each round to both: batched, the whole round in one turn; one by one, the same messages in the same order, each awaited. */
  async function bothWays(rounds: InboundMessage[][]): Promise<void> {
    for (const messages of rounds) {
      await Promise.all(messages.map((m) => batched.app.inbound.handle(m)));
      for (const m of messages) await alone.app.inbound.handle(m);
    }
  }

  test("the same residents' messages leave the same rows batched as one by one", async () => {
    // The same message objects go to both, so even their recorded payloads are the same.
    // The appeal, 确认, the same matter again (added to the open case), /status.
    const script = (round: "text" | "confirm" | "again" | "status") =>
      appeals.map((text, i) => {
        const chatId = `same-${i}`;
        const fields = round === "text" || round === "again" ? { text } : round === "confirm" ? { button: "confirm" } : { text: "/status" };
        return webMessage({ chatId, deliveryId: `${chatId}-${round}`, ...fields });
      });
    await bothWays((["text", "confirm", "again", "status"] as const).map(script));
    // The same matter as the first appeal, reported by two more residents in one batch (the second
    // compares itself with a case the batch has not written yet), then by a third in a batch of its own.
    const reporters = [...sameMatter.slice(0, 2).map((text, i) => ({ chatId: `matter-${i}`, text })), { chatId: "matter-late", text: sameMatter[2]! }];
    const say = (r: (typeof reporters)[number], round: "text" | "confirm") =>
      webMessage({ chatId: r.chatId, deliveryId: `${r.chatId}-${round}`, ...(round === "text" ? { text: r.text } : { button: "confirm" }) });
    await bothWays([reporters.slice(0, 2).map((r) => say(r, "text")), reporters.slice(0, 2).map((r) => say(r, "confirm"))]);
    await bothWays([[say(reporters[2]!, "text")], [say(reporters[2]!, "confirm")]]);
    await batched.settled();
    await alone.settled();
    const expected = await rows(alone);
    expect((expected as { cases: unknown[] }).cases).toHaveLength(appeals.length + 3);
    // Each later report of the matter was recognised, counting the residents on it so far.
    const created = (expected as { events: { type: string; data: { sameAs?: string; people?: number } | null }[] }).events.filter((e) => e.type === "created");
    expect(created.slice(-3).map((e) => e.data?.people)).toEqual([2, 3, 4]);
    expect((expected as { events: { type: string }[] }).events.filter((e) => e.type === "supplement")).toHaveLength(appeals.length);
    expect(await rows(batched)).toEqual(expected);
  });
});
