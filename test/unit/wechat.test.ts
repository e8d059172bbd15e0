import { types } from "wechaty";
import { Pacer, type PacerClock } from "../../adapters/wechat/pacer";
import { parseQuote } from "../../adapters/wechat/quote";
import { render } from "../../adapters/wechat/render";
import { toInbound, unreadable, type MessageFacts } from "../../adapters/wechat/to-inbound";
import { MAX_WRONG_CODES_PER_ROOM, newBindCode, parseBindCommand, redeem } from "../../adapters/wechat/bind-code";
import { RoomBindings } from "../../adapters/wechat/room-bindings";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/log";
import { captureLogger } from "../support/capture-logger";
import { DeliveryError } from "../../src/channels/port";

const card = "📥新诉求 MQ-20261123-0042\n类别：市容环境｜社区：东街社区\n责任人：@王建国";

describe("WeChat quote replies", () => {
  test("wechat4u's and the pad puppets' formats both parse; the author is split at the first colon", () => {
    const wechat4u = `「民情通：${card}」\n- - - - - - - - - - - - - - -\n已安排明天维修`;
    expect(parseQuote(wechat4u)).toEqual({ author: "民情通", quoted: card, reply: "已安排明天维修" });
    const pad = `「民情通：${card}」\n- - - - - - - - - - - - - - - -\n第一行\n第二行`;
    expect(parseQuote(pad)?.reply).toBe("第一行\n第二行");
  });

  test("ordinary text, even with corner brackets, is not a quote", () => {
    expect(parseQuote("「东街」的路灯坏了")).toBeNull();
    expect(parseQuote("路灯坏了\n- - -\n")).toBeNull();
  });
});

describe("WeChat message → inbound message", () => {
  const base: MessageFacts = {
    id: "m1",
    type: types.Message.Text,
    text: "东街的路灯坏了",
    talker: { id: "wxid_a", name: "张三", official: false },
    selfNames: ["民情通"],
  };
  const room = { chatId: "城管局诉求办理群", id: "r-1@chatroom", topic: "城管局诉求办理群" };
  const event = (f: Partial<MessageFacts>) => {
    const t = toInbound({ ...base, ...f });
    if (t.kind !== "event") throw new Error(`ignored: ${t.reason}`);
    return t.event;
  };

  test("a private text: the chat is the person; the message id is the dedupe key", () => {
    expect(event({})).toEqual({
      kind: "message",
      channel: "wechat",
      deliveryId: "m1",
      messageId: "m1",
      chat: { id: "wxid_a", kind: "private" },
      sender: { id: "wxid_a", displayName: "张三" },
      text: "东街的路灯坏了",
    });
  });

  test("in a room: the chat is the binding (topic or id), an @ of the bot is dropped before a command", () => {
    const e = event({ room, text: "@民情通\u2005/accept MQ-20261123-0042" });
    expect(e.chat).toEqual({ id: "城管局诉求办理群", kind: "group", title: "城管局诉求办理群" });
    expect(e.text).toBe("/accept MQ-20261123-0042");
    expect(event({ room, text: "@民情通小助手 你好" }).text).toBe("@民情通小助手 你好");
  });

  test("a quote of the bot (by its name or group nickname) carries the quoted text; a quote of a colleague does not", () => {
    const quote = (author: string) => `「${author}：${card}」\n- - - - - - - - - - - - - - -\n明天去修`;
    expect(event({ room, text: quote("民情通") })).toMatchObject({ text: "明天去修", quotedText: card });
    expect(event({ room, selfNames: ["民情通", "城管小助手"], text: quote("城管小助手") }).quotedText).toBe(card);
    const colleague = event({ room, text: quote("周明") });
    expect(colleague.text).toBe("明天去修");
    expect(colleague.quotedText).toBeUndefined();
  });

  test("pictures by message id; locations when the puppet read them; other kinds are named for the core", () => {
    expect(event({ type: types.Message.Image, text: "" }).photos).toEqual([{ kind: "photo", fileId: "m1", channel: "wechat" }]);
    expect(event({ type: types.Message.Location, text: "", location: { latitude: 30.1, longitude: 120.2 } }).location).toEqual({ latitude: 30.1, longitude: 120.2 });
    expect(event({ type: types.Message.Location, text: "" }).unsupported).toBe("location");
    expect(event({ type: types.Message.Audio, text: "" }).unsupported).toBe("voice");
    expect(event({ type: types.Message.Emoticon, text: "" }).unsupported).toBe("sticker");
  });

  test("official accounts, recalls, system notices and empty texts are ignored", () => {
    expect(toInbound({ ...base, talker: { ...base.talker, official: true } }).kind).toBe("ignore");
    expect(toInbound({ ...base, type: types.Message.Recalled }).kind).toBe("ignore");
    expect(toInbound({ ...base, type: types.Message.Unknown }).kind).toBe("ignore");
    expect(toInbound({ ...base, text: "  " }).kind).toBe("ignore");
    expect(toInbound({ ...base, room, text: "@民情通" }).kind).toBe("ignore");
  });
});

