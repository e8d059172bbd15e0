import { randomUUID } from "node:crypto";
import { DeliveryError, type InboundEvent, type InboundMessage } from "../../src/channels/port";
import { silentLogger } from "../../src/log";
import { CadreAuth, SESSION_TTL_MS } from "../../src/auth/cadre-auth";
import { WebSessions } from "../../adapters/web/sessions";
import { WebAdapter, type WebChatMessage, type WebLogin } from "../../adapters/web/web-adapter";
import { HttpServer } from "../../src/http/http-server";
import { captureLogger } from "../support/capture-logger";
import { SseClient } from "../support/sse-client";

const LOGINS: WebLogin[] = [
  { account: "wang", name: "王建国", chats: [{ id: "g-roads", title: "交通局" }] },
  { account: "li", name: "李芳", chats: [{ id: "g-water", title: "水务局" }] },
];
const PASSWORDS = [
  { account: "wang", cadreId: "wang", password: "right-horse-battery" },
  { account: "li", cadreId: "li", password: "another-secret" },
  // Signs in to the dashboard, but has no web chat.
  { account: "zhao", cadreId: "zhao", password: "dashboard-only" },
];

interface Harness {
  base: string;
  server: HttpServer;
  /** What the server logged; a handler that threw shows up as an error line. */
  serverLog: ReturnType<typeof captureLogger>;
  adapter: WebAdapter;
  received: InboundMessage[];
  /** While true the sink rejects, as when the database is down. */
  failing: { value: boolean };
}

let h: Harness;

async function startHarness(options: { historyLimit?: number; start?: boolean } = {}): Promise<Harness> {
  const serverLog = captureLogger();
  const server = new HttpServer(serverLog.logger);
  const adapter = new WebAdapter({
    http: server,
    logins: LOGINS,
    auth: new CadreAuth(PASSWORDS),
    logger: silentLogger(),
    ...(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit }),
  });
  const received: InboundMessage[] = [];
  const failing = { value: false };
  const sink = (event: InboundEvent): Promise<void> => {
    if (failing.value) return Promise.reject(new Error("database unavailable"));
    if (event.kind === "message") received.push(event);
    return Promise.resolve();
  };
  if (options.start !== false) await adapter.start(sink);
  const port = await server.listen(0, "127.0.0.1");
  return { base: `http://127.0.0.1:${port}`, server, serverLog, adapter, received, failing };
}

async function stopHarness(harness: Harness): Promise<void> {
  await harness.adapter.stop();
  await harness.server.close();
  expect(harness.serverLog.lines("error")).toEqual([]);
}

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await stopHarness(h);
});

function residentChat(): string {
  return "r-" + randomUUID();
}

