import { randomUUID } from "node:crypto";
import { DeliveryError, type InboundEvent, type InboundMessage } from "../../src/channels/port";
import { SESSION_TTL_MS } from "../../src/auth/cadre-auth";
import { chatTag } from "../../src/web-chat/chat-ids";
import type { WebLogin } from "../../src/web-chat/web-chat-transport";
import { CadreChats } from "../../src/http/cadre-chat/cadre-chats";
import type { WebAdapter, WebChatMessage } from "../../adapters/web/web-adapter";
import { HttpServer } from "../../src/http/http-server";
import { BrowserClient } from "../support/browser-client";
import { captureLogger } from "../support/capture-logger";
import { memoryCadreAuth } from "../support/memory-auth";
import { SseClient } from "../support/sse-client";
import { startWebChatServer } from "../support/web-chat-server";
import { openChatStoreDatabase, type ChatStoreDatabase } from "../support/web-chat-store";

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
  /** What the adapter logged. */
  adapterLog: ReturnType<typeof captureLogger>;
  adapter: WebAdapter;
  received: InboundMessage[];
  /** While true the sink rejects, as when the database is down. */
  failing: { value: boolean };
}

let h: Harness;
let chatStores: ChatStoreDatabase;

async function startHarness(options: { historyLimit?: number; start?: boolean } = {}): Promise<Harness> {
  const serverLog = captureLogger();
  const adapterLog = captureLogger();
  const server = new HttpServer(serverLog.logger);
  const adapter = startWebChatServer({
    http: server,
    logins: LOGINS,
    auth: memoryCadreAuth(PASSWORDS),
    logger: adapterLog.logger,
    store: chatStores.store({ limits: { perChat: options.historyLimit } }),
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
  return { base: `http://127.0.0.1:${port}`, server, serverLog, adapterLog, adapter, received, failing };
}

async function stopHarness(harness: Harness): Promise<void> {
  await harness.adapter.stop();
  await harness.server.close();
  expect(harness.serverLog.lines("error")).toEqual([]);
}

beforeAll(async () => {
  chatStores = await openChatStoreDatabase();
});

afterAll(() => chatStores.close());

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await stopHarness(h);
});

/** A chat id of the right shape that no browser has the cookie for. */
function someoneElsesChat(): string {
  return "r-" + randomUUID();
}

/** A resident's browser that has opened the chat page: it holds its chat's cookie. */
async function residentBrowser(harness: Harness = h): Promise<{ browser: BrowserClient; chat: string }> {
  const browser = new BrowserClient(harness.base);
  return { browser, chat: await browser.residentChat() };
}

async function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  browser: BrowserClient = new BrowserClient(h.base),
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await browser.post(path, body, headers);
  return { status: response.status, json: response.text === "" ? {} : (JSON.parse(response.text) as Record<string, unknown>) };
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

/** A cadre's browser, signed in with the workspace's one sign-in: it holds the session cookie. */
async function signIn(account = "wang", password = "right-horse-battery"): Promise<BrowserClient> {
  const browser = new BrowserClient(h.base);
  const { status, json } = await postJson("/dashboard/api/login", { account, password }, {}, browser);
  expect(status).toBe(200);
  // The page never sees the token: it is in an HttpOnly cookie.
  expect(json["token"]).toBeUndefined();
  expect(browser.cookies.get("mq_cadre")).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  return browser;
}

