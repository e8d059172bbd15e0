import { Writable } from "node:stream";
import { types } from "wechaty";
import { WechatAdapter, type WechatAdapterOptions } from "../../adapters/wechat/wechat-adapter";
import { DeliveryError, type InboundMessage } from "../../src/channels/port";
import { HttpServer } from "../../src/http/http-server";
import type { HttpMount } from "../../src/http/router";
import { silentLogger } from "../../src/log";
import { MockWechat } from "../fakes/mock-wechat";
import { captureLogger } from "../support/capture-logger";
import { RecordingSink } from "../support/recording-sink";
import { waitUntil } from "../support/wait-until";

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

  test("a group bound by topic: its messages carry the topic as chat id, and sends find the room by it", async () => {
    const wechat = new MockWechat();
    const cadre = wechat.contact("wxid_wang", "王建国");
    const { adapter, sink } = await start(wechat, { rooms: ["城管局诉求办理群", "住建局@chatroom"] });
    const room = wechat.room("r-1@chatroom", "城管局诉求办理群", [cadre]);
    wechat.say(cadre, "/mine", room);
    await waitUntil(() => messages(sink).length === 1);
    expect(messages(sink)[0]?.chat).toEqual({ id: "城管局诉求办理群", kind: "group", title: "城管局诉求办理群" });
    await adapter.send({ chatId: "城管局诉求办理群", text: "@王建国 新诉求", mentions: [{ text: "@王建国", accountId: cadre.id }] });
    expect(wechat.sent.at(-1)).toEqual({ to: "r-1@chatroom", text: "@王建国 新诉求", mentionIds: [cadre.id] });
    // A group the bot is not in yet: the card waits in the outbox.
    await expect(adapter.send({ chatId: "住建局@chatroom", text: "卡片" })).rejects.toMatchObject({ outcome: { kind: "retry" } });
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
});