describe("rendering for WeChat", () => {
  test("buttons, alarms and reply ids are left out; the text says what to reply", () => {
    const steps = render({ chatId: "c", text: "请核对", buttons: [[{ label: "确认提交", data: "confirm" }]], alarm: true, replyToMessageId: "9" });
    expect(steps).toEqual([{ kind: "text", text: "请核对", mentionIds: [] }]);
  });

  test("a long text is cut at sentence ends; the mention's id goes with the part that names the person", () => {
    const text = `📥新诉求 MQ-1\n责任人：@王建国\n${"路灯坏了。".repeat(30)}`;
    const steps = render({ chatId: "room", text, mentions: [{ text: "@王建国", accountId: "wxid_wang" }] }, 60);
    expect(steps.length).toBeGreaterThan(2);
    for (const step of steps) expect(step.kind === "text" && step.text.length <= 60).toBe(true);
    expect(steps.map((s) => (s.kind === "text" ? s.text : "")).join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
    expect(steps[0]).toMatchObject({ mentionIds: ["wxid_wang"] });
    expect(steps[1]).toMatchObject({ mentionIds: [] });
  });

  test("a WeChat picture follows its caption; another channel's picture is left out", () => {
    expect(render({ chatId: "room", text: "MQ-1 附图", photo: { kind: "photo", fileId: "m7", channel: "wechat" } })).toEqual([
      { kind: "text", text: "MQ-1 附图", mentionIds: [] },
      { kind: "image", fileId: "m7" },
    ]);
    expect(render({ chatId: "room", text: "MQ-1 附图", photo: { kind: "photo", fileId: "AgAD", channel: "telegram" } })).toHaveLength(1);
    expect(() => render({ chatId: "room", text: "" })).toThrow(DeliveryError);
  });
});

describe("pacing", () => {
  /** A clock that moves only when the pacer sleeps. */
  function fakeClock(random = 0.5): PacerClock & { t: number; slept: number[] } {
    const clock = {
      t: 1_000_000,
      slept: [] as number[],
      now: () => clock.t,
      sleep: async (ms: number) => {
        clock.slept.push(ms);
        clock.t += ms;
      },
      random: () => random,
    };
    return clock;
  }

  test("sends go one at a time, each after a pause within the configured range", async () => {
    const clock = fakeClock(0.5);
    const pacer = new Pacer({ perMinute: 100, delayMs: { min: 1000, max: 3000 } }, clock);
    const starts: number[] = [];
    await Promise.all([1, 2, 3].map(() => pacer.run(async () => void starts.push(clock.now()))));
    expect(starts[1]! - starts[0]!).toBe(2000);
    expect(starts[2]! - starts[1]!).toBe(2000);
  });

  test("no more than the per-minute limit in any minute", async () => {
    const clock = fakeClock(0);
    const pacer = new Pacer({ perMinute: 3, delayMs: { min: 0, max: 0 } }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) await pacer.run(async () => void starts.push(clock.now()));
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(60_000);
  });

  test("a send whose turn would come after its deadline is turned back to the outbox with the wait", async () => {
    const clock = fakeClock(0);
    const pacer = new Pacer({ perMinute: 1, delayMs: { min: 0, max: 0 } }, clock);
    await pacer.run(async () => undefined);
    const refused = pacer.run(async () => "sent", clock.now() + 20_000);
    await expect(refused).rejects.toMatchObject({ outcome: { kind: "retry", afterMs: 60_000 } });
    // The refusal did not take the turn: the next send without a deadline goes at the minute.
    await pacer.run(async () => undefined);
    expect(clock.slept).toEqual([60_000]);
  });
});

describe("a message that cannot be read", () => {
  test("reaches the core as content it cannot use, with its id, its sender and its chat", () => {
    expect(unreadable({ id: "m9", talkerId: "wxid_a" })).toEqual({
      kind: "message",
      channel: "wechat",
      deliveryId: "m9",
      messageId: "m9",
      chat: { id: "wxid_a", kind: "private" },
      sender: { id: "wxid_a" },
      unsupported: "unreadable",
    });
    expect(unreadable({ id: "m9", talkerId: "wxid_a", room: { chatId: "城管局诉求办理群" } }).chat).toEqual({ id: "城管局诉求办理群", kind: "group" });
  });
});

describe("binding a room by its one-time code", () => {
  test("what people type: 绑定 or /bind, full-width digits and spaces too; anything else is talk", () => {
    expect(parseBindCommand("绑定 48291357")).toBe("48291357");
    expect(parseBindCommand("/bind 48291357")).toBe("48291357");
    expect(parseBindCommand("  绑定４８２９ １３５７ ")).toBe("48291357");
    expect(parseBindCommand("绑定：1234-5678")).toBe("12345678");
    expect(parseBindCommand("绑定 12")).toBe("12");
    expect(parseBindCommand("绑定手机号")).toBeNull();
    expect(parseBindCommand("请帮我绑定 12345678")).toBeNull();
    expect(parseBindCommand("12345678")).toBeNull();
  });

  test("codes are eight random digits; only a pending one, of the right length, matches", () => {
    const code = newBindCode();
    expect(code).toMatch(/^\d{8}$/);
    expect(new Set(Array.from({ length: 20 }, newBindCode)).size).toBeGreaterThan(1);
    const pending = new Map([
      ["城管", "11111111"],
      ["督办", "22222222"],
    ]);
    expect(redeem("22222222", pending)).toBe("督办");
    expect(redeem("33333333", pending)).toBeUndefined();
    expect(redeem("2222222", pending)).toBeUndefined();
    expect(redeem("222222229", pending)).toBeUndefined();
    expect(redeem("", pending)).toBeUndefined();
  });

  test("a code works once; a room is one group; a room that guessed wrong too often is not heard any more", () => {
    const b = new RoomBindings(["城管", "督办"], undefined, silentLogger());
    const code = b.codeFor("城管");
    expect(b.codeFor("城管")).toBe(code);
    expect(b.redeem(code, "r-1", "城管群")).toEqual({ kind: "bound", group: "城管" });
    expect(b.roomOf("城管")).toBe("r-1");
    expect(b.groupOf("r-1")).toBe("城管");
    expect(b.redeem(code, "r-2", "城管群")).toEqual({ kind: "wrong" });
    expect(b.pending()).toEqual([]);

    const other = b.codeFor("督办");
    expect(b.redeem(other, "r-1", "城管群")).toEqual({ kind: "room_taken", group: "督办", takenBy: "城管" });
    expect(b.isPending("督办")).toBe(true);
    for (let i = 0; i < MAX_WRONG_CODES_PER_ROOM; i++) expect(b.redeem("00000000", "r-evil", "督办群").kind).toBe("wrong");
    expect(b.redeem(other, "r-evil", "督办群")).toEqual({ kind: "wrong" });
    expect(b.redeem(other, "r-3", "督办群")).toEqual({ kind: "bound", group: "督办" });
  });

  test("the file is written whole and read back at the next start; a damaged one binds nothing and says so", () => {
    const dir = mkdtempSync(join(tmpdir(), "minqing-rooms-"));
    try {
      const file = join(dir, "data", "wechat-rooms.json");
      const first = new RoomBindings(["城管"], file, silentLogger());
      first.redeem(first.codeFor("城管"), "r-1", "城管群");
      expect(readdirSync(join(dir, "data"))).toEqual(["wechat-rooms.json"]);
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ version: 1, rooms: { 城管: { roomId: "r-1", topic: "城管群", boundAt: expect.any(String) } } });
      expect(new RoomBindings(["城管"], file, silentLogger()).roomOf("城管")).toBe("r-1");
      // A group taken out of the deployment lets go of its room.
      expect(new RoomBindings(["住建"], file, silentLogger()).groupOf("r-1")).toBeUndefined();

      writeFileSync(file, "{ not json");
      const log = captureLogger();
      const damaged = new RoomBindings(["城管"], file, log.logger);
      expect(damaged.roomOf("城管")).toBeUndefined();
      expect(log.lines("error").join("\n")).toContain("every group must be bound again");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
