import { Client } from "pg";
import { startApp, type App } from "../../src/app";
import { captureLogger } from "../support/capture-logger";
import { inspectDatabase } from "../support/inspect-database";
import { buildService, ServiceProcess, tempDir, writeDeploymentFile } from "../support/service-process";
import { CASE_NUMBER, deliveryIdOf, RECEIPT, repeated, TelegramResidents, textsTo } from "../support/telegram-residents";
import { testDeployment, tg } from "../support/test-app";
import { ThrowawayPostgres } from "../support/throwaway-postgres";
import { sleep, waitFor } from "../support/wait";
import { FakeTelegramApi } from "../fakes/fake-telegram-api";

/**
 * Fault: PostgreSQL restarts while the service runs and residents keep writing. Two services
 * run as child processes on a PostgreSQL cluster of this test's own (the shared server is never
 * restarted): one long polling, one receiving updates by webhook. The cluster stops for a few
 * seconds, with a message half sent, and starts again. Neither process dies; both reconnect by
 * themselves (and the reminder sweep of a third, in this process, fails and lives on); every update is recorded once (polling leaves what it could not record
 * unconfirmed, the webhook answers 500 until it can persist), every message is sent once.
 */
const postgres = ThrowawayPostgres.locate();
const describeWithPostgres = "bin" in postgres ? describe : describe.skip;
if (!("bin" in postgres)) console.warn(`database-restart fault test skipped: ${postgres.missing}`);

const BURST = 14;
const SECRET = "fault-test-webhook-secret";

