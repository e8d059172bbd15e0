import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { dirname } from "node:path";
import type { WebChatMessage } from "../../adapters/web/types";
import { BrowserClient } from "../support/browser-client";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { fuzzCase, Prng, type FuzzCase, type FuzzKnowledge } from "../support/http-fuzz-cases";
import { buildService, ServiceProcess, tempDir, writeDeploymentFile } from "../support/service-process";
import { testDeployment } from "../support/test-app";
import { waitFor } from "../support/wait";
import { FakeTelegramApi } from "../fakes/fake-telegram-api";

/**
 * No request may stop the service. The compiled service runs as a child process, as in
 * production (a crash must be a real exit, not something Jest catches), with every HTTP surface
 * on: the web chat, the cadres' page, the dashboard, the open API, /healthz, /metrics, the WeChat
 * login page and the Telegram webhook. First the request targets that used to kill it, sent raw;
 * then thousands of random requests, bounded in count and in time; then a resident files an
 * appeal through the web chat, to show it still serves the people it is for.
 *
 * It lives in test/faults/ with the other tests that run the real process and judge it by whether
 * it survives; it runs on one database (PostgreSQL when DATABASE_URL is set, else the embedded
 * one): what is fuzzed is the HTTP layer, which is the same on both, and twice would not fit the
 * time. Replay a failure with MINQING_FUZZ_SEED=<the seed in the message>.
 */
const MAX_CASES = 8000;
const MAX_MS = 30_000;
const CONNECTIONS = 6;
/** How long a complete request may wait for its answer before it counts as a hang. */
const ANSWER_MS = 10_000;
/** How long to wait on a request that promised more than it sent. */
const INCOMPLETE_MS = 500;
const SEED = Number(process.env.MINQING_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const ADMIN_TOKEN = "fuzz-admin-token-0123456789abcdef0123456789";
const WEBHOOK_SECRET = "fuzz-webhook-secret";
const API_KEYS = ["fuzz-hotline-key-0123456789abcdef0123456789", "fuzz-portal-key-0123456789abcdef01234567890"];
/** The resident's address, through the trusted proxy: none of the fuzzer's requests come from it. */
const RESIDENT_ADDRESS = "203.0.113.7";

const backend = backends.at(-1)!;

let build: { main: string; remove(): void };
let fake: FakeTelegramApi;
let db: TestDatabase;
let dir: { path: string; remove(): void };
let service: ServiceProcess;

beforeAll(async () => {
  [build, fake, db] = await Promise.all([buildService(), FakeTelegramApi.start(), createTestDatabase(backend)]);
  dir = tempDir("fuzz");
  const deployment = testDeployment();
  deployment.apiKeys = [
    { id: "hotline", name: "12345 热线", key: API_KEYS[0]!, scopes: ["read", "file"] },
    { id: "portal", name: "数据开放平台", key: API_KEYS[1]!, scopes: ["read"] },
  ];
  service = await ServiceProcess.start(build.main, {
    ...(db.settings.kind === "postgres" ? { DATABASE_URL: db.settings.url } : { MINQING_DATA_DIR: dirname(db.settings.dataDir) }),
    MINQING_CONFIG: writeDeploymentFile(dir.path, deployment),
    MINQING_ADMIN_TOKEN: ADMIN_TOKEN,
    MINQING_TRUSTED_PROXIES: "127.0.0.1,::1",
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_URL: fake.url,
    TELEGRAM_WEBHOOK_URL: "https://minqing.example.test/telegram/webhook",
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    WECHATY_PUPPET: "wechaty-puppet-mock",
    WECHATY_LOG: "silent",
  });
}, 90_000);
afterAll(async () => {
  await service?.stop();
  await fake?.close();
  await db?.drop();
  dir?.remove();
  build?.remove();
});

interface Answer {
  /** 0 when nothing came back. */
  status: number;
  head: string;
  /** Nothing came back before the wait was over (the server did not close either). */
  timedOut: boolean;
}

/** Writes the bytes on a new connection; the answer's status line and headers, or what happened. */
function send(port: number, bytes: Buffer, waitMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const head = finalHead(received.toString("latin1"));
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3}) /.exec(head)?.[1] ?? 0), head, timedOut });
    };
    const timer = setTimeout(() => finish(true), waitMs);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // The head is enough to judge (an event stream would go on for ever), past a 100 Continue.
      if (/^HTTP\/1\.[01] [2-5]/.test(finalHead(received.toString("latin1"))) && received.includes("\r\n\r\n")) finish(false);
    });
    socket.on("close", () => finish(false));
    socket.on("error", () => finish(false));
    socket.write(bytes, () => undefined);
  });
}

/** The answer's head after any interim (1xx) ones; what there is if it is not complete. */
function finalHead(text: string): string {
  let rest = text;
  while (/^HTTP\/1\.[01] 1\d\d /.test(rest) && rest.includes("\r\n\r\n")) rest = rest.slice(rest.indexOf("\r\n\r\n") + 4);
  const end = rest.indexOf("\r\n\r\n");
  return end >= 0 ? rest.slice(0, end) : rest;
}

const raw = (target: string) => Buffer.from(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, "latin1");

