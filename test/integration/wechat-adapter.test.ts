import { Writable } from "node:stream";
import { types } from "wechaty";
import { WechatAdapter, type WechatAdapterOptions } from "../../adapters/wechat/wechat-adapter";
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeliveryError, type GroupBindingEvent, type InboundMessage } from "../../src/channels/port";
import { HttpServer } from "../../src/http/http-server";
import type { HttpMount } from "../../src/http/router";
import { silentLogger } from "../../src/log";
import { MockWechat } from "../fakes/mock-wechat";
import { loginKeyHash } from "../../adapters/wechat/login-page";
import { captureLogger } from "../support/capture-logger";
import { ManualLease } from "../support/manual-lease";
import { RecordingSink } from "../support/recording-sink";
import { waitUntil } from "../support/wait-until";
import { bindTextFromPage } from "../support/wechat-binding";

const nowhere: HttpMount = { mount: () => undefined };
const messages = (sink: RecordingSink): InboundMessage[] => sink.events.filter((e): e is InboundMessage => e.kind === "message");

describe("the WeChat adapter on wechaty-puppet-mock", () => {
  const running: WechatAdapter[] = [];
  afterEach(async () => {
    for (const adapter of running.splice(0)) await adapter.stop();
  });

  async function start(wechat: MockWechat, options: Partial<WechatAdapterOptions> = {}, login = true): Promise<{ adapter: WechatAdapter; sink: RecordingSink }> {
    const sink = new RecordingSink();
    const adapter = new WechatAdapter({
      puppet: wechat.puppet,
      rooms: [],
      acceptFriends: true,
      pacing: { perMinute: 60, delayMs: { min: 0, max: 0 } },
      http: nowhere,
      logger: silentLogger(),
      ...options,
    });
    running.push(adapter);
    await adapter.start(sink.sink);
    if (login) {
      wechat.login();
      await waitUntil(() => adapter.state() === "logged_in", 5000, () => "login");
    }
    return { adapter, sink };
  }

  test("the login QR code is drawn in the terminal and shown on a page that needs the logged key; the state follows the login", async () => {
    const wechat = new MockWechat();
    const http = new HttpServer(silentLogger());
    const port = await http.listen(0, "127.0.0.1");
    const log = captureLogger();
    let drawn = "";
    const terminal = new Writable({ write: (chunk: Buffer, _enc, done) => ((drawn += chunk.toString()), done()) });
    try {
      const { adapter } = await start(wechat, { http, terminal, logger: log.logger }, false);
      expect(adapter.state()).toBe("connecting");
      const page = /"page":"(\/wechat\/qr\?key=[0-9a-f]+)"/.exec(log.lines("info").join("\n"))?.[1];
      expect(page).toBeDefined();

      wechat.mocker.scan("https://login.weixin.qq.com/l/IZ_abc123==", types.ScanStatus.Waiting);
      await waitUntil(() => adapter.state() === "waiting_for_scan");
      expect(drawn).toContain("█");
      expect(drawn).toContain("https://login.weixin.qq.com/l/IZ_abc123==");
      expect(adapter.canSend()).toBe(false);
      expect((await fetch(`http://127.0.0.1:${port}/wechat/qr`)).status).toBe(403);
      expect((await fetch(`http://127.0.0.1:${port}/wechat/qr?key=0000`)).status).toBe(403);
      const shown = await fetch(`http://127.0.0.1:${port}${page}`);
      expect(shown.status).toBe(200);
      expect(shown.headers.get("cache-control")).toBe("no-store");
      expect(await shown.text()).toContain("<svg");

      wechat.mocker.scan("", types.ScanStatus.Scanned);
      await waitUntil(() => adapter.state() === "scanned");
      wechat.login();
      await waitUntil(() => adapter.state() === "logged_in");
      expect(adapter.canSend()).toBe(true);
      const after = await (await fetch(`http://127.0.0.1:${port}${page}`)).text();
      expect(after).toContain("已登录：民情通");
      expect(after).not.toContain("<svg");
    } finally {
      for (const adapter of running.splice(0)) await adapter.stop();
      await http.close();
    }
  });

  test("messages reach the core in the order they came; one the core could not record is tried again, not lost", async () => {
    const wechat = new MockWechat();
    const { sink } = await start(wechat);
    const resident = wechat.contact("wxid_r1", "张三");
    sink.failNext(1);
    for (const text of ["一", "二", "三"]) wechat.say(resident, text);
    await waitUntil(() => messages(sink).length === 3, 5000);
    expect(messages(sink).map((m) => m.text)).toEqual(["一", "二", "三"]);
    expect(sink.attempts).toHaveLength(4);
  });

  test("what the bot itself says never comes back to the core as a message", async () => {
    const wechat = new MockWechat();
    const { adapter, sink } = await start(wechat);
    const resident = wechat.contact("wxid_r2", "李四");
    await adapter.send({ chatId: resident.id, text: "您好" });
    wechat.say(resident, "你好");
    await waitUntil(() => messages(sink).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages(sink).map((m) => [m.sender.id, m.text])).toEqual([[resident.id, "你好"]]);
  });

  /** What the log says to type in a group's room, as an operator reads it there. */
  const bindText = (log: ReturnType<typeof captureLogger>, group: string): string | undefined =>
    log
      .lines("warn")
      .filter((l) => l.includes("to bind it") && l.includes(`"group":${JSON.stringify(group)}`))
      .map((l) => /"type":"(绑定 \d{8})"/.exec(l)?.[1])
      .at(-1);
  const bindings = (sink: RecordingSink): GroupBindingEvent[] => sink.events.filter((e): e is GroupBindingEvent => e.kind === "group_binding");

  test("a group configured by topic has no room until its code is typed in one; then it is that room, by id, and the code is used up", async () => {
    const wechat = new MockWechat();
    const cadre = wechat.contact("wxid_wang", "王建国");
    const log = captureLogger();
    const room = wechat.room("r-1@chatroom", "城管局诉求办理群", [cadre]);
    const { adapter, sink } = await start(wechat, { rooms: ["城管局诉求办理群"], logger: log.logger });
    await sink.next((e) => e.kind === "group_binding");
    expect(bindings(sink)).toEqual([{ kind: "group_binding", channel: "wechat", deliveryId: expect.any(String), group: "城管局诉求办理群", status: "unbound" }]);
    const text = bindText(log, "城管局诉求办理群")!;
    expect(text).toMatch(/^绑定 \d{8}$/);

    // The topic alone is nothing: messages there are the room's own, and the group's cards wait (no attempt counted).
    wechat.say(cadre, "/mine", room);
    await waitUntil(() => messages(sink).length === 1);
    expect(messages(sink)[0]?.chat.id).toBe("r-1@chatroom");
    await expect(adapter.send({ chatId: "城管局诉求办理群", text: "卡片" })).rejects.toMatchObject({ outcome: { kind: "paced" } });

    // Wrong codes: no answer, no event.
    wechat.say(cadre, "绑定 00000000", room);
    wechat.say(cadre, "/bind 123", room);
    wechat.say(cadre, `@民情通 ${text}`, room);
    const bound = await sink.next((e) => e.kind === "group_binding" && e.status === "bound");
    expect(bound).toMatchObject({ group: "城管局诉求办理群", room: { id: "r-1@chatroom", title: "城管局诉求办理群" } });
    expect(messages(sink)).toHaveLength(1);
    expect(wechat.sent).toEqual([]);

    wechat.say(cadre, "/mine", room);
    await waitUntil(() => messages(sink).length === 2);
    expect(messages(sink)[1]?.chat).toEqual({ id: "城管局诉求办理群", kind: "group", title: "城管局诉求办理群" });
    await adapter.send({ chatId: "城管局诉求办理群", text: "@王建国 新诉求", mentions: [{ text: "@王建国", accountId: cadre.id }] });
    expect(wechat.sent.at(-1)).toEqual({ to: "r-1@chatroom", text: "@王建国 新诉求", mentionIds: [cadre.id] });

    // The same code in another room with the same topic: used up, ignored; that room is reported once.
    const other = wechat.room("r-2@chatroom", "城管局诉求办理群", [cadre]);
    wechat.say(cadre, text, other);
    wechat.say(cadre, "在吗", other);
    wechat.say(cadre, "在吗", other);
    await waitUntil(() => messages(sink).length === 4);
    expect(messages(sink).slice(2).map((m) => m.chat.id)).toEqual(["r-2@chatroom", "r-2@chatroom"]);
    expect(bindings(sink).filter((e) => e.status === "impostor")).toEqual([
      { kind: "group_binding", channel: "wechat", deliveryId: "binding:impostor:城管局诉求办理群:r-2@chatroom", group: "城管局诉求办理群", status: "impostor", room: { id: "r-2@chatroom", title: "城管局诉求办理群" } },
    ]);
    await adapter.send({ chatId: "城管局诉求办理群", text: "又一张卡片" });
    expect(wechat.sent.at(-1)?.to).toBe("r-1@chatroom");
  });

  test("a room renamed to a bound group's topic, or one the bot is added to, is reported to the operators", async () => {
    const wechat = new MockWechat();
    const cadre = wechat.contact("wxid_wang", "王建国");
    const attacker = wechat.contact("wxid_evil", "冒充者");
    const log = captureLogger();
    const room = wechat.room("r-1@chatroom", "城管局诉求办理群", [cadre]);
    const { sink } = await start(wechat, { rooms: ["城管局诉求办理群"], logger: log.logger });
    await sink.next((e) => e.kind === "group_binding");
    wechat.say(cadre, bindText(log, "城管局诉求办理群")!, room);
    await sink.next((e) => e.kind === "group_binding" && e.status === "bound");

    const renamed = wechat.room("evil-1@chatroom", "吃瓜群", [attacker]);
    wechat.rename(renamed, "城管局诉求办理群", attacker);
    await sink.next((e) => e.kind === "group_binding" && e.status === "impostor" && e.room?.id === "evil-1@chatroom");
    const joined = wechat.mocker.createRoom({ id: "evil-2@chatroom", topic: "城管局诉求办理群", memberIdList: [attacker.id] });
    joined.add(wechat.me).by(attacker);
    await sink.next((e) => e.kind === "group_binding" && e.status === "impostor" && e.room?.id === "evil-2@chatroom");
    expect(log.lines("warn").filter((l) => l.includes("another room has the topic of a bound group"))).toHaveLength(2);
  });

  test("bound rooms survive a restart (the file); a room gone after a new login needs a new code; a configured id needs none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "minqing-wechat-"));
    const roomsFile = join(dir, "wechat-rooms.json");
    try {
      const first = new MockWechat();
      const cadre = first.contact("wxid_wang", "王建国");
      const room = first.room("r-1@chatroom", "城管局诉求办理群", [cadre]);
      first.room("住建局@chatroom", "住建局工作群", [cadre]);
      const log = captureLogger();
      const one = await start(first, { rooms: ["住建局@chatroom", "城管局诉求办理群"], roomsFile, logger: log.logger });
      await one.sink.next((e) => e.kind === "group_binding");
      // Only the group configured by topic waits for a code; the one configured by id (checked first) is its room already.
      expect(bindings(one.sink).map((e) => e.group)).toEqual(["城管局诉求办理群"]);
      await one.adapter.send({ chatId: "住建局@chatroom", text: "卡片" });
      first.say(cadre, bindText(log, "城管局诉求办理群")!, room);
      await one.sink.next((e) => e.kind === "group_binding" && e.status === "bound");
      await one.adapter.stop();
      expect(JSON.parse(readFileSync(roomsFile, "utf8")).rooms["城管局诉求办理群"]).toMatchObject({ roomId: "r-1@chatroom", topic: "城管局诉求办理群" });
      expect(readdirSync(dir)).toEqual(["wechat-rooms.json"]);

      // Restart, same ids (an iPad-protocol puppet): bound already, no code, no news.
      const second = new MockWechat();
      second.room("r-1@chatroom", "城管局诉求办理群", [second.contact("wxid_wang", "王建国")]);
      const two = await start(second, { rooms: ["城管局诉求办理群"], roomsFile });
      await two.adapter.send({ chatId: "城管局诉求办理群", text: "重启后的卡片" });
      expect(second.sent.at(-1)?.to).toBe("r-1@chatroom");
      expect(bindings(two.sink)).toEqual([]);
      await two.adapter.stop();

      // Restart where the room has a new id (wechat4u after a new login): a new code, the operators told; the room with the topic is not taken for it.
      const third = new MockWechat();
      const wang = third.contact("wxid_wang", "王建国");
      const moved = third.room("r-9@chatroom", "城管局诉求办理群", [wang]);
      const log3 = captureLogger();
      const three = await start(third, { rooms: ["城管局诉求办理群"], roomsFile, logger: log3.logger });
      await three.sink.next((e) => e.kind === "group_binding" && e.status === "unbound");
      expect(log3.lines("warn").join("\n")).toContain("is not there after this login");
      third.say(wang, "/mine", moved);
      await waitUntil(() => messages(three.sink).length === 1);
      expect(messages(three.sink)[0]?.chat.id).toBe("r-9@chatroom");
      await expect(three.adapter.send({ chatId: "城管局诉求办理群", text: "卡片" })).rejects.toMatchObject({ outcome: { kind: "paced" } });
      third.say(wang, bindText(log3, "城管局诉求办理群")!, moved);
      await three.sink.next((e) => e.kind === "group_binding" && e.status === "bound");
      await three.adapter.send({ chatId: "城管局诉求办理群", text: "卡片" });
      expect(third.sent.at(-1)?.to).toBe("r-9@chatroom");
      expect(bindings(three.sink).filter((e) => e.status === "impostor")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the login page shows what to type in each group waiting for its room", async () => {
    const wechat = new MockWechat();
    const http = new HttpServer(silentLogger());
    const port = await http.listen(0, "127.0.0.1");
    try {
      const { adapter, sink } = await start(wechat, { http, rooms: ["城管局诉求办理群", "<督办>"] });
      await waitUntil(() => bindings(sink).length === 2);
      const page = await (await fetch(`http://127.0.0.1:${port}${adapter.loginPagePath}`)).text();
      expect(page).toMatch(/<td class="group">城管局诉求办理群<\/td><td><code>绑定 \d{8}<\/code>/);
      expect(page).toContain("&#60;督办&#62;");
      const cadre = wechat.contact("wxid_wang", "王建国");
      const room = wechat.room("r-1@chatroom", "城管局诉求办理群", [cadre]);
      wechat.say(cadre, await bindTextFromPage(`http://127.0.0.1:${port}`, adapter, "城管局诉求办理群"), room);
      await sink.next((e) => e.kind === "group_binding" && e.status === "bound");
      expect(await (await fetch(`http://127.0.0.1:${port}${adapter.loginPagePath}`)).text()).not.toContain("城管局诉求办理群");
    } finally {
      for (const adapter of running.splice(0)) await adapter.stop();
      await http.close();
    }
  });

  test("a message that cannot be read reaches the core with what is known, so the sender can be told", async () => {
    const wechat = new MockWechat();
    const log = captureLogger();
    const { sink } = await start(wechat, { logger: log.logger });
    const resident = wechat.contact("wxid_r9", "孙七");
    const id = wechat.unreadable(resident, "路灯坏了");
    const event = await sink.next((e) => e.kind === "message");
    expect(event).toEqual({
      kind: "message",
      channel: "wechat",
      deliveryId: id,
      messageId: id,
      chat: { id: resident.id, kind: "private" },
      sender: { id: resident.id },
      unsupported: "unreadable",
    });
    expect(log.lines("warn").join("\n")).toContain("a message could not be read; the sender is told");
  });

  test("sending: logged out waits, a contact unknown soon after the login waits, later it is given up; a lost picture is given up", async () => {
    const wechat = new MockWechat();
    const { adapter } = await start(wechat, { contactsLoadingMs: 300 });
    const resident = wechat.contact("wxid_r3", "王五");
    await expect(adapter.send({ chatId: "wxid_nobody", text: "在吗" })).rejects.toMatchObject({ outcome: { kind: "retry" } });
    await new Promise((resolve) => setTimeout(resolve, 350));
    await expect(adapter.send({ chatId: "wxid_nobody", text: "在吗" })).rejects.toMatchObject({ outcome: { kind: "permanent" } });

    wechat.puppet.messageImage = async () => {
      throw new Error("message not found");
    };
    const lost = adapter.send({ chatId: resident.id, text: "MQ-1 附图", photo: { kind: "photo", fileId: "gone", channel: "wechat" } });
    await expect(lost).rejects.toMatchObject({ outcome: { kind: "permanent" } });

    await wechat.logout();
    await waitUntil(() => adapter.state() === "logged_out");
    expect(adapter.canSend()).toBe(false);
    const refused = adapter.send({ chatId: resident.id, text: "进展" });
    await expect(refused).rejects.toBeInstanceOf(DeliveryError);
    await expect(refused).rejects.toMatchObject({ outcome: { kind: "retry" } });
  });

  test("a logout and the next login reach the core, so the operators can be told", async () => {
    const wechat = new MockWechat();
    const { adapter, sink } = await start(wechat);
    await wechat.logout("被踢下线");
    wechat.login();
    await waitUntil(() => sink.events.length === 2);
    expect(sink.events.map((e) => (e.kind === "channel_status" ? [e.status, e.detail] : e.kind))).toEqual([
      ["logged_out", "被踢下线"],
      ["logged_in", "民情通"],
    ]);
    expect(adapter.state()).toBe("logged_in");
  });

  test("friend requests: accepted and reported as a new contact, or left to a person when accepting is off", async () => {
    const accepting = new MockWechat();
    const { sink } = await start(accepting);
    const newcomer = accepting.contact("wxid_new", "新朋友");
    accepting.friendRequest(newcomer);
    await waitUntil(() => sink.events.length === 1);
    expect(sink.events[0]).toEqual({ kind: "contact_added", channel: "wechat", deliveryId: "friend:wxid_new", chatId: "wxid_new", sender: { id: "wxid_new", displayName: "新朋友" } });
    expect(accepting.accepted).toEqual(["friendship-wxid_new"]);

    const careful = new MockWechat();
    const off = await start(careful, { acceptFriends: false });
    careful.friendRequest(careful.contact("wxid_other", "别人"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(careful.accepted).toEqual([]);
    expect(off.sink.events).toEqual([]);
  });

  test("sends are paced: one at a time, apart by at least the configured pause", async () => {
    const wechat = new MockWechat();
    const { adapter } = await start(wechat, { pacing: { perMinute: 60, delayMs: { min: 150, max: 200 } } });
    const resident = wechat.contact("wxid_r4", "赵六");
    const times: number[] = [];
    const send = wechat.puppet.messageSendText.bind(wechat.puppet);
    wechat.puppet.messageSendText = async (to: string, text: string) => {
      times.push(Date.now());
      return send(to, text);
    };
    await Promise.all(["一", "二", "三"].map((text) => adapter.send({ chatId: resident.id, text })));
    expect(wechat.textsTo(resident.id)).toEqual(["一", "二", "三"]);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(145);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(145);
  });

  test("a puppet that cannot reach WeChat does not flood the log with the same error", async () => {
    const wechat = new MockWechat();
    const log = captureLogger();
    await start(wechat, { logger: log.logger }, false);
    for (let i = 0; i < 50; i++) wechat.puppet.emit("error", { gerror: "getaddrinfo ENOTFOUND login.wx.qq.com" });
    wechat.puppet.emit("error", { gerror: "something else" });
    await waitUntil(() => log.lines("warn").some((l) => l.includes("something else")));
    const logged = log.lines("warn").filter((l) => l.includes("puppet error"));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain("ENOTFOUND");
  });

  test("with a journal, an event the core could not record before a stop is handed to it at the next start, and only then", async () => {
    const dir = mkdtempSync(join(tmpdir(), "minqing-journal-"));
    const journalFile = join(dir, "wechat-inbound.jsonl");
    try {
      const wechat = new MockWechat();
      const { adapter, sink } = await start(wechat, { journalFile });
      const resident = wechat.contact("wxid_r_journal", "王五");
      sink.failNext(1000); // the database is away
      wechat.say(resident, "数据库挂了，这条不能丢");
      await waitUntil(() => sink.attempts.length > 0);
      await adapter.stop(); // or the process dies: either way the core never recorded it
      running.splice(running.indexOf(adapter), 1);
      expect(sink.events).toEqual([]);
      // A write cut short by a crash is skipped, the rest is read.
      appendFileSync(journalFile, '{"event":{"kind":"mess');

      const again = await start(new MockWechat(), { journalFile }, false);
      await waitUntil(() => again.sink.events.length === 1);
      const event = again.sink.events[0] as InboundMessage;
      expect([event.deliveryId, event.text, event.sender.id]).toEqual([sink.attempts[0]!.deliveryId, "数据库挂了，这条不能丢", resident.id]);
      await again.adapter.stop();
      running.splice(running.indexOf(again.adapter), 1);

      const third = await start(new MockWechat(), { journalFile }, false);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(third.sink.attempts).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("without the lease the puppet stays off and the login page shows the holder's login; given it, the puppet runs here; taken (not merely unconfirmed), it stops without a logout to report", async () => {
    const wechat = new MockWechat();
    const http = new HttpServer(silentLogger());
    const port = await http.listen(0, "127.0.0.1");
    const page = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    const lease = new ManualLease();
    // What the instance holding the lease published: its QR code, and the hash of its page's key.
    lease.published = { keyHash: loginKeyHash("the-holders-key"), status: { state: "waiting_for_scan", qr: "https://login.weixin.qq.com/l/IZ_holder==" } };
    try {
      const { adapter, sink } = await start(wechat, { http, lease }, false);
      expect(adapter.state()).toBe("standby");
      expect(wechat.starts).toBe(0);
      expect(adapter.canSend()).toBe(false);
      const shown = await page("/wechat/qr?key=the-holders-key");
      expect(shown.status).toBe(200);
      expect(await shown.text()).toContain("<svg");
      expect((await page(adapter.loginPagePath)).status).toBe(403);

      lease.give();
      await waitUntil(() => wechat.starts === 1);
      wechat.login();
      await waitUntil(() => adapter.state() === "logged_in");
      expect(adapter.canSend()).toBe(true);
      await waitUntil(() => (lease.published as { status: { state: string } }).status.state === "logged_in");
      expect(await (await page(adapter.loginPagePath)).text()).toContain("已登录：民情通");
      expect((await page("/wechat/qr?key=the-holders-key")).status).toBe(403);

      // The database is away for a moment: the lease may be lost, but a new login costs a scan; the puppet runs on.
      lease.lapse();
      await new Promise((resolve) => setTimeout(resolve, 100));
      lease.give();
      expect([adapter.state(), wechat.starts]).toEqual(["logged_in", 1]);

      lease.take();
      await waitUntil(() => adapter.state() === "standby");
      expect(adapter.canSend()).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sink.events.filter((e) => e.kind === "channel_status")).toEqual([]);

      // The lease comes back (the other instance died): the puppet starts here again.
      lease.give();
      await waitUntil(() => wechat.starts === 2);
      wechat.login();
      await waitUntil(() => adapter.state() === "logged_in", 5000, () => adapter.state());
    } finally {
      for (const adapter of running.splice(0)) await adapter.stop();
      await http.close();
    }
  });
});