async function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(h.base + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Collects the replayed messages up to the `ready` event that ends the replay. */
async function replay(client: SseClient): Promise<WebChatMessage[]> {
  const messages: WebChatMessage[] = [];
  for (;;) {
    const event = await client.next();
    if (event.event === "ready") return messages;
    if (event.event === "message") messages.push(JSON.parse(event.data) as WebChatMessage);
  }
}

async function signIn(account = "wang", password = "right-horse-battery"): Promise<string> {
  const { status, json } = await postJson("/cadre/login", { account, password });
  expect(status).toBe(200);
  expect(typeof json["token"]).toBe("string");
  return json["token"] as string;
}

describe("web chat, resident side", () => {
  it("hands a resident's message to the core with the fields it needs, and a retry keeps its delivery id", async () => {
    const chat = residentChat();
    const body = { chat, clientMessageId: "m-1", text: "小区门口路灯坏了三天" };
    const headers = { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8" };

    const first = await postJson("/chat/messages", body, headers);
    expect(first.status).toBe(202);
    expect(h.received).toEqual([
      {
        kind: "message",
        channel: "web",
        deliveryId: chat + ":m-1",
        messageId: first.json["messageId"],
        chat: { id: chat, kind: "private" },
        sender: { id: chat, languageCode: "zh-CN" },
        text: "小区门口路灯坏了三天",
      },
    ]);
    expect(first.json["messageId"]).toMatch(/^w[0-9a-z]+$/);

    // The browser did not see the 202 and sends again: the core must be able to drop it.
    const retry = await postJson("/chat/messages", body, headers);
    expect(retry.status).toBe(202);
    expect(h.received).toHaveLength(2);
    expect(h.received[1]?.deliveryId).toBe(chat + ":m-1");
    expect(h.received[1]?.messageId).toBe(first.json["messageId"]);

    // The resident's history shows the message once, as theirs.
    const events = await SseClient.open(`${h.base}/chat/events?chat=${chat}`);
    const history = await replay(events);
    events.close();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: first.json["messageId"], from: { kind: "resident" }, text: "小区门口路灯坏了三天" });
  });

  it("streams what send() sends, buttons and all, and replays only what came after `after`", async () => {
    const chat = residentChat();
    const events = await SseClient.open(`${h.base}/chat/events?chat=${chat}&after=0`);
    expect(events.status).toBe(200);
    expect(await replay(events)).toEqual([]);

    const buttons = [[{ label: "满意", data: "rate:MQ-1:5" }, { label: "不满意", data: "rate:MQ-1:1" }]];
    const sent = await h.adapter.send({
      chatId: chat,
      text: "您的诉求已受理，编号 MQ-20261123-0001",
      buttons,
      alarm: true,
      replyToMessageId: "w1",
      mentions: [{ text: "@王建国", accountId: "wang" }],
    });
    const live = await events.nextMessage<WebChatMessage>();
    expect(live.data).toMatchObject({
      id: sent.messageId,
      chatId: chat,
      from: { kind: "bot" },
      text: "您的诉求已受理，编号 MQ-20261123-0001",
      buttons,
      alarm: true,
      replyToMessageId: "w1",
      mentions: [{ text: "@王建国", accountId: "wang" }],
    });
    expect(live.id).toBe(String(live.data.seq));

    const second = await h.adapter.send({ chatId: chat, text: "处理中" });
    await events.nextMessage<WebChatMessage>((m) => m.id === second.messageId);
    events.close();

    const resumed = await SseClient.open(`${h.base}/chat/events?chat=${chat}&after=${live.data.seq}`);
    expect((await replay(resumed)).map((m) => m.text)).toEqual(["处理中"]);
    resumed.close();

    // EventSource reconnects with the original URL and a Last-Event-ID header; the header wins.
    const reconnected = await SseClient.open(`${h.base}/chat/events?chat=${chat}&after=0`, {
      "Last-Event-ID": String(live.data.seq),
    });
    expect((await replay(reconnected)).map((m) => m.text)).toEqual(["处理中"]);
    reconnected.close();
  });

  it("sends a button press as its data and shows its label in the history", async () => {
    const chat = residentChat();
    const card = await h.adapter.send({ chatId: chat, text: "请评价", buttons: [[{ label: "满意", data: "rate:5" }]] });

    const { status } = await postJson("/chat/messages", {
      chat,
      clientMessageId: "b-1",
      button: "rate:5",
      replyTo: card.messageId,
    });
    expect(status).toBe(202);
    expect(h.received[0]).toMatchObject({ button: "rate:5", replyToMessageId: card.messageId });
    expect(h.received[0]?.text).toBeUndefined();

    const events = await SseClient.open(`${h.base}/chat/events?chat=${chat}`);
    const history = await replay(events);
    events.close();
    expect(history.map((m) => [m.from.kind, m.text])).toEqual([
      ["bot", "请评价"],
      ["resident", "满意"],
    ]);
  });

  it("answers 503 when the core cannot record the message, and accepts the same message later", async () => {
    const chat = residentChat();
    const body = { chat, clientMessageId: "m-1", text: "积水很深" };
    h.failing.value = true;
    const refused = await postJson("/chat/messages", body);
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ retry: true });
    expect(typeof refused.json["error"]).toBe("string");
    expect(h.received).toEqual([]);

    h.failing.value = false;
    const accepted = await postJson("/chat/messages", body);
    expect(accepted.status).toBe(202);
    expect(h.received.map((m) => m.deliveryId)).toEqual([chat + ":m-1"]);

    const events = await SseClient.open(`${h.base}/chat/events?chat=${chat}`);
    expect((await replay(events)).map((m) => m.text)).toEqual(["积水很深"]);
    events.close();
  });

  it("answers 503 before the core has started the adapter", async () => {
    const idle = await startHarness({ start: false });
    try {
      const response = await fetch(idle.base + "/chat/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ chat: residentChat(), clientMessageId: "m", text: "你好" }),
      });
      expect(response.status).toBe(503);
      expect(idle.adapter.state()).toBe("stopped");
    } finally {
      await stopHarness(idle);
    }
  });

  it.each([
    ["a malformed chat id", { chat: "r-12345", clientMessageId: "m", text: "hi" }, /chat must be "r-"/],
    ["an upper-case chat id", { chat: "r-" + randomUUID().toUpperCase(), clientMessageId: "m", text: "hi" }, /chat must be/],
    ["a cadre's chat id", { chat: "c-wang", clientMessageId: "m", text: "hi" }, /chat must be/],
    ["no clientMessageId", { chat: "CHAT", text: "hi" }, /clientMessageId is required/],
    ["a clientMessageId with spaces", { chat: "CHAT", clientMessageId: "a b", text: "hi" }, /clientMessageId/],
    ["text over 5000 characters", { chat: "CHAT", clientMessageId: "m", text: "长".repeat(5001) }, /longer than 5000/],
    ["text that is a number", { chat: "CHAT", clientMessageId: "m", text: 42 }, /text must be a string/],
    ["blank text", { chat: "CHAT", clientMessageId: "m", text: "   " }, /write some text/],
    ["text and button together", { chat: "CHAT", clientMessageId: "m", text: "x", button: "y" }, /either text or button/],
    ["a NUL character", { chat: "CHAT", clientMessageId: "m", text: "a\u0000b" }, /NUL/],
    ["a bad replyTo", { chat: "CHAT", clientMessageId: "m", text: "x", replyTo: "<script>" }, /replyTo/],
    ["an array body", [1, 2], /JSON object/],
  ])("refuses %s with 400 and says why", async (_what, body, message) => {
    const chat = residentChat();
    const withChat = Array.isArray(body) ? body : { ...body, chat: body.chat === "CHAT" ? chat : body.chat };
    const { status, json } = await postJson("/chat/messages", withChat);
    expect(status).toBe(400);
    expect(json["error"]).toMatch(message);
    expect(h.received).toEqual([]);
  });

  it("refuses broken JSON, half a surrogate pair, a huge body and a non-JSON body", async () => {
    const chat = residentChat();
    const broken = await postJson("/chat/messages", '{"chat": ');
    expect(broken).toEqual({ status: 400, json: { error: "the body is not valid JSON" } });

    const surrogate = await postJson("/chat/messages", `{"chat":"${chat}","clientMessageId":"m","text":"\\ud800"}`);
    expect(surrogate.status).toBe(400);
    expect(surrogate.json["error"]).toMatch(/not valid Unicode/);

    const huge = await postJson("/chat/messages", { chat, clientMessageId: "m", text: "x", padding: "p".repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(huge.json["error"]).toMatch(/64 KB/);

    const form = await postJson("/chat/messages", "chat=x", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect(h.received).toEqual([]);
  });

  it("accepts text of exactly 5000 characters", async () => {
    const { status } = await postJson("/chat/messages", { chat: residentChat(), clientMessageId: "m", text: "长".repeat(5000) });
    expect(status).toBe(202);
    expect(h.received[0]?.text).toHaveLength(5000);
  });

  it("refuses an event stream for a malformed chat or `after`", async () => {
    const badChat = await SseClient.open(`${h.base}/chat/events?chat=g-roads`);
    expect(badChat.status).toBe(400);
    expect(badChat.body).toMatch(/chat must be/);
    const badAfter = await SseClient.open(`${h.base}/chat/events?chat=${residentChat()}&after=abc`);
    expect(badAfter.status).toBe(400);
    expect(badAfter.body).toMatch(/after must be a whole number/);
  });

  it("keeps only the last historyLimit messages of a chat", async () => {
    const small = await startHarness({ historyLimit: 3 });
    try {
      const chat = residentChat();
      for (const text of ["1", "2", "3", "4", "5"]) await small.adapter.send({ chatId: chat, text });
      const events = await SseClient.open(`${small.base}/chat/events?chat=${chat}`);
      expect((await replay(events)).map((m) => m.text)).toEqual(["3", "4", "5"]);
      events.close();
    } finally {
      await stopHarness(small);
    }
  });
});

describe("web chat, sending", () => {
  it("refuses for good a chat nobody could open, and delivers to groups and private chats of logins", async () => {
    const refused = h.adapter.send({ chatId: "g-unknown", text: "x" });
    await expect(refused).rejects.toBeInstanceOf(DeliveryError);
    await expect(refused).rejects.toMatchObject({ outcome: { kind: "permanent" } });
    await expect(h.adapter.send({ chatId: "c-nobody", text: "x" })).rejects.toBeInstanceOf(DeliveryError);

    const group = await h.adapter.send({ chatId: "g-roads", text: "x" });
    const direct = await h.adapter.send({ chatId: "c-wang", text: "y" });
    expect(group.messageId).not.toBe(direct.messageId);
    expect(h.adapter.state()).toBe("up");
  });
});

describe("web chat, cadre side", () => {
  it("refuses a wrong password or unknown account with 401 and signs in with the right one", async () => {
    const wrong = await postJson("/cadre/login", { account: "wang", password: "guess" });
    expect(wrong.status).toBe(401);
    expect(wrong.json["token"]).toBeUndefined();
    const unknown = await postJson("/cadre/login", { account: "nobody", password: "right-horse-battery" });
    expect(unknown.status).toBe(401);

    const right = await postJson("/cadre/login", { account: "wang", password: "right-horse-battery" });
    expect(right.status).toBe(200);
    expect(right.json).toMatchObject({
      name: "王建国",
      account: "wang",
      chats: [{ id: "g-roads", title: "交通局" }],
      privateChatId: "c-wang",
    });
    expect(right.json["token"]).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const session = await fetch(h.base + "/cadre/session", {
      headers: { Authorization: `Bearer ${String(right.json["token"])}` },
    });
    expect(session.status).toBe(200);
    expect(((await session.json()) as Record<string, unknown>)["name"]).toBe("王建国");
  });

  it("refuses the feed and posting without a valid token (401)", async () => {
    const noToken = await SseClient.open(`${h.base}/cadre/events?chat=g-roads`);
    expect(noToken.status).toBe(401);
    const badToken = await SseClient.open(`${h.base}/cadre/events?chat=g-roads&token=not-a-token`);
    expect(badToken.status).toBe(401);
    const post = await postJson("/cadre/messages", { chat: "g-roads", clientMessageId: "c", text: "/mine" });
    expect(post.status).toBe(401);
    expect(post.json["error"]).toMatch(/sign in/);
    expect(h.received).toEqual([]);
  });

  it("keeps a cadre out of chats that are not in their login (403)", async () => {
    const token = await signIn("wang");
    const auth = { Authorization: `Bearer ${token}` };

    const otherGroup = await SseClient.open(`${h.base}/cadre/events?chat=g-water&token=${token}`);
    expect(otherGroup.status).toBe(403);
    const mixed = await SseClient.open(`${h.base}/cadre/events?chat=g-roads&chat=g-water&token=${token}`);
    expect(mixed.status).toBe(403);
    const residentFeed = await SseClient.open(`${h.base}/cadre/events?chat=${residentChat()}&token=${token}`);
    expect(residentFeed.status).toBe(403);

    for (const chat of ["g-water", "c-li", residentChat()]) {
      const post = await postJson("/cadre/messages", { chat, clientMessageId: "c", text: "/mine" }, auth);
      expect(post.status).toBe(403);
      expect(post.json["error"]).toMatch(/not one of your chats/);
    }
    expect(h.received).toEqual([]);
  });

  it("sees the group's cards and replies to one with replyToMessageId", async () => {
    const token = await signIn("wang");
    const feed = await SseClient.open(`${h.base}/cadre/events?chat=g-roads&chat=c-wang&token=${token}`);
    expect(feed.status).toBe(200);
    await replay(feed);

    const card = await h.adapter.send({
      chatId: "g-roads",
      text: "【紧急】MQ-20261123-0002 燃气泄漏 负责人 @王建国",
      alarm: true,
      mentions: [{ text: "@王建国", accountId: "wang" }],
    });
    const shown = await feed.nextMessage<WebChatMessage>();
    expect(shown.data).toMatchObject({ id: card.messageId, chatId: "g-roads", alarm: true, from: { kind: "bot" } });

    const reply = await postJson(
      "/cadre/messages",
      { chat: "g-roads", clientMessageId: "c-1", text: "已派人到场", replyTo: card.messageId },
      { Authorization: `Bearer ${token}`, "Accept-Language": "zh-CN" },
    );
    expect(reply.status).toBe(202);
    expect(h.received).toEqual([
      {
        kind: "message",
        channel: "web",
        deliveryId: "g-roads:wang:c-1",
        messageId: reply.json["messageId"],
        chat: { id: "g-roads", kind: "group", title: "交通局" },
        sender: { id: "wang", displayName: "王建国", languageCode: "zh-CN" },
        text: "已派人到场",
        replyToMessageId: card.messageId,
      },
    ]);

    const echoed = await feed.nextMessage<WebChatMessage>();
    expect(echoed.data).toMatchObject({
      from: { kind: "cadre", account: "wang", name: "王建国" },
      replyToMessageId: card.messageId,
      replyPreview: "【紧急】MQ-20261123-0002 燃气泄漏 负责人 @王建国",
    });

    // Commands in the private chat with the bot go in as a private chat.
    const mine = await postJson("/cadre/messages", { chat: "c-wang", clientMessageId: "c-2", text: "/mine" }, {
      Authorization: `Bearer ${token}`,
    });
    expect(mine.status).toBe(202);
    expect(h.received[1]).toMatchObject({ chat: { id: "c-wang", kind: "private" }, sender: { id: "wang" }, text: "/mine" });
    feed.close();
  });

  it("ends the session and its open feed on logout", async () => {
    const token = await signIn("wang");
    const feed = await SseClient.open(`${h.base}/cadre/events?chat=g-roads&token=${token}`);
    await replay(feed);

    const logout = await fetch(h.base + "/cadre/logout", { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(logout.status).toBe(204);
    await feed.waitForEnd();

    const after = await postJson("/cadre/messages", { chat: "g-roads", clientMessageId: "c", text: "x" }, {
      Authorization: `Bearer ${token}`,
    });
    expect(after.status).toBe(401);
  });

  it("stops taking passwords for an account after 10 wrong ones", async () => {
    for (let i = 0; i < 10; i += 1) {
      expect((await postJson("/cadre/login", { account: "li", password: `guess-${i}` })).status).toBe(401);
    }
    const locked = await postJson("/cadre/login", { account: "li", password: "another-secret" });
    expect(locked.status).toBe(429);
    // Another account is not affected.
    expect((await postJson("/cadre/login", { account: "wang", password: "right-horse-battery" })).status).toBe(200);
  });

  it("refuses a cadre whose password is right but who has no web chat", async () => {
    expect((await postJson("/cadre/login", { account: "zhao", password: "dashboard-only" })).status).toBe(401);
  });

  it("lets a session expire after 12 hours", async () => {
    let now = 1_000_000;
    const store = new WebSessions(new CadreAuth(PASSWORDS, { now: () => now }), LOGINS);
    const signedIn = await store.signIn("wang", "right-horse-battery");
    if (!signedIn.ok) throw new Error("expected to sign in");
    now += SESSION_TTL_MS - 1;
    expect(store.get(signedIn.token)?.account).toBe("wang");
    now += 1;
    expect(store.get(signedIn.token)).toBeUndefined();
    expect((await store.signIn("wang", "wrong")).ok).toBe(false);
  });
});

describe("web chat, adapter life and pages", () => {
  it("ends open event streams on stop()", async () => {
    const feed = await SseClient.open(`${h.base}/chat/events?chat=${residentChat()}`);
    await replay(feed);
    await h.adapter.stop();
    await feed.waitForEnd();
    expect(h.adapter.state()).toBe("stopped");
  });

  it("serves the resident page, the cadre page and their assets, and nothing outside them", async () => {
    const resident = await fetch(h.base + "/");
    expect(resident.status).toBe(200);
    expect(resident.headers.get("content-type")).toMatch(/text\/html/);
    expect(resident.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(await resident.text()).toMatch(/resident\.js/);

    const cadre = await fetch(h.base + "/cadre");
    expect(cadre.status).toBe(200);
    expect(await cadre.text()).toMatch(/cadre\.js/);

    const texts = await fetch(h.base + "/assets/ui-texts.js");
    expect(texts.status).toBe(200);
    expect(texts.headers.get("content-type")).toMatch(/javascript/);
    const source = await texts.text();
    for (const lang of ["zh-Hans", "zh-Hant", "en"]) expect(source).toContain(`"${lang}"`);

    for (const path of ["/assets/nope.js", "/assets/..%2Fweb-adapter.ts", "/assets/../web-adapter.ts", "/nothing-here"]) {
      expect((await fetch(h.base + path)).status).toBe(404);
    }
    expect((await fetch(h.base + "/", { method: "POST" })).status).toBe(405);
  });
});