describe(`HTTP requests cannot stop the service (${backend} database)`, () => {
  test.each(["//[", "http://x:99999/", "//a:b:c/"])("the request target %j gets a 400 and the service lives on", async (target) => {
    const answer = await send(service.port, raw(target), ANSWER_MS);
    expect(answer.status).toBe(400);
    expect(answer.head).toContain("application/json");
    expect((await send(service.port, raw("/healthz"), ANSWER_MS)).status).toBe(200);
    expect(service.alive).toBe(true);
  });

  test("thousands of random requests over every surface: the service stays up, answers, and a resident still files an appeal", async () => {
    // Every surface is on: the WeChat login page and the Telegram webhook too.
    expect(service.lines.find((line) => line.message === "Minqing is running")?.["channels"]).toEqual(["web", "telegram", "wechat"]);
    expect((await send(service.port, raw("/wechat/qr"), ANSWER_MS)).status).not.toBe(404);
    const knowledge = await learn();
    const prng = new Prng(SEED);
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    /** Answers to the resident's cookie routes (POST /chat/session and /chat/messages). */
    const cookieRoutes = new Set<number>();
    let cases = 0;
    const startedAt = Date.now();
    const next = (): FuzzCase | undefined => (cases < MAX_CASES && Date.now() - startedAt < MAX_MS && service.alive ? (cases++, fuzzCase(prng, knowledge)) : undefined);

    const worker = async () => {
      for (let c = next(); c !== undefined; c = next()) {
        const answer = await send(service.port, c.bytes, c.owedAnswer ? ANSWER_MS : INCOMPLETE_MS);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (c.surface.startsWith("POST /chat/")) cookieRoutes.add(answer.status);
        if (answer.status === 500) problems.push(`500 for ${c.summary}`);
        else if (c.owedAnswer && answer.timedOut) problems.push(`no answer within ${ANSWER_MS} ms to ${c.summary}`);
        else if (answer.head !== "" && answer.status === 0) problems.push(`not an HTTP answer (${JSON.stringify(answer.head.slice(0, 100))}) to ${c.summary}`);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const ms = Date.now() - startedAt;
    const report = () =>
      `seed ${SEED} (replay with MINQING_FUZZ_SEED=${SEED}): ${cases} cases in ${ms} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n` +
      `${problems.slice(0, 10).join("\n")}\n${service.describe()}`;
    console.log(`http fuzz: ${report().split("\n")[0]}`);

    if (!service.alive) throw new Error(`the service died: ${report()}`);
    if (problems.length > 0) throw new Error(`${problems.length} problems: ${report()}`);
    const failed = service.logged("error").filter((line) => /HTTP|unhandled|uncaught/i.test(String(line.message)));
    if (failed.length > 0) throw new Error(`handlers failed: ${JSON.stringify(failed.slice(0, 5))}\n${report()}`);
    expect(cases).toBeGreaterThanOrEqual(Math.min(MAX_CASES, 300));
    // The cookie routes were reached past their checks (200, 202), and refused for a foreign Origin (403) or no cookie (401).
    if (cases >= 2000) expect([...cookieRoutes].filter((status) => [200, 202, 401, 403].includes(status)).sort()).toEqual([200, 202, 401, 403]);

    // And the people it is for are still served.
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
    const number = await fileAppealThroughTheWebChat(service.baseUrl);
    expect(number).toMatch(/^MQ-\d{8}-\d{4}$/);
    expect(service.alive).toBe(true);
  }, 120_000);
});

/** What the fuzzer may sometimes get right: a cadre's session, the keys, a real case number. */
async function learn(): Promise<FuzzKnowledge> {
  const login = await fetch(`${service.baseUrl}/dashboard/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    // An API client, as sign-in asks of anything but this site's own page.
    body: JSON.stringify({ account: "zhao", password: "demo", bearer: true }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const filed = await fetch(`${service.baseUrl}/open311/v2/requests.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": API_KEYS[0]! },
    body: JSON.stringify({ service_code: "city", description: "东街路灯不亮" }),
  });
  expect(filed.status).toBe(201);
  const [{ service_request_id: number }] = (await filed.json()) as [{ service_request_id: string }];
  const browser = new BrowserClient(service.baseUrl);
  await browser.residentChat();
  const [residentCookie] = [...browser.cookies].map(([name, value]) => `${name}=${value}`);
  return {
    adminToken: ADMIN_TOKEN,
    cadreToken: token,
    apiKeys: API_KEYS,
    webhookPath: "/telegram/webhook",
    webhookSecret: WEBHOOK_SECRET,
    caseNumbers: [number],
    residentCookie: residentCookie!,
  };
}

/**
 * A resident's page, as a browser would: its identity cookie from POST /chat/session, the chat's
 * event stream, a message, 确认, and the receipt with its number; from an address the fuzzer never uses.
 */
async function fileAppealThroughTheWebChat(baseUrl: string): Promise<string> {
  const from = { "x-forwarded-for": RESIDENT_ADDRESS };
  const browser = new BrowserClient(baseUrl);
  expect((await browser.post("/chat/session", {}, from)).status).toBe(200);
  const events = await browser.sse("/chat/events", from);
  expect(events.status).toBe(200);
  try {
    const say = async (fields: { text?: string; button?: string }) => {
      const res = await browser.post("/chat/messages", { clientMessageId: randomUUID(), ...fields }, from);
      expect(res.status).toBe(202);
    };
    const hear = async (words: string) =>
      (await events.nextMessage<WebChatMessage>((m) => m.from.kind === "bot" && m.text.includes(words), 20_000)).data.text;
    await say({ text: "西街社区菜市场门口的井盖丢了，晚上很危险" });
    await hear("请核对");
    await say({ button: "confirm" });
    const receipt = await hear("诉求已登记");
    return await waitFor(() => /MQ-\d{8}-\d{4}/.exec(receipt)?.[0], { what: `a case number in the receipt: ${receipt}` });
  } finally {
    events.close();
  }
}
