import { randomBytes, randomUUID } from "node:crypto";
import type { InboundEvent, InboundMessage } from "../../src/channels/port";
import type { Clock } from "../../src/clock";
import { TrustedProxies } from "../../src/http/client-address";
import { HttpServer } from "../../src/http/http-server";
import { silentLogger } from "../../src/log";
import { DEFAULT_RESIDENT_LIMITS, type ResidentLimits } from "../../src/http/resident-chat/resident-guard";
import { RESIDENT_COOKIE } from "../../src/http/resident-chat/resident-identity";
import type { WebAdapter } from "../../adapters/web/web-adapter";
import { startWebChatServer } from "../support/web-chat-server";
import { BrowserClient } from "../support/browser-client";
import { captureLogger } from "../support/capture-logger";
import { memoryCadreAuth } from "../support/memory-auth";
import { backends } from "../support/databases";
import type { SseClient } from "../support/sse-client";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";
import { openChatStoreDatabase, type ChatStoreDatabase } from "../support/web-chat-store";

/** A clock the tests move by hand: an hour passes without anyone waiting for it. */
function handClock(start = "2026-11-23T02:00:00Z"): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

interface Answer {
  status: number;
  retryAfter: string | null;
  json: Record<string, unknown>;
}

/** What the resident page posts, from this browser's cookie; `headers` e.g. play another address. */
async function postMessage(browser: BrowserClient, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await browser.post("/chat/messages", { clientMessageId: randomUUID(), ...body }, headers);
  return { status: res.status, retryAfter: res.headers.get("retry-after"), json: (res.json ?? {}) as Record<string, unknown> };
}

/**
 * A browser the service has never seen, as a flood would use one (a new cookie jar per resident):
 * it asks for its identity as the page does, which is never refused (a new resident is counted at
 * its first message: src/http/resident-chat/resident-guard.ts says why).
 */
async function freshBrowser(base: string): Promise<BrowserClient> {
  const browser = new BrowserClient(base);
  await browser.residentChat();
  return browser;
}

/**
 * Issue 10, "Floods from fresh identities": on the web chat anyone can get a new resident identity
 * for every message, and 150 of them filed 150 cases in 17 s, each with a card in the group.
 */
