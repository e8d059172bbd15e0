import { createHash } from "node:crypto";
import { SESSION_IDLE_MS, SESSION_TTL_MS } from "../../src/auth/cadre-auth";
import type { Clock } from "../../src/clock";
import { BrowserClient } from "../support/browser-client";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { webMessage } from "../support/messages";
import { startTestApp, type TestApp } from "../support/test-app";

/** Where the cadres' browsers reach the service (the test apps' MINQING_PUBLIC_URL): a load balancer in front of the instances. */
const PUBLIC_URL = "http://minqing.test";
const HOUR = 60 * 60_000;

function handClock(start = "2026-11-23T02:00:00Z"): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

/**
 * Issue 12, "a cadre signed in on A is unknown on B; signing out on A leaves the session live on
 * B; a restart signs every cadre out": sessions are in the database now. Two instances on one
 * database are two apps in this process (on PostgreSQL; the embedded database serves one process,
 * where the restart and the expiries are tested).
 */
describe.each(backends)("cadre sessions across instances and restarts on the %s database", (backend) => {
  let database: TestDatabase;
  let clock: ReturnType<typeof handClock>;
  let a: TestApp;
  let b: TestApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
  }, 60_000);
  beforeEach(async () => {
    clock = handClock();
    a = await startTestApp({ backend, database, clock });
    if (backend === "postgres") b = await startTestApp({ backend, database, clock });
  }, 60_000);
  afterEach(async () => {
    await b?.stop();
    await a?.stop();
    b = undefined;
  });
  afterAll(() => database?.drop());

  /** One browser (one cookie jar) whose requests may land on any instance. */
  function browser() {
    const jar = new Map<string, string>();
    return (t: TestApp) => new BrowserClient(t.baseUrl, PUBLIC_URL, jar);
  }
  async function signIn(on: TestApp, account = "wang"): Promise<ReturnType<typeof browser>> {
    const page = browser();
    const res = await page(on).post("/dashboard/api/login", { account, password: "demo" });
    expect(res.status).toBe(200);
    return page;
  }
  const sessionRows = async (): Promise<{ token_hash: string }[]> => a.app.database.dataSource.query(`SELECT token_hash FROM cadre_sessions`);
  const hashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("base64url");
  /** Whether the browser's session still has its row. */
  const stored = async (page: ReturnType<typeof browser>) => (await sessionRows()).some((r) => r.token_hash === hashOf(page(a).cookies.get("mq_cadre") ?? ""));

  if (backend === "postgres") {
    test("signed in on A, the cadre is signed in on B: the cadre page and the dashboard", async () => {
      const page = await signIn(a);
      const cadre = await page(b!).get("/cadre/session");
      expect(cadre.status).toBe(200);
      expect(cadre.json.name).toBe("王建国");
      const dashboard = await page(b!).get("/dashboard/api/session");
      expect(dashboard.status).toBe(200);
      expect(dashboard.json.cadre.id).toBe("wang");
      // B may post as the cadre too.
      const posted = await page(b!).post("/cadre/messages", { chat: "g-chengguan", clientMessageId: "m1", text: "收到" });
      expect(posted.status).toBe(202);
    });

    test("signed out on A, the session is refused on B and B's open event stream ends", async () => {
      const page = await signIn(a);
      const feed = await page(b!).sse("/cadre/events?chat=g-chengguan");
      expect(feed.status).toBe(200);
      await feed.next((e) => e.event === "ready");
      const cookie = page(b!).headers("GET")["cookie"]!;

      expect((await page(a).post("/dashboard/api/logout")).status).toBe(204);
      await feed.waitForEnd();
      // The cookie, kept by someone, opens nothing on B either.
      const stale = new BrowserClient(b!.baseUrl, PUBLIC_URL);
      expect((await stale.get("/cadre/session", { cookie })).status).toBe(401);
      expect((await stale.get("/dashboard/api/session", { cookie })).status).toBe(401);
      expect((await stale.sse("/cadre/events?chat=g-chengguan", { cookie })).status).toBe(401);
    });

    test("signing out of the dashboard on A ends the cadre page's stream on B: one sign-in serves both", async () => {
      const page = await signIn(a, "li");
      const feed = await page(b!).sse("/cadre/events?chat=g-zhujian");
      await feed.next((e) => e.event === "ready");
      expect((await page(a).post("/dashboard/api/logout")).status).toBe(204);
      await feed.waitForEnd();
    });

    test("a one-time link the bot sent through A signs the cadre in on B, once", async () => {
      await a.app.inbound.handle(webMessage({ chatId: "c-zhou", senderId: "zhou", text: "/dashboard" }));
      await a.settled();
      const token = /#login=([A-Za-z0-9_-]+)/.exec((await a.outboxTexts("c-zhou")).at(-1) ?? "")?.[1];
      expect(token).toBeDefined();
      const page = browser();
      expect((await page(b!).post("/dashboard/api/login-link", { token })).status).toBe(200);
      expect((await page(a).get("/dashboard/api/session")).json.cadre.id).toBe("zhou");
      expect((await browser()(a).post("/dashboard/api/login-link", { token })).status).toBe(401);
    });
  }

  test("a restart keeps the session; the table holds the token's hash, never the token", async () => {
    const page = await signIn(a);
    const token = page(a).cookies.get("mq_cadre")!;
    await b?.stop();
    await a.stop();
    b = undefined;
    a = await startTestApp({ backend, database, clock });
    expect((await page(a).get("/cadre/session")).status).toBe(200);
    expect((await page(a).get("/dashboard/api/session")).status).toBe(200);
    const rows = await sessionRows();
    expect(rows.map((r) => r.token_hash)).toContain(hashOf(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    await page(a).post("/dashboard/api/logout");
  }, 60_000);

  test("a session left unused for 2 hours ends on every instance, and its row goes", async () => {
    const page = await signIn(a);
    const other = b ?? a;
    clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await page(other).get("/cadre/session")).status).toBe(200);
    // That use moved the idle end: two more hours from now.
    clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await page(a).get("/dashboard/api/session")).status).toBe(200);
    clock.advance(SESSION_IDLE_MS);
    expect(await stored(page)).toBe(true);
    expect((await page(other).get("/cadre/session")).status).toBe(401);
    expect(await stored(page)).toBe(false);
    expect((await page(a).get("/dashboard/api/session")).status).toBe(401);
  });

  test("a session in use ends 12 hours after the sign-in all the same", async () => {
    const page = await signIn(a);
    const instances = b ? [a, b] : [a];
    for (let hour = 1; hour < 12; hour++) {
      clock.advance(HOUR);
      expect((await page(instances[hour % instances.length]!).get("/cadre/session")).status).toBe(200);
    }
    clock.advance(HOUR - 1);
    expect((await page(a).get("/dashboard/api/session")).status).toBe(200);
    clock.advance(1);
    expect(clock.now().getTime() - new Date("2026-11-23T02:00:00Z").getTime()).toBe(SESSION_TTL_MS);
    for (const t of instances) expect((await page(t).get("/cadre/session")).status).toBe(401);
    expect(await stored(page)).toBe(false);
  });
});
