import { TelegramAdapter, type TelegramAdapterOptions } from "../../adapters/telegram/telegram-adapter";
import { render } from "../../adapters/telegram/render";
import { DeliveryError, type OutboundMessage } from "../../src/channels/port";
import { HttpServer } from "../../src/http/http-server";
import { silentLogger } from "../../src/log";
import { FakeTelegramApi, type FakeUser } from "../fakes/fake-telegram-api";
import { captureLogger } from "../support/capture-logger";
import { ManualLease } from "../support/manual-lease";
import { asMessage, RecordingSink } from "../support/recording-sink";
import { waitUntil } from "../support/wait-until";

const resident: FakeUser = { id: 1001, first_name: "小明", last_name: "李", language_code: "zh-hans" };
const cadre: FakeUser = { id: 2002, first_name: "建国", last_name: "王" };
const GROUP = -1001234567890;

/** The service's own HTTP server on a free port, with its origin for webhook URLs. */
async function startHttpMount(): Promise<{ server: HttpServer; origin: string; close(): Promise<void> }> {
  const server = new HttpServer(silentLogger());
  const port = await server.listen(0, "127.0.0.1");
  return { server, origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

let fake: FakeTelegramApi;
let sink: RecordingSink;
let adapter: TelegramAdapter | undefined;

function makeAdapter(options: Partial<TelegramAdapterOptions> = {}): TelegramAdapter {
  return new TelegramAdapter({
    token: fake.token,
    apiUrl: fake.url,
    pollingTimeoutSeconds: 5,
    logger: silentLogger(),
    ...options,
  });
}

beforeEach(async () => {
  fake = await FakeTelegramApi.start();
  sink = new RecordingSink();
});

afterEach(async () => {
  sink.release(); // a failed test may leave a delivery held, and stop() waits for it
  try {
    await adapter?.stop();
  } finally {
    adapter = undefined;
    await fake.close();
  }
});

/** The adapter the current test started. */
function started(): TelegramAdapter {
  if (adapter === undefined) throw new Error("no adapter started in this test");
  return adapter;
}

describe("TelegramAdapter, long polling against the fake Bot API", () => {
  beforeEach(async () => {
    adapter = makeAdapter();
    await started().start(sink.sink);
  });

  it("looks whether a webhook is set, never deletes one, and reports polling", async () => {
    await fake.waitForCall("getWebhookInfo");
    await fake.waitForCall("getUpdates");
    expect(fake.calls("deleteWebhook")).toEqual([]);
    expect(started().state()).toBe("polling");
    const poll = fake.calls("getUpdates")[0];
    expect(poll?.params["allowed_updates"]).toEqual(["message", "callback_query"]);
    expect(poll?.params["timeout"]).toBe(5);
  });

  it("delivers a private text with sender, chat and ids", async () => {
    const update = fake.pushUpdate(fake.privateText(resident, "我家门口的路灯坏了"));
    const event = asMessage(await sink.next());
    if (!("message" in update)) throw new Error("built a message update");
    expect(event).toEqual({
      kind: "message",
      channel: "telegram",
      deliveryId: `${resident.id}:${update.message.message_id}`,
      messageId: String(update.message.message_id),
      chat: { id: String(resident.id), kind: "private" },
      sender: { id: String(resident.id), displayName: "小明 李", languageCode: "zh-hans" },
      text: "我家门口的路灯坏了",
    });
  });

  it("carries replyToMessageId for a group reply to a bot message", async () => {
    const { messageId } = await started().send({ chatId: String(GROUP), text: "新诉求 #12：路灯坏了" });
    fake.pushUpdate(fake.groupReply(GROUP, cadre, "收到，明天处理", Number(messageId)));
    const event = asMessage(await sink.next());
    expect(event.chat).toEqual({ id: String(GROUP), kind: "group", title: `Group ${GROUP}` });
    expect(event.sender.id).toBe(String(cadre.id));
    expect(event.replyToMessageId).toBe(messageId);
    expect(event.text).toBe("收到，明天处理");
  });

  it("strips the @botname of a command and ignores commands for other bots", async () => {
    fake.pushUpdate(fake.groupText(GROUP, cadre, "/accept@OtherBot 4"));
    fake.pushUpdate(fake.groupText(GROUP, cadre, "/accept@MinqingBot 5"));
    const event = asMessage(await sink.next());
    expect(event.text).toBe("/accept 5");
    expect(sink.attempts).toHaveLength(1);
  });

  it("delivers a button press and answers it only after the sink persisted it", async () => {
    const { messageId } = await started().send({
      chatId: String(resident.id),
      text: "您的诉求已受理，满意吗？",
      buttons: [[{ label: "满意", data: "rate:12:good" }, { label: "不满意", data: "rate:12:bad" }]],
    });
    const card = await fake.waitForMessage((m) => String(m.message_id) === messageId);
    expect(card.reply_markup?.inline_keyboard[0]?.map((b) => b.callback_data)).toEqual(["rate:12:good", "rate:12:bad"]);

    sink.hold();
    const press = fake.pushUpdate(fake.callbackPress(resident.id, resident, Number(messageId), "rate:12:good"));
    if (!("callback_query" in press)) throw new Error("built a callback update");
    await waitUntil(() => sink.attempts.length === 1);
    expect(fake.calls("answerCallbackQuery")).toHaveLength(0);
    sink.release();

    const event = asMessage(await sink.next());
    expect(event).toMatchObject({
      deliveryId: `cb:${press.callback_query.id}`,
      button: "rate:12:good",
      messageId,
      replyToMessageId: messageId,
      chat: { id: String(resident.id), kind: "private" },
      sender: { id: String(resident.id) },
    });
    const answered = await fake.waitForCall("answerCallbackQuery");
    expect(answered.params["callback_query_id"]).toBe(press.callback_query.id);
  });

  it("gives a redelivered update the same deliveryId", async () => {
    const update = fake.pushUpdate(fake.privateText(resident, "第一次"));
    const first = await sink.next();
    fake.redeliver(update);
    await waitUntil(() => sink.events.length === 2, 3000, () => JSON.stringify(sink.events));
    expect(sink.events[1]?.deliveryId).toBe(first.deliveryId);
  });

  it("leaves an update it could not persist unconfirmed, gets it again, and keeps running", async () => {
    sink.failNext(1);
    const update = fake.pushUpdate(fake.privateText(resident, "数据库挂了也不能丢"));
    await waitUntil(() => sink.attempts.length === 1);
    await waitUntil(() => started().state() === "retrying");
    expect(fake.pending().map((u) => u.update_id)).toContain(update.update_id);

    const event = await sink.next(); // the restarted poll gets the same update again
    expect(sink.attempts.map((e) => e.deliveryId)).toEqual([event.deliveryId, event.deliveryId]);

    fake.pushUpdate(fake.privateText(resident, "后面的消息照常到达"));
    await sink.next((e) => e.kind === "message" && e.text === "后面的消息照常到达");
    await waitUntil(() => !fake.pending().some((u) => u.update_id === update.update_id));
    expect(started().state()).toBe("polling");
  });

  it("backs off and resumes when getUpdates fails", async () => {
    await fake.waitForCall("getUpdates"); // this poll is already past the failure check
    fake.failNext("getUpdates", 1, { status: 502 });
    fake.pushUpdate(fake.privateText(resident, "A"));
    await sink.next();
    await waitUntil(() => started().state() === "retrying");
    fake.pushUpdate(fake.privateText(resident, "B"));
    await sink.next((e) => e.kind === "message" && e.text === "B");
    expect(started().state()).toBe("polling");
    expect(sink.attempts).toHaveLength(2);
  });

  it("turns migrate_to_chat_id into a ChatMovedEvent", async () => {
    const oldGroup = -555;
    const newGroup = -1009876543210;
    fake.pushUpdate(fake.migration(oldGroup, newGroup, cadre));
    const event = await sink.next();
    expect(event).toMatchObject({ kind: "chat_moved", channel: "telegram", fromChatId: "-555", toChatId: String(newGroup) });
  });

  it("passes photos (largest size) and unsupported kinds, ignores bots and service messages", async () => {
    fake.pushUpdate(fake.groupText(GROUP, { id: 9, is_bot: true, first_name: "OtherBot" }, "我是机器人"));
    fake.pushUpdate(fake.message(GROUP, cadre, { new_chat_members: [{ id: 77, is_bot: false, first_name: "新人" }] }));
    const photo = fake.pushUpdate(fake.photo(resident.id, resident, "现场照片"));
    fake.pushUpdate(
      fake.message(resident.id, resident, {
        sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false },
      }),
    );
    await waitUntil(() => sink.events.length === 2, 3000, () => JSON.stringify(sink.events));
    const [withPhoto, sticker] = sink.events.map(asMessage);
    if (!("message" in photo)) throw new Error("built a message update");
    expect(withPhoto?.text).toBe("现场照片");
    expect(withPhoto?.photos).toEqual([{ kind: "photo", fileId: `photo-${photo.message.message_id}-large`, channel: "telegram" }]);
    expect(sticker?.unsupported).toBe("sticker");
    expect(sticker?.text).toBeUndefined();
  });

  it("stop() ends polling and confirms what was handled", async () => {
    fake.pushUpdate(fake.privateText(resident, "停机前最后一条"));
    await sink.next();
    await started().stop();
    expect(started().state()).toBe("stopped");
    expect(fake.pending()).toEqual([]);
    const polls = fake.calls("getUpdates").length;
    fake.pushUpdate(fake.privateText(resident, "停机后"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls("getUpdates")).toHaveLength(polls);
    expect(sink.attempts).toHaveLength(1);
  });
});

describe("TelegramAdapter.send", () => {
  beforeEach(async () => {
    adapter = makeAdapter();
    await started().start(sink.sink);
  });

  it("sends plain text with a text_mention at the UTF-16 offset of the mention", async () => {
    const text = "🚨 请@王建国 处理：幸福路路灯坏了";
    const { messageId } = await started().send({
      chatId: String(GROUP),
      text,
      mentions: [{ text: "@王建国", accountId: String(cadre.id) }],
      alarm: true,
      replyToMessageId: "1",
    });
    const sent = await fake.waitForMessage((m) => String(m.message_id) === messageId);
    expect(sent.text).toBe(text);
    expect(sent.parse_mode).toBeUndefined();
    expect(sent.disable_notification).toBe(false);
    expect(sent.reply_parameters).toEqual({ message_id: 1, allow_sending_without_reply: true });
    // "🚨" is two UTF-16 units, so the mention starts at 2 + " 请".length = 4.
    expect(sent.entities).toEqual([
      { type: "text_mention", offset: 4, length: 4, user: { id: cadre.id, is_bot: false, first_name: "王建国" } },
    ]);
  });

  it("does not interpret markup in user text", async () => {
    await started().send({ chatId: String(resident.id), text: "*不是粗体* <b>也不是</b> [链接](http://x)" });
    const sent = await fake.waitForMessage(() => true);
    expect(sent.text).toBe("*不是粗体* <b>也不是</b> [链接](http://x)");
    expect(sent.params).not.toHaveProperty("parse_mode");
    expect(sent.entities).toBeUndefined();
  });

  it("splits a 5000-character text into two messages and returns the first id", async () => {
    const sentence = "居民反映幸福路十二号附近的路灯已经坏了三天，晚上出行很不方便。";
    const text = sentence.repeat(Math.ceil(5000 / sentence.length)).slice(0, 5000);
    const { messageId } = await started().send({ chatId: String(resident.id), text });
    await waitUntil(() => fake.sent(resident.id).length === 2, 4000);
    const [first, second] = fake.sent(resident.id);
    expect(String(first?.message_id)).toBe(messageId);
    expect(first?.text?.length).toBeLessThanOrEqual(4096);
    expect(first?.text?.endsWith("。")).toBe(true); // broke at a sentence end, not mid-word
    expect((first?.text ?? "") + (second?.text ?? "")).toBe(text);
  });

  it("sends a Telegram photo with the caption and the rest of a long text after it", async () => {
    const text = "照片说明。".repeat(300); // 1500 units: more than a caption holds
    const { messageId } = await started().send({
      chatId: String(resident.id),
      text,
      photo: { kind: "photo", fileId: "photo-9-large", channel: "telegram" },
    });
    await waitUntil(() => fake.sent(resident.id).length === 2, 4000);
    const [photo, rest] = fake.sent(resident.id);
    expect(photo).toMatchObject({ method: "sendPhoto", photo: "photo-9-large" });
    expect(String(photo?.message_id)).toBe(messageId);
    expect(photo?.text?.length).toBeLessThanOrEqual(1024);
    expect(rest?.method).toBe("sendMessage");
    expect((photo?.text ?? "") + (rest?.text ?? "")).toBe(text);
  });

  it("ignores a photo from another channel", async () => {
    await started().send({ chatId: String(resident.id), text: "附图", photo: { kind: "photo", fileId: "web-1", channel: "web" } });
    const sent = await fake.waitForMessage(() => true);
    expect(sent).toMatchObject({ method: "sendMessage", text: "附图" });
  });

  async function sendError(message: OutboundMessage): Promise<DeliveryError> {
    const error: unknown = await started().send(message).then(
      () => undefined,
      (err: unknown) => err,
    );
    if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
    return error;
  }

  it("maps 429 to retry after retry_after", async () => {
    fake.failNext("sendMessage", 1, { status: 429, retryAfter: 7 });
    const error = await sendError({ chatId: String(resident.id), text: "hi" });
    expect(error.outcome).toEqual({ kind: "retry", afterMs: 7000 });
    expect(fake.calls("sendMessage")).toHaveLength(1); // no hidden retries: the outbox owns them
  });

  it("maps 403 (blocked) to permanent", async () => {
    fake.failNext("sendMessage", 1, { status: 403, description: "Forbidden: bot was blocked by the user" });
    const error = await sendError({ chatId: String(resident.id), text: "hi" });
    // Blocked: written off quietly, not a dead letter for the operators.
    expect(error.outcome).toEqual({ kind: "permanent", blocked: true });
    expect(error.message).toContain("blocked");
  });

  it("maps 5xx to retry, a migrated group to chat_moved, chat not found to permanent", async () => {
    fake.failNext("sendMessage", 1, { status: 500 });
    expect((await sendError({ chatId: "-10", text: "a" })).outcome).toEqual({ kind: "retry" });
    fake.failNext("sendMessage", 1, { status: 400, migrateTo: -1009999 });
    expect((await sendError({ chatId: "-11", text: "b" })).outcome).toEqual({ kind: "chat_moved", toChatId: "-1009999" });
    fake.failNext("sendMessage", 1, { status: 400, description: "Bad Request: chat not found" });
    expect((await sendError({ chatId: "-12", text: "c" })).outcome).toEqual({ kind: "permanent" });
  });

  it("maps an unreachable API to retry", async () => {
    const offline = makeAdapter({ apiUrl: "http://127.0.0.1:9" });
    const error: unknown = await offline.send({ chatId: "1", text: "hi" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).outcome).toEqual({ kind: "retry" });
  });

  it("refuses what Telegram would refuse, before calling it", async () => {
    expect((await sendError({ chatId: "1", text: "  " })).outcome).toEqual({ kind: "permanent" });
    const tooLong = { label: "x", data: "x".repeat(65) };
    expect((await sendError({ chatId: "1", text: "hi", buttons: [[tooLong]] })).outcome).toEqual({ kind: "permanent" });
    expect(fake.calls("sendMessage")).toHaveLength(0);
  });
});

describe("render (pure)", () => {
  it("keeps a mention in one piece when the split falls on it", () => {
    const text = "字".repeat(4093) + "@王建国" + "后".repeat(100); // the mention spans 4093..4097
    const calls = render({ chatId: "1", text, mentions: [{ text: "@王建国", accountId: "5" }] });
    expect(calls).toHaveLength(2);
    const second = calls[1];
    if (second?.method !== "sendMessage") throw new Error("expected a second sendMessage");
    expect(second.params.text.startsWith("@王建国")).toBe(true);
    expect(second.params.entities).toEqual([
      { type: "text_mention", offset: 0, length: 4, user: { id: 5, is_bot: false, first_name: "王建国" } },
    ]);
  });

  it("never splits a surrogate pair", () => {
    const text = "😀".repeat(3000); // 6000 UTF-16 units, no break characters
    const calls = render({ chatId: "1", text });
    const texts = calls.map((call) => (call.method === "sendMessage" ? call.params.text : ""));
    expect(texts.join("")).toBe(text);
    for (const piece of texts) expect(piece.length).toBeLessThanOrEqual(4096);
  });
});

describe("TelegramAdapter, webhook mode", () => {
  let httpMount: Awaited<ReturnType<typeof startHttpMount>>;
  const secretToken = "s3cret-token_for-tests";

  beforeEach(async () => {
    httpMount = await startHttpMount();
    adapter = makeAdapter({
      http: httpMount.server,
      webhook: { url: `${httpMount.origin}/telegram/webhook`, secretToken, path: "/telegram/webhook" },
    });
    await started().start(sink.sink);
  });

  afterEach(async () => {
    await adapter?.stop();
    await httpMount.close();
  });

  it("registers the webhook with its secret and allowed updates", () => {
    expect(fake.webhook).toEqual({
      url: `${httpMount.origin}/telegram/webhook`,
      secret_token: secretToken,
      allowed_updates: ["message", "callback_query"],
    });
    expect(started().state()).toBe("webhook");
    expect(fake.calls("getUpdates")).toHaveLength(0);
  });

  it("delivers a POST with the right secret to the sink", async () => {
    const update = fake.pushUpdate(fake.privateText(resident, "通过 webhook 来的"));
    expect(await fake.deliverWebhook(update)).toBe(200);
    expect(asMessage(await sink.next()).text).toBe("通过 webhook 来的");
  });

  it("refuses a POST without the secret, or with a wrong one, with 401", async () => {
    const update = fake.pushUpdate(fake.privateText(resident, "伪造的"));
    expect(await fake.deliverWebhook(update, { secretToken: null })).toBe(401);
    expect(await fake.deliverWebhook(update, { secretToken: "wrong" })).toBe(401);
    expect(sink.attempts).toHaveLength(0);
  });

  it("answers non-2xx when the sink could not persist, so Telegram redelivers", async () => {
    sink.failNext(1);
    const update = fake.pushUpdate(fake.privateText(resident, "稍后重试"));
    const status = await fake.deliverWebhook(update);
    expect(status).toBeGreaterThanOrEqual(500);
    expect(await fake.deliverWebhook(update)).toBe(200);
    expect(sink.events.map((e) => e.deliveryId)).toEqual([sink.attempts[0]?.deliveryId]);
  });

  it("answers 503 after stop()", async () => {
    await started().stop();
    const update = fake.pushUpdate(fake.privateText(resident, "停了"));
    expect(await fake.deliverWebhook(update)).toBe(503);
  });
});

describe("TelegramAdapter among several instances (a lease) and beside other pollers", () => {
  const conflict = { status: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" } as const;
  const quietFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("stands by quietly without the lease (no call to Telegram, nothing sent), polls once given it, and stops polling without confirming when it is taken", async () => {
    const lease = new ManualLease();
    adapter = makeAdapter({ lease });
    await started().start(sink.sink);
    await quietFor(300);
    expect(started().state()).toBe("standby");
    expect(started().canSend()).toBe(false);
    expect(fake.calls()).toEqual([]);

    lease.give();
    await fake.waitForCall("getUpdates");
    expect(started().state()).toBe("polling");
    expect(started().canSend()).toBe(true);

    // An update is being handled when another instance takes the lease over.
    sink.hold();
    const update = fake.pushUpdate(fake.privateText(resident, "交接时的消息"));
    await waitUntil(() => sink.attempts.length === 1);
    const polls = fake.calls("getUpdates").length;
    lease.take();
    sink.release();
    await sink.next();
    await waitUntil(() => started().state() === "standby");
    expect(started().canSend()).toBe(false);
    await quietFor(200);
    // No getUpdates after the loss, not even to confirm: that would knock the new holder's poll off.
    expect(fake.calls("getUpdates")).toHaveLength(polls);
    expect(fake.pending().map((u) => u.update_id)).toEqual([update.update_id]);
  });

  it("a 409 Conflict makes it stand by and say so once, then look again after a while, never a failure loop", async () => {
    const log = captureLogger();
    fake.failNext("getUpdates", 3, conflict);
    adapter = makeAdapter({ logger: log.logger, conflictWaitMs: () => 300 });
    await started().start(sink.sink);
    await waitUntil(() => started().state() === "conflict");
    await quietFor(400);
    // One poll, then one look after the wait: not a poll a second.
    expect(fake.calls("getUpdates").length).toBeLessThanOrEqual(3);
    expect(started().state()).toBe("conflict");
    await waitUntil(() => started().state() === "polling", 3000, () => `state ${started().state()}`);
    expect(log.lines("warn").filter((l) => l.includes("another process polls this bot"))).toHaveLength(1);
    expect(log.lines("warn").filter((l) => l.includes("polling stopped; restarting"))).toEqual([]);
    expect(log.lines("info").some((l) => l.includes("polling again"))).toBe(true);
    fake.pushUpdate(fake.privateText(resident, "冲突之后"));
    expect(asMessage(await sink.next()).text).toBe("冲突之后");
  });

  it("never deletes a webhook that is set: it stands by until the webhook is gone, then polls", async () => {
    const call = (method: string, params: Record<string, string>) => fetch(`${fake.url}/bot${fake.token}/${method}`, { method: "POST", body: new URLSearchParams(params) });
    await call("setWebhook", { url: "https://gov.example/telegram/webhook" });
    const log = captureLogger();
    adapter = makeAdapter({ logger: log.logger, conflictWaitMs: () => 200 });
    await started().start(sink.sink);
    await waitUntil(() => started().state() === "conflict");
    await quietFor(500);
    expect(fake.webhook?.url).toBe("https://gov.example/telegram/webhook");
    expect(fake.calls("deleteWebhook")).toEqual([]);
    expect(fake.calls("getUpdates")).toEqual([]);
    expect(log.lines("warn").filter((l) => l.includes("a webhook is set for this bot"))).toHaveLength(1);

    await call("deleteWebhook", {}); // the operator's doing
    await waitUntil(() => started().state() === "polling", 3000);
    fake.pushUpdate(fake.privateText(resident, "改回轮询"));
    expect(asMessage(await sink.next()).text).toBe("改回轮询");
  });

  describe("in webhook mode", () => {
    const secretToken = "s3cret-token_for-tests";
    let mounts: Awaited<ReturnType<typeof startHttpMount>>[] = [];
    let others: TelegramAdapter[] = [];
    afterEach(async () => {
      for (const a of others.splice(0)) await a.stop();
      for (const m of mounts.splice(0)) await m.close();
    });
    const webhookAdapter = async (lease: ManualLease, into: RecordingSink) => {
      const mount = await startHttpMount();
      mounts.push(mount);
      const a = makeAdapter({ http: mount.server, lease, webhook: { url: `${mount.origin}/telegram/webhook`, secretToken, path: "/telegram/webhook" } });
      others.push(a);
      await a.start(into.sink);
      return { adapter: a, origin: mount.origin };
    };

    it("every instance takes webhooks; only the lease's holder registers the webhook and sends", async () => {
      const standbySink = new RecordingSink();
      const holder = await webhookAdapter(new ManualLease(true), sink);
      const standby = await webhookAdapter(new ManualLease(false), standbySink);
      expect(holder.adapter.state()).toBe("webhook");
      expect(standby.adapter.state()).toBe("standby");
      expect(fake.calls("setWebhook").map((c) => c.params["url"])).toEqual([`${holder.origin}/telegram/webhook`]);
      expect([holder.adapter.canSend(), standby.adapter.canSend()]).toEqual([true, false]);

      // A load balancer hands an update to the instance standing by: it is taken all the same.
      const update = fake.pushUpdate(fake.privateText(resident, "负载均衡转来的"));
      const answer = await fetch(`${standby.origin}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secretToken },
        body: JSON.stringify(update),
      });
      expect(answer.status).toBe(200);
      expect(asMessage(await standbySink.next()).text).toBe("负载均衡转来的");
    });
  });
});