describeWithPostgres("PostgreSQL restarts while the service runs", () => {
  let build: { main: string; remove(): void };
  let cluster: ThrowawayPostgres;
  let dir: { path: string; remove(): void };
  const fakes: FakeTelegramApi[] = [];
  const services: ServiceProcess[] = [];
  const residents: TelegramResidents[] = [];
  let polling: { service: ServiceProcess; fake: FakeTelegramApi } | undefined;
  let inProcess: App | undefined;

  beforeAll(async () => {
    if (!("bin" in postgres)) return;
    [build, cluster] = await Promise.all([buildService(), ThrowawayPostgres.create(postgres.bin)]);
    dir = tempDir("pg-restart");
  }, 120_000);
  afterAll(async () => {
    for (const r of residents) r.stop();
    await inProcess?.stop();
    for (const service of services) await service.stop();
    for (const fake of fakes) await fake.close();
    await cluster?.destroy();
    dir?.remove();
    build?.remove();
  }, 60_000);

  async function createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return cluster.url(name);
  }

  async function startService(database: string, webhook: boolean): Promise<{ service: ServiceProcess; fake: FakeTelegramApi }> {
    const url = await createDatabase(database);
    const fake = await FakeTelegramApi.start();
    fakes.push(fake);
    const service = await ServiceProcess.start(build.main, {
      DATABASE_URL: url,
      MINQING_CONFIG: writeDeploymentFile(dir.path, testDeployment()),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_URL: fake.url,
      MINQING_OUTBOX_LEASE_SECONDS: "5",
      ...(webhook ? { TELEGRAM_WEBHOOK_URL: "https://minqing.example.test/telegram/webhook", TELEGRAM_WEBHOOK_SECRET: SECRET } : {}),
    });
    services.push(service);
    if (webhook) {
      await waitFor(() => fake.webhook, { what: "the webhook to be registered" });
      fake.pushToWebhook(service.baseUrl, { retryMs: 200 });
    }
    return { service, fake };
  }

  test("both services reconnect by themselves; nothing received meanwhile is lost; nothing is sent twice", async () => {
    polling = await startService("minqing_polling", false);
    const webhook = await startService("minqing_webhook", true);
    const channels = [
      { name: "polling", ...polling, residents: new TelegramResidents(polling.fake, 8300) },
      { name: "webhook", ...webhook, residents: new TelegramResidents(webhook.fake, 8400) },
    ];
    residents.push(...channels.map((c) => c.residents));
    const bursts = channels.map((c) => c.residents.create(BURST));
    // And one in this process, whose reminder timer the test drives.
    const log = captureLogger();
    inProcess = await startApp({
      settings: { port: 0, publicUrl: "http://minqing.test", http: { trustedProxies: [] }, database: { kind: "postgres", url: await createDatabase("minqing_inprocess"), poolSize: 3 }, log: { level: "info", format: "json" }, deployment: testDeployment() },
      logger: log.logger,
      host: "127.0.0.1",
      schedule: false,
    });

    // Residents write one after another, before, during and after the outage, and press
    // confirm on their summaries as they come.
    channels.forEach((c, i) => c.residents.file(bursts[i]!, 500));
    await waitFor(() => channels.every((c) => c.residents.written >= 3), { what: "the first residents to write" });

    // A message is on its way to Telegram when the database goes: Telegram has it, the service
    // does not know yet. It learns only once the database is gone.
    const held = polling.fake.holdAnswers("sendMessage");
    await waitFor(() => held.waiting() > 0, { what: "a send in flight" });
    await cluster.stop();
    held.release();
    const downAt = Date.now();
    await waitFor(() => webhook.fake.webhookAttempts().some((a) => a.at > downAt && a.status >= 500), {
      what: "the webhook to refuse an update while the database is down",
    });
    const health = await fetch(`${polling.service.baseUrl}/healthz`);
    expect(health.status).toBe(503);
    // The reminder sweep fails, says so, and lives on.
    await expect(inProcess.scheduler.tick()).resolves.toBeUndefined();
    expect(log.lines("error").some((line) => line.includes("reminder sweep failed"))).toBe(true);
    await sleep(Math.max(0, downAt + 3000 - Date.now()));
    await cluster.start();
    const errorsBefore = log.lines("error").length;
    await waitFor(() => inProcess!.database.dataSource.query(`SELECT 1`), { what: "the in-process pool to reconnect" });
    await inProcess.scheduler.tick();
    expect(log.lines("error").slice(errorsBefore).filter((line) => line.includes("reminder sweep failed"))).toEqual([]);

    for (const c of channels) {
      await waitFor(
        async () => {
          const receipts = bursts[channels.indexOf(c)]!.filter((r) => textsTo(c.fake, r.id).some((t) => t.includes(RECEIPT))).length;
          if (receipts < BURST) return false;
          return inspectDatabase({ kind: "postgres", url: cluster.url(`minqing_${c.name}`) }, async (q) => {
            return (await q(`SELECT 1 FROM outbox WHERE status <> 'sent'`)).length === 0;
          });
        },
        { timeoutMs: 90_000, what: () => `every ${c.name} resident's receipt and an empty outbox\n${c.service.describe()}` },
      );
    }

    for (const [i, c] of channels.entries()) {
      const burst = bursts[i]!;
      // The same process throughout: it never died.
      expect(c.service.alive).toBe(true);
      expect((await fetch(`${c.service.baseUrl}/healthz`)).status).toBe(200);

      await inspectDatabase({ kind: "postgres", url: cluster.url(`minqing_${c.name}`) }, async (q) => {
        // Every update a resident sent is recorded, once, as handled: none lost, none turned
        // into a "something went wrong" because the database was away.
        const recorded = await q<{ delivery_id: string; status: string }>(`SELECT delivery_id, status FROM inbound_messages`);
        const handled = new Set(recorded.filter((r) => r.status === "handled").map((r) => r.delivery_id));
        expect(c.residents.sent.map(deliveryIdOf).filter((id) => !handled.has(id))).toEqual([]);
        expect(recorded.filter((r) => r.status !== "handled")).toEqual([]);

        const cases = await q<{ account_id: string; n: string }>(
          `SELECT r.account_id, count(*) AS n FROM cases c JOIN residents r ON r.id = c.resident_id GROUP BY r.account_id ORDER BY r.account_id`,
        );
        expect(cases).toEqual(burst.map((r) => ({ account_id: String(r.id), n: "1" })));

        const rows = await q<{ chat_id: string; text: string }>(
          `SELECT chat_id, payload->>'text' AS text FROM outbox WHERE channel = 'telegram' AND status = 'sent' ORDER BY id`,
        );
        for (const chat of new Set(rows.map((row) => row.chat_id))) {
          // Each once, in order.
          expect({ chat, sent: textsTo(c.fake, chat) }).toEqual({ chat, sent: rows.filter((row) => row.chat_id === chat).map((row) => row.text) });
          expect(repeated(textsTo(c.fake, chat))).toEqual(new Map());
        }
        const cards = [tg.chengguanGroup, tg.zhujianGroup].flatMap((g) => textsTo(c.fake, g)).filter((t) => CASE_NUMBER.test(t));
        expect(cards).toHaveLength(BURST);
      });
    }

    // The outage reached both ways in: polling saw updates it could not record (and left them
    // unconfirmed), the webhook answered 500 and Telegram came again.
    expect(polling.service.lines.some((l) => String(l.message).includes("update not persisted"))).toBe(true);
    expect(webhook.fake.webhookAttempts().filter((a) => a.status >= 500).length).toBeGreaterThan(0);
  }, 180_000);

  test("a connection cut while an update is being handled: the update is handled again, not written off", async () => {
    if (polling === undefined) throw new Error("the polling service did not start");
    const { service, fake } = polling;
    const url = cluster.url("minqing_polling");
    const resident = { id: 8399, first_name: "居民8399", language_code: "zh-hans" };

    // Another session holds up writes to the inbound log, so the service's transaction waits...
    const blocker = new Client({ connectionString: url });
    await blocker.connect();
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await blocker.query(`BEGIN; LOCK TABLE inbound_messages IN SHARE ROW EXCLUSIVE MODE`);
      const update = fake.pushUpdate(fake.privateText(resident, TelegramResidents.description(resident)));
      const waiting = await waitFor(
        async () =>
          (
            await admin.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO inbound_messages%'`,
            )
          ).rows[0],
        { what: "the service's transaction to wait for the lock" },
      );
      // ...and its connection is cut in the middle (an administrator, a proxy, a failover).
      await admin.query(`SELECT pg_terminate_backend($1)`, [waiting.pid]);
      await waitFor(
        () =>
          service.lines.some(
            (l) => String(l.deliveryId) === deliveryIdOf(update) && /handling an inbound message failed|database unavailable/.test(String(l.message)),
          ),
        { what: () => `the service to notice\n${service.describe()}` },
      );
      await blocker.query(`ROLLBACK`);

      // Handled as if nothing happened: the summary, not an apology asking to send it again.
      const answer = await fake.waitForMessage((m) => m.chat_id === resident.id && /请核对|出了点问题/.test(m.text ?? ""), 30_000);
      expect(answer.text).toMatch(/^请核对/);
      const [row] = (await admin.query<{ status: string }>(`SELECT status FROM inbound_messages WHERE delivery_id = $1`, [deliveryIdOf(update)])).rows;
      expect(row?.status).toBe("handled");
      expect(service.alive).toBe(true);
    } finally {
      await blocker.end();
      await admin.end();
    }
  }, 60_000);
});