describe.each(backends)("floods of fresh web identities on the %s database", (backend) => {
  let t: TestApp;
  const clock = handClock();
  beforeAll(async () => {
    t = await startTestApp({ backend, clock });
  }, 60_000);
  afterAll(() => t?.stop());

  const count = async (sql: string): Promise<number> => Number(((await t.app.database.dataSource.query(sql)) as { n: string }[])[0]?.n);
  const cases = () => count(`SELECT count(*) AS n FROM cases`);
  /** Case cards the bot posted in the departments' web groups. */
  const cards = () => count(`SELECT count(*) AS n FROM outbox WHERE chat_id LIKE 'g-%' AND payload->>'text' LIKE '%新诉求%'`);
  const alarmCards = () => count(`SELECT count(*) AS n FROM outbox WHERE chat_id LIKE 'g-%' AND payload->>'text' LIKE '%【紧急】新诉求%' AND (payload->>'alarm')::boolean`);

  /** A fresh browser describes a problem and confirms it, as the page would; returns both answers. */
  async function fileFromFreshId(text: string, headers: Record<string, string> = {}): Promise<[Answer, Answer]> {
    const browser = await freshBrowser(t.baseUrl);
    const described = await postMessage(browser, { text }, headers);
    const confirmed = await postMessage(browser, { button: "confirm" }, headers);
    return [described, confirmed];
  }

  test("150 fresh browsers from one address file only the allowed number of cases; the rest get a polite 429", async () => {
    // The shipped configuration's values, which the adapter's own defaults repeat.
    expect(testDeployment().limits.web).toEqual(DEFAULT_RESIDENT_LIMITS);
    const allowed = DEFAULT_RESIDENT_LIMITS.newResidentsPerHourPerAddress;
    const answers: [Answer, Answer][] = [];
    for (let i = 0; i < 150; i++) answers.push(await fileFromFreshId(`东街社区${i}号楼前的路灯坏了好几天`));
    await t.settled();

    expect(answers.filter(([d, c]) => d?.status === 202 && c?.status === 202)).toHaveLength(allowed);
    const refused = answers.filter(([d]) => d?.status === 429);
    expect(refused).toHaveLength(150 - allowed);
    expect(await cases()).toBe(allowed);
    expect(await cards()).toBe(allowed);

    // Polite: says when, in the resident's language, and a client can tell why.
    const [first] = refused[0]! as [Answer, Answer];
    expect(Number(first.retryAfter)).toBeGreaterThan(3000);
    expect(first.json).toMatchObject({ code: "rate_limited", reason: "new_residents", retryAfterSeconds: Number(first.retryAfter) });
    expect(first.json["error"]).toContain("分钟后再发送");
    const english = await postMessage(await freshBrowser(t.baseUrl), { text: "the street light is broken" }, { "Accept-Language": "en-GB,en;q=0.9" });
    expect(english.status).toBe(429);
    expect(english.json["error"]).toMatch(/send it again in \d+ minutes/);
    // A flood that skips POST /chat/session and mints its own cookie is a newcomer all the same.
    const minted = new BrowserClient(t.baseUrl);
    minted.cookies.set(RESIDENT_COOKIE, randomBytes(32).toString("base64url"));
    expect((await postMessage(minted, { text: "东街社区路灯坏了" })).status).toBe(429);
    expect(await cases()).toBe(allowed);
  }, 120_000);

  test("a real emergency from a fresh id still gets through at the limit, but 'urgent' words cannot lift the cap", async () => {
    const before = { cases: await cases(), cards: await cards() };
    // Getting an identity is never what refuses, even at the limit: the page can always start.
    expect((await new BrowserClient(t.baseUrl).post("/chat/session")).status).toBe(200);
    // The address has used its hour's new residents above; an urgent appeal may use the small reserve.
    const [described, confirmed] = await fileFromFreshId("东街社区3号楼燃气泄漏了，味道很大");
    expect([described.status, confirmed.status]).toEqual([202, 202]);
    await t.settled();
    expect(await cases()).toBe(before.cases + 1);
    expect(await alarmCards()).toBe(1);

    // A flood that writes "燃气泄漏" gets the rest of the reserve, and nothing more.
    const answers: [Answer, Answer][] = [];
    for (let i = 0; i < 150; i++) answers.push(await fileFromFreshId(`东街社区${i}号楼燃气泄漏了`));
    await t.settled();
    const through = answers.filter(([d, c]) => d?.status === 202 && c?.status === 202).length;
    expect(through).toBe(DEFAULT_RESIDENT_LIMITS.urgentReserve - 1);
    expect(answers.filter(([d]) => d?.status === 429)).toHaveLength(150 - through);
    expect(await cases()).toBe(before.cases + DEFAULT_RESIDENT_LIMITS.urgentReserve);
    expect(await cards()).toBe(before.cards + DEFAULT_RESIDENT_LIMITS.urgentReserve);
  }, 120_000);

  test("an hour later the address may bring new residents again, and an urgent appeal under the limit goes through at once", async () => {
    const before = await cases();
    clock.advance(60 * 60_000 + 1);
    const [described, confirmed] = await fileFromFreshId("西街社区有人受伤了，电线掉在地上");
    expect([described.status, confirmed.status]).toEqual([202, 202]);
    await t.settled();
    expect(await cases()).toBe(before + 1);
    const [latest] = (await t.app.database.dataSource.query(`SELECT urgent FROM cases ORDER BY id DESC LIMIT 1`)) as { urgent: boolean }[];
    expect(latest?.urgent).toBe(true);
  }, 60_000);
});

