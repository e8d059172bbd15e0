import { randomUUID } from "node:crypto";
import type { Clock } from "../../src/clock";
import type { Deployment } from "../../src/config/schema";
import { BrowserClient } from "../support/browser-client";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { webMessage } from "../support/messages";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";

const PUBLIC_URL = "http://minqing.test";

function handClock(start = "2026-11-23T02:00:00Z"): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

/** The demo county with small web limits, so a test reaches them in a few requests. */
function deployment(): Deployment {
  const d = testDeployment();
  d.limits.web = { ...d.limits.web, messagesPerMinutePerAddress: 6, newResidentsPerHourPerAddress: 1, urgentReserve: 1 };
  return d;
}

/**
 * Issue 12, "the flood limit becomes 20 × the number of instances; the login throttle resets per
 * instance": every limit is counted in the database. On PostgreSQL a second app on the same
 * database plays instance B; on the embedded database (one process) B is A after a restart,
 * which must not forget the counts either.
 */
describe.each(backends)("limits shared by the instances on the %s database", (backend) => {
  let database: TestDatabase;
  const clock = handClock();
  const running: TestApp[] = [];
  let a: TestApp;
  const start = async () => {
    const t = await startTestApp({ backend, database, clock, deployment: deployment(), trustedProxies: ["127.0.0.1"] });
    running.push(t);
    return t;
  };
  /** Instance B: another app on PostgreSQL; on the embedded database, A restarted. */
  const instanceB = async (): Promise<TestApp> => {
    if (backend === "postgres") return start();
    await a.stop();
    running.splice(running.indexOf(a), 1);
    a = await start();
    return a;
  };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
  }, 60_000);
  beforeEach(async () => {
    a = await start();
  }, 60_000);
  afterEach(async () => {
    for (const t of running.splice(0)) await t.stop();
  });
  afterAll(() => database?.drop());

  const replies = async (t: TestApp, chat: string) => {
    await t.settled();
    const texts = await t.outboxTexts(chat);
    return { answered: texts.filter((x) => x.includes("还没有提交过诉求")).length, slowDown: texts.filter((x) => x.includes("太快了")).length };
  };

  test("20 messages a minute from one resident through A and B together, not 20 each; a redelivered message counts once", async () => {
    const resident = `r-${randomUUID()}`;
    const first = webMessage({ chatId: resident, text: "/status" });
    await a.app.inbound.handle(first);
    for (let i = 0; i < 9; i++) await a.app.inbound.handle(webMessage({ chatId: resident, text: "/status" }));
    const b = await instanceB();
    // The platform delivers the first message again, to B: recorded once, counted once.
    for (let i = 0; i < 4; i++) await b.app.inbound.handle(first);
    for (let i = 0; i < 10; i++) await b.app.inbound.handle(webMessage({ chatId: resident, text: "/status" }));
    expect(await replies(b, resident)).toEqual({ answered: 20, slowDown: 0 });
    // The 21st, on either instance, is one too many: asked once to slow down, then ignored.
    for (let i = 0; i < 10; i++) await (i % 2 === 0 ? a : b).app.inbound.handle(webMessage({ chatId: resident, text: "/status" }));
    expect(await replies(b, resident)).toEqual({ answered: 20, slowDown: 1 });
    // A minute later the resident is heard again.
    clock.advance(60_001);
    await b.app.inbound.handle(webMessage({ chatId: resident, text: "/status" }));
    expect(await replies(b, resident)).toEqual({ answered: 21, slowDown: 1 });
  }, 60_000);

  test("wrong passwords on A slow down the next try on B; the owner, from their own address, signs in at once", async () => {
    const guesser = { "x-forwarded-for": "203.0.113.77" };
    const page = (t: TestApp) => new BrowserClient(t.baseUrl, PUBLIC_URL);
    for (let i = 0; i < 5; i++) expect((await page(a).post("/dashboard/api/login", { account: "li", password: `guess-${i}` }, guesser)).status).toBe(401);
    const b = await instanceB();
    const slowed = await page(b).post("/dashboard/api/login", { account: "li", password: "guess-5" }, guesser);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get("retry-after"))).toBe(1);
    expect((await page(b).post("/dashboard/api/login", { account: "li", password: "demo" }, guesser)).status).toBe(429);
    expect((await page(b).post("/dashboard/api/login", { account: "li", password: "demo" }, { "x-forwarded-for": "198.51.100.8" })).status).toBe(200);
    // Once the wait is over, the guesser's next try is checked (and wrong) again.
    clock.advance(1000);
    expect((await page(b).post("/dashboard/api/login", { account: "li", password: "guess-6" }, guesser)).status).toBe(401);
  }, 60_000);

  /** A resident's browser behind a load balancer: one cookie jar, requests to any instance. */
  function residentBrowser() {
    const jar = new Map<string, string>();
    return (t: TestApp) => new BrowserClient(t.baseUrl, PUBLIC_URL, jar);
  }
  const post = async (browser: BrowserClient, address: string, body: Record<string, unknown>) =>
    (await browser.post("/chat/messages", { clientMessageId: randomUUID(), ...body }, { "x-forwarded-for": address })).status;

  test("one address's messages a minute are counted on A and B together", async () => {
    const hall = "198.51.100.60";
    const resident = residentBrowser();
    await resident(a).residentChat();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await post(resident(a), hall, { text: `第${i}条` }));
    const b = await instanceB();
    for (let i = 4; i < 8; i++) statuses.push(await post(resident(b), hall, { text: `第${i}条` }));
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 429, 429]);
  }, 60_000);

  test("an urgent appeal that used the reserve on A is confirmed on B: the rest of the conversation may use it there too", async () => {
    const village = "198.51.100.61";
    const neighbour = residentBrowser();
    await neighbour(a).residentChat();
    // The address's one newcomer of the hour.
    expect(await post(neighbour(a), village, { text: "路灯坏了" })).toBe(202);
    const urgent = residentBrowser();
    await urgent(a).residentChat();
    expect(await post(urgent(a), village, { text: "东街社区3号楼燃气泄漏了，味道很大" })).toBe(202);
    const b = await instanceB();
    // B counts the newcomers A let in: one more who is not urgent is refused there too …
    const another = residentBrowser();
    await another(b).residentChat();
    expect(await post(another(b), village, { text: "路灯坏了" })).toBe(429);
    // … but the confirm tap, which says nothing urgent itself, is let in on B: B knows the resident and their urgency.
    expect(await post(urgent(b), village, { button: "confirm" })).toBe(202);
  }, 60_000);
});