describe("web chat, resident side", () => {
  it("gives a browser its chat in an HttpOnly cookie, the same one on every visit, and a new one to another browser", async () => {
    const browser = new BrowserClient(h.base);
    const res = await browser.post("/chat/session");
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/^mq_resident=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const chat = res.json.chat as string;
    expect(chat).toMatch(/^r-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The chat id is a one-way hash of the cookie, not the cookie.
    expect(chat).not.toContain(browser.cookies.get("mq_resident"));

    const again = await browser.post("/chat/session");
    expect(again.json.chat).toBe(chat);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect((await new BrowserClient(h.base).residentChat()) === chat).toBe(false);
  });

  it("hands a resident's message to the core with the fields it needs, and a retry keeps its delivery id", async () => {
    const { browser, chat } = await residentBrowser();
    const body = { clientMessageId: "m-1", text: "小区门口路灯坏了三天" };
    const headers = { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8" };

    const first = await postJson("/chat/messages", body, headers, browser);
    expect(first.status).toBe(202);
    expect(h.received).toEqual([
      {
        kind: "message",
        channel: "web",
        // The core logs delivery ids, so the chat appears in it only as a hash.
        deliveryId: chatTag(chat) + ":m-1",
        messageId: first.json["messageId"],
        chat: { id: chat, kind: "private" },
        sender: { id: chat, languageCode: "zh-CN" },
        text: "小区门口路灯坏了三天",
      },
    ]);
    expect(h.received[0]?.deliveryId).not.toContain(chat);
    expect(first.json["messageId"]).toMatch(/^w[0-9a-z]+$/);

    // The browser did not see the 202 and sends again: the core must be able to drop it.
    const retry = await postJson("/chat/messages", body, headers, browser);
    expect(retry.status).toBe(202);
    expect(h.received).toHaveLength(2);
    expect(h.received[1]?.deliveryId).toBe(chatTag(chat) + ":m-1");
    expect(h.received[1]?.messageId).toBe(first.json["messageId"]);

    // The resident's history shows the message once, as theirs.
    const events = await browser.sse("/chat/events");
    const history = await replay(events);
    events.close();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: first.json["messageId"], from: { kind: "resident" }, text: "小区门口路灯坏了三天" });
  });

  it("posts into the cookie's chat whatever chat the body names", async () => {
    const { browser, chat } = await residentBrowser();
    const victim = someoneElsesChat();
    expect((await postJson("/chat/messages", { chat: victim, clientMessageId: "m", text: "hi" }, {}, browser)).status).toBe(202);
    expect(h.received[0]?.chat.id).toBe(chat);
  });

  it("streams what send() sends, buttons and all, and replays only what came after `after`", async () => {
    const { browser, chat } = await residentBrowser();
    const events = await browser.sse("/chat/events?after=0");
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

    const resumed = await browser.sse(`/chat/events?after=${live.data.seq}`);
    expect((await replay(resumed)).map((m) => m.text)).toEqual(["处理中"]);
    resumed.close();

    // EventSource reconnects with the original URL and a Last-Event-ID header; the header wins.
    const reconnected = await browser.sse("/chat/events?after=0", { "Last-Event-ID": String(live.data.seq) });
    expect((await replay(reconnected)).map((m) => m.text)).toEqual(["处理中"]);
    reconnected.close();
  });

  it("sends a button press as its data and shows its label in the history", async () => {
    const { browser, chat } = await residentBrowser();
    const card = await h.adapter.send({ chatId: chat, text: "请评价", buttons: [[{ label: "满意", data: "rate:5" }]] });

    const { status } = await postJson("/chat/messages", { clientMessageId: "b-1", button: "rate:5", replyTo: card.messageId }, {}, browser);
    expect(status).toBe(202);
    expect(h.received[0]).toMatchObject({ button: "rate:5", replyToMessageId: card.messageId });
    expect(h.received[0]?.text).toBeUndefined();

    const events = await browser.sse("/chat/events");
    const history = await replay(events);
    events.close();
    expect(history.map((m) => [m.from.kind, m.text])).toEqual([
      ["bot", "请评价"],
      ["resident", "满意"],
    ]);
  });

  it("answers 503 when the core cannot record the message, and accepts the same message later", async () => {
    const { browser, chat } = await residentBrowser();
    const body = { clientMessageId: "m-1", text: "积水很深" };
    h.failing.value = true;
    const refused = await postJson("/chat/messages", body, {}, browser);
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ retry: true });
    expect(typeof refused.json["error"]).toBe("string");
    expect(h.received).toEqual([]);
    // The warning names the chat only by its hash.
    const warning = h.adapterLog.lines("warn").join("\n");
    expect(warning).toContain(chatTag(chat));
    expect(warning).not.toContain(chat);

    h.failing.value = false;
    const accepted = await postJson("/chat/messages", body, {}, browser);
    expect(accepted.status).toBe(202);
    expect(h.received.map((m) => m.deliveryId)).toEqual([chatTag(chat) + ":m-1"]);

    const events = await browser.sse("/chat/events");
    expect((await replay(events)).map((m) => m.text)).toEqual(["积水很深"]);
    events.close();
  });

  it("answers 503 before the core has started the adapter", async () => {
    const idle = await startHarness({ start: false });
    try {
      const { browser } = await residentBrowser(idle);
      const response = await browser.post("/chat/messages", { clientMessageId: "m", text: "你好" });
      expect(response.status).toBe(503);
      expect(idle.adapter.state()).toBe("stopped");
    } finally {
      await stopHarness(idle);
    }
  });

  it("refuses the feed and posts of a browser without its chat cookie (401), whatever chat the URL or body names", async () => {
    const stranger = new BrowserClient(h.base);
    const feed = await stranger.sse(`/chat/events?chat=${someoneElsesChat()}`);
    expect(feed.status).toBe(401);
    expect(feed.body).toMatch(/open the chat page/);
    const forged = await stranger.sse("/chat/events", { cookie: "mq_resident=not-a-secret" });
    expect(forged.status).toBe(401);
    const post = await stranger.post("/chat/messages", { chat: someoneElsesChat(), clientMessageId: "m", text: "hi" });
    expect(post.status).toBe(401);
    expect(h.received).toEqual([]);
  });

  it("refuses a resident's post from another site's page, or with no Origin at all (403)", async () => {
    const { browser } = await residentBrowser();
    browser.origin = "https://evil.example";
    const foreign = await browser.post("/chat/messages", { clientMessageId: "m", text: "hi" });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toMatch(/Origin/);
    const bare = await fetch(h.base + "/chat/messages", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: browser.headers("GET")["cookie"]! },
      body: JSON.stringify({ clientMessageId: "m", text: "hi" }),
    });
    expect(bare.status).toBe(403);
    expect((await new BrowserClient(h.base, "https://evil.example").post("/chat/session")).status).toBe(403);
    expect(h.received).toEqual([]);
  });

  it.each([
    ["no clientMessageId", { text: "hi" }, /clientMessageId is required/],
    ["a clientMessageId with spaces", { clientMessageId: "a b", text: "hi" }, /clientMessageId/],
    ["text over 5000 characters", { clientMessageId: "m", text: "长".repeat(5001) }, /longer than 5000/],
    ["text that is a number", { clientMessageId: "m", text: 42 }, /text must be a string/],
    ["blank text", { clientMessageId: "m", text: "   " }, /write some text/],
    ["text and button together", { clientMessageId: "m", text: "x", button: "y" }, /one of text, button, photo or location/],
    ["a photo id of another shape", { clientMessageId: "m", photo: "../../etc/passwd" }, /photo must be/],
    ["a place off the globe", { clientMessageId: "m", location: { latitude: 91, longitude: 0 } }, /latitude/],
    ["a NUL character", { clientMessageId: "m", text: "a\u0000b" }, /NUL/],
    ["a bad replyTo", { clientMessageId: "m", text: "x", replyTo: "<script>" }, /replyTo/],
    ["a chat that is not a string", { chat: 7, clientMessageId: "m", text: "x" }, /chat must be/],
    ["an array body", [1, 2], /JSON object/],
  ])("refuses %s with 400 and says why", async (_what, body, message) => {
    const { browser } = await residentBrowser();
    const { status, json } = await postJson("/chat/messages", body, {}, browser);
    expect(status).toBe(400);
    expect(json["error"]).toMatch(message);
    expect(h.received).toEqual([]);
  });

  it("refuses broken JSON, half a surrogate pair, a huge body and a non-JSON body", async () => {
    const { browser } = await residentBrowser();
    const broken = await postJson("/chat/messages", '{"text": ', {}, browser);
    expect(broken).toEqual({ status: 400, json: { error: "the body is not valid JSON" } });

    const surrogate = await postJson("/chat/messages", `{"clientMessageId":"m","text":"\\ud800"}`, {}, browser);
    expect(surrogate.status).toBe(400);
    expect(surrogate.json["error"]).toMatch(/not valid Unicode/);

    const huge = await postJson("/chat/messages", { clientMessageId: "m", text: "x", padding: "p".repeat(70_000) }, {}, browser);
    expect(huge.status).toBe(413);
    expect(huge.json["error"]).toMatch(/64 KB/);

    const form = await postJson("/chat/messages", "text=x", { "Content-Type": "application/x-www-form-urlencoded" }, browser);
    expect(form.status).toBe(415);
    expect(h.received).toEqual([]);
  });

  it("accepts text of exactly 5000 characters", async () => {
    const { browser } = await residentBrowser();
    const { status } = await postJson("/chat/messages", { clientMessageId: "m", text: "长".repeat(5000) }, {}, browser);
    expect(status).toBe(202);
    expect(h.received[0]?.text).toHaveLength(5000);
  });

  it("refuses an event stream with a malformed `after`", async () => {
    const { browser } = await residentBrowser();
    const badAfter = await browser.sse("/chat/events?after=abc");
    expect(badAfter.status).toBe(400);
    expect(badAfter.body).toMatch(/after must be a whole number/);
  });

  it("keeps only the last historyLimit messages of a chat", async () => {
    const small = await startHarness({ historyLimit: 3 });
    try {
      const { browser, chat } = await residentBrowser(small);
      for (const text of ["1", "2", "3", "4", "5"]) await small.adapter.send({ chatId: chat, text });
      const events = await browser.sse("/chat/events");
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
  it("refuses a wrong password or unknown account with 401 and signs in with the right one, into an HttpOnly cookie", async () => {
    const wrong = await postJson("/dashboard/api/login", { account: "wang", password: "guess" });
    expect(wrong.status).toBe(401);
    expect(wrong.json["token"]).toBeUndefined();
    const unknown = await postJson("/dashboard/api/login", { account: "nobody", password: "right-horse-battery" });
    expect(unknown.status).toBe(401);

    const browser = new BrowserClient(h.base);
    const right = await browser.post("/dashboard/api/login", { account: "wang", password: "right-horse-battery" });
    expect(right.status).toBe(200);
    expect(right.json.token).toBeUndefined();
    expect(right.headers.getSetCookie().join("\n")).toMatch(/^mq_cadre=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);

    // The same sign-in opens the web chat: who they are there and which chats are theirs.
    const session = await browser.get("/cadre/session");
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({
      name: "王建国",
      account: "wang",
      chats: [{ id: "g-roads", title: "交通局" }],
      privateChatId: "c-wang",
    });
  });

  it("never logs the account name a failed sign-in typed", async () => {
    const typed = "wang-typed-his-password-here";
    expect((await postJson("/dashboard/api/login", { account: typed, password: "x" })).status).toBe(401);
    const lines = h.adapterLog.lines().join("\n");
    expect(lines).toContain("failed sign-in");
    expect(lines).not.toContain(typed);
    expect(lines).toMatch(/"account":"acct:[A-Za-z0-9_-]{10}"/);
  });

  it("refuses the feed and posting without a valid session (401), and never takes a token from the query string", async () => {
    const stranger = new BrowserClient(h.base);
    const noToken = await stranger.sse("/cadre/events?chat=g-roads");
    expect(noToken.status).toBe(401);
    const badCookie = await stranger.sse("/cadre/events?chat=g-roads", { cookie: "mq_cadre=not-a-token" });
    expect(badCookie.status).toBe(401);
    const post = await postJson("/cadre/messages", { chat: "g-roads", clientMessageId: "c", text: "/mine" });
    expect(post.status).toBe(401);
    expect(post.json["error"]).toMatch(/sign in/);

    // A real token, but in the URL, where proxies log it: refused for the feed and for a post.
    const api = await postJson("/dashboard/api/login", { account: "wang", password: "right-horse-battery", bearer: true });
    const token = api.json["token"] as string;
    expect((await SseClient.open(`${h.base}/cadre/events?chat=g-roads&token=${token}`)).status).toBe(401);
    expect((await postJson(`/cadre/messages?token=${token}`, { chat: "g-roads", clientMessageId: "c", text: "/mine" })).status).toBe(401);
    expect(h.received).toEqual([]);
  });

  it("lets an API client use a bearer token in the Authorization header, with no cookie and no Origin", async () => {
    const api = await fetch(h.base + "/dashboard/api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ account: "wang", password: "right-horse-battery", bearer: true }),
    });
    expect(api.status).toBe(200);
    expect(api.headers.getSetCookie()).toEqual([]);
    const { token } = (await api.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const post = await fetch(h.base + "/cadre/messages", {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ chat: "c-wang", clientMessageId: "c-api", text: "/mine" }),
    });
    expect(post.status).toBe(202);
    const feed = await SseClient.open(`${h.base}/cadre/events?chat=g-roads`, auth);
    expect(feed.status).toBe(200);
    feed.close();
  });

  it("refuses a cookie-carried post from another site's page or without an Origin (403), and a page sign-in from another site", async () => {
    const browser = await signIn("wang");
    browser.origin = "https://evil.example";
    const foreign = await browser.post("/cadre/messages", { chat: "g-roads", clientMessageId: "c", text: "/mine" });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toMatch(/Origin/);
    const bare = await fetch(h.base + "/cadre/messages", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: browser.headers("GET")["cookie"]! },
      body: JSON.stringify({ chat: "g-roads", clientMessageId: "c", text: "/mine" }),
    });
    expect(bare.status).toBe(403);
    expect((await browser.post("/dashboard/api/logout")).status).toBe(403);
    expect((await new BrowserClient(h.base, "https://evil.example").post("/dashboard/api/login", { account: "wang", password: "right-horse-battery" })).status).toBe(403);
    expect(h.received).toEqual([]);
    // The same browser, from the site's own page, goes on.
    browser.origin = h.base;
    expect((await browser.post("/cadre/messages", { chat: "g-roads", clientMessageId: "c", text: "/mine" })).status).toBe(202);
  });

  it("keeps a cadre out of chats that are not in their login (403)", async () => {
    const browser = await signIn("wang");

    const otherGroup = await browser.sse("/cadre/events?chat=g-water");
    expect(otherGroup.status).toBe(403);
    const mixed = await browser.sse("/cadre/events?chat=g-roads&chat=g-water");
    expect(mixed.status).toBe(403);
    const residentFeed = await browser.sse(`/cadre/events?chat=${someoneElsesChat()}`);
    expect(residentFeed.status).toBe(403);

    for (const chat of ["g-water", "c-li", someoneElsesChat()]) {
      const post = await browser.post("/cadre/messages", { chat, clientMessageId: "c", text: "/mine" });
      expect(post.status).toBe(403);
      expect(post.json.error).toMatch(/not one of your chats/);
    }
    expect((await browser.post("/cadre/messages", { clientMessageId: "c", text: "/mine" })).status).toBe(400);
    expect(h.received).toEqual([]);
  });

  it("sees the group's cards and replies to one with replyToMessageId", async () => {
    const browser = await signIn("wang");
    const feed = await browser.sse("/cadre/events?chat=g-roads&chat=c-wang");
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

    const reply = await browser.post("/cadre/messages", { chat: "g-roads", clientMessageId: "c-1", text: "已派人到场", replyTo: card.messageId }, { "Accept-Language": "zh-CN" });
    expect(reply.status).toBe(202);
    expect(h.received).toEqual([
      {
        kind: "message",
        channel: "web",
        deliveryId: "g-roads:wang:c-1",
        messageId: reply.json.messageId,
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
    const mine = await browser.post("/cadre/messages", { chat: "c-wang", clientMessageId: "c-2", text: "/mine" });
    expect(mine.status).toBe(202);
    expect(h.received[1]).toMatchObject({ chat: { id: "c-wang", kind: "private" }, sender: { id: "wang" }, text: "/mine" });
    feed.close();
  });

  it("ends the session and its open feed on logout, and clears the cookie", async () => {
    const browser = await signIn("wang");
    const cookie = browser.headers("GET")["cookie"]!;
    const feed = await browser.sse("/cadre/events?chat=g-roads");
    await replay(feed);

    const logout = await browser.post("/dashboard/api/logout");
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().join()).toMatch(/^mq_cadre=; .*Max-Age=0/);
    expect(browser.cookies.has("mq_cadre")).toBe(false);
    await feed.waitForEnd();

    // The old cookie, kept by someone, no longer works.
    const after = await browser.post("/cadre/messages", { chat: "g-roads", clientMessageId: "c", text: "x" }, { cookie });
    expect(after.status).toBe(401);
  });

  it("slows a guesser down after wrong passwords (429 with Retry-After) without locking the account for its owner", async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await postJson("/dashboard/api/login", { account: "li", password: `guess-${i}` })).status).toBe(401);
    }
    const slowed = await new BrowserClient(h.base).post("/dashboard/api/login", { account: "li", password: "another-secret" });
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(slowed.json.error).toMatch(/\/dashboard/);
    // (The owner at another address is tested in test/unit/cadre-auth.test.ts: here every request comes from 127.0.0.1.)
  });

  it("tells a signed-in cadre who has no web chat so (403), without signing them out of the rest of the workspace", async () => {
    const browser = await signIn("zhao", "dashboard-only");
    const chats = await browser.get("/cadre/session");
    expect(chats.status).toBe(403);
    expect(chats.json.error).toMatch(/no web chats/);
    expect((await browser.sse("/cadre/events?chat=c-zhao")).status).toBe(403);
    expect((await browser.post("/cadre/messages", { chat: "c-zhao", clientMessageId: "c", text: "/mine" })).status).toBe(403);
    expect((await browser.get("/dashboard/api/session")).status).toBe(200);
    expect(h.received).toEqual([]);
  });

  it("lets a session expire after 12 hours, however busy", async () => {
    let now = 1_000_000;
    const auth = memoryCadreAuth(PASSWORDS, { now: () => now });
    const chats = new CadreChats(auth, LOGINS);
    const signedIn = await auth.signIn("wang", "right-horse-battery", "198.51.100.1");
    if (!signedIn.ok) throw new Error("expected to sign in");
    const account = async () => {
      const session = await chats.of(signedIn.token);
      return typeof session === "string" ? session : session.account;
    };
    while (now + 60 * 60_000 < 1_000_000 + SESSION_TTL_MS) {
      now += 60 * 60_000;
      expect(await account()).toBe("wang");
    }
    now = 1_000_000 + SESSION_TTL_MS - 1;
    expect(await account()).toBe("wang");
    now += 1;
    expect(await account()).toBe("none");
    expect((await auth.signIn("wang", "wrong", "198.51.100.1")).ok).toBe(false);
  });
});

describe("web chat, adapter life and pages", () => {
  it("ends open event streams on stop()", async () => {
    const { browser } = await residentBrowser();
    const feed = await browser.sse("/chat/events");
    await replay(feed);
    await h.adapter.stop();
    await feed.waitForEnd();
    expect(h.adapter.state()).toBe("stopped");
  });

  it("serves no page of its own: / is the front's, /cadre sends cadres to the workspace, /assets is gone", async () => {
    // The resident page at / is built from front/resident and served by src/http/front-files.ts.
    expect((await fetch(h.base + "/")).status).toBe(404);

    // The cadres' page is the workspace's group chats.
    const cadre = await fetch(h.base + "/cadre", { redirect: "manual" });
    expect(cadre.status).toBe(302);
    expect(cadre.headers.get("location")).toBe("/workspace#/chats");

    for (const path of ["/assets/ui-texts.js", "/assets/resident.js", "/assets/..%2Fweb-adapter.ts", "/assets/../web-adapter.ts", "/nothing-here"]) {
      expect((await fetch(h.base + path)).status).toBe(404);
    }
  });
});