/** The adapter alone behind a trusted proxy, so each request can come from an address of its own. */
describe("web chat limits per address and overall", () => {
  let base: string;
  let server: HttpServer;
  let adapter: WebAdapter;
  let clock: ReturnType<typeof handClock>;
  let received: InboundMessage[];
  let log: ReturnType<typeof captureLogger>;
  let chatStores: ChatStoreDatabase;
  beforeAll(async () => void (chatStores = await openChatStoreDatabase()));
  afterAll(() => chatStores.close());

  async function start(limits: Partial<ResidentLimits> = {}): Promise<void> {
    clock = handClock();
    received = [];
    log = captureLogger();
    server = new HttpServer(silentLogger(), new TrustedProxies(["127.0.0.1"]));
    adapter = startWebChatServer({
      http: server,
      logins: [],
      auth: memoryCadreAuth([]),
      logger: log.logger,
      resident: { limits: { ...DEFAULT_RESIDENT_LIMITS, ...limits }, looksUrgent: (text) => text.includes("着火"), clock },
      store: chatStores.store(),
    });
    await adapter.start((event: InboundEvent) => {
      if (event.kind === "message") received.push(event);
      return Promise.resolve();
    });
    base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
  }

  afterEach(async () => {
    await adapter.stop();
    await server.close();
  });

  const from = (address: string) => ({ "X-Forwarded-For": address });

  test("fresh browsers from many addresses hit the overall rate of new residents; a minute later it has room again", async () => {
    await start();
    const perMinute = DEFAULT_RESIDENT_LIMITS.newResidentsPerMinute;
    const answers: Answer[] = [];
    const browsers: BrowserClient[] = [];
    for (let i = 0; i < 100; i++) {
      const browser = await freshBrowser(base);
      browsers.push(browser);
      answers.push(await postMessage(browser, { text: "路灯坏了" }, from(`198.51.100.${i + 1}`)));
    }
    expect(answers.filter((a) => a.status === 202)).toHaveLength(perMinute);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(100 - perMinute);
    expect(refused[0]?.json["reason"]).toBe("new_residents_overall");
    expect(Number(refused[0]?.retryAfter)).toBeLessThanOrEqual(60);
    expect(received).toHaveLength(perMinute);

    // Someone already known is not a new resident: they carry on while newcomers wait.
    const known = answers.findIndex((a) => a.status === 202);
    expect((await postMessage(browsers[known]!, { text: "还有一件事" }, from("198.51.100.1"))).status).toBe(202);
    // A browser that was refused is still a newcomer: its cookie alone does not make it known.
    const refusedOne = answers.findIndex((a) => a.status === 429);
    expect((await postMessage(browsers[refusedOne]!, { text: "再试一次" }, from("198.51.100.99"))).status).toBe(429);

    // An emergency from a newcomer uses the reserve; the reserve is small and then full too.
    const urgent: number[] = [];
    for (let i = 0; i < DEFAULT_RESIDENT_LIMITS.urgentReserve + 3; i++) {
      urgent.push((await postMessage(await freshBrowser(base), { text: "楼道着火了" }, from(`203.0.113.${i + 1}`))).status);
    }
    expect(urgent.filter((s) => s === 202)).toHaveLength(DEFAULT_RESIDENT_LIMITS.urgentReserve);
    expect(urgent.slice(DEFAULT_RESIDENT_LIMITS.urgentReserve)).toEqual([429, 429, 429]);

    clock.advance(60_001);
    expect((await postMessage(await freshBrowser(base), { text: "路灯坏了" }, from("192.0.2.7"))).status).toBe(202);
    // The operators hear of it once, not once per refused request.
    expect(log.lines("warn").filter((l) => l.includes("new_residents_overall"))).toHaveLength(1);
  });

  test("one address may send so many messages a minute, its residents together; another address is not affected", async () => {
    await start({ messagesPerMinutePerAddress: 10 });
    const hall = from("198.51.100.20");
    const residents = [await freshBrowser(base), await freshBrowser(base)];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await postMessage(residents[i % 2]!, { text: `第${i}条` }, hall)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(202), 429, 429]);
    const refused = await postMessage(residents[0]!, { text: "再来一条" }, hall);
    expect(refused.json["reason"]).toBe("messages");
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);

    expect((await postMessage(await freshBrowser(base), { text: "别处的人" }, from("192.0.2.1"))).status).toBe(202);
    clock.advance(60_001);
    expect((await postMessage(residents[0]!, { text: "一分钟后" }, hall)).status).toBe(202);
  });

  test("the addresses of one IPv6 /64 count as one", async () => {
    await start({ newResidentsPerHourPerAddress: 2, urgentReserve: 0 });
    const statuses: number[] = [];
    for (const host of ["1", "2", "abcd:1", "ffff:ffff:ffff"]) {
      statuses.push((await postMessage(await freshBrowser(base), { text: "路灯坏了" }, from(`2001:db8:aa:bb::${host}`))).status);
    }
    expect(statuses).toEqual([202, 202, 429, 429]);
    expect((await postMessage(await freshBrowser(base), { text: "路灯坏了" }, from("2001:db8:aa:bc::1"))).status).toBe(202);
  });

  test("a request refused by one limit does not use up another", async () => {
    await start({ newResidentsPerHourPerAddress: 1, messagesPerMinutePerAddress: 3, urgentReserve: 0 });
    const hall = from("198.51.100.30");
    const resident = await freshBrowser(base);
    expect((await postMessage(resident, { text: "第一条" }, hall)).status).toBe(202);
    // Newcomers behind the same address are refused, and their refusals cost the known resident nothing.
    for (let i = 0; i < 5; i++) expect((await postMessage(await freshBrowser(base), { text: "新来的" }, hall)).status).toBe(429);
    expect((await postMessage(resident, { text: "第二条" }, hall)).status).toBe(202);
    expect((await postMessage(resident, { text: "第三条" }, hall)).status).toBe(202);
  });

  test("live-update streams are capped per address (429) and in total (503), and a closed stream frees its slot", async () => {
    await start({ streamsPerAddress: 2, streamsTotal: 3 });
    const events = async (address: string): Promise<SseClient> => (await freshBrowser(base)).sse("/chat/events", from(address));
    const a1 = await events("198.51.100.1");
    const a2 = await events("198.51.100.1");
    expect([a1.status, a2.status]).toEqual([200, 200]);
    await a1.next((e) => e.event === "ready");

    const a3 = await events("198.51.100.1");
    expect(a3.status).toBe(429);
    expect(JSON.parse(a3.body)).toMatchObject({ code: "rate_limited", reason: "streams" });

    const b1 = await events("198.51.100.2");
    expect(b1.status).toBe(200);
    const b2 = await events("198.51.100.2");
    expect(b2.status).toBe(503);
    expect(JSON.parse(b2.body)).toMatchObject({ reason: "streams_total" });

    // The browser goes away: its slot is free again, for its own address and in the total.
    a1.close();
    const reopened = await eventually(() => events("198.51.100.1"), (c) => c.status === 200);
    expect(reopened.status).toBe(200);
    expect((await events("198.51.100.3")).status).toBe(503);

    // With every stream closed, every slot is free.
    for (const c of [a2, b1, reopened]) c.close();
    const later = await eventually(() => events("198.51.100.3"), (c) => c.status === 200);
    const more = [await events("198.51.100.4"), await events("198.51.100.5")];
    expect(more.map((c) => c.status)).toEqual([200, 200]);
    for (const c of [later, ...more]) c.close();
  });
});

/** Retries `attempt` until its result satisfies `done` (the server notices a closed connection a moment later). */
async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
