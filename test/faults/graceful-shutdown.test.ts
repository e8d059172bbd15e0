import { dirname } from "node:path";
import type { Update } from "node-telegram-bot-api/types";
import { Client } from "pg";
import { backends, createTestDatabase, type Backend, type TestDatabase } from "../support/databases";
import { inspectDatabase } from "../support/inspect-database";
import { buildService, ServiceProcess, tempDir, writeDeploymentFile } from "../support/service-process";
import { CASE_NUMBER, deliveryIdOf, RECEIPT, repeated, TelegramResidents, textsTo } from "../support/telegram-residents";
import { testDeployment, tg } from "../support/test-app";
import { sleep, waitFor, within } from "../support/wait";
import { FakeTelegramApi } from "../fakes/fake-telegram-api";

/**
 * Fault: SIGTERM (a deploy, `docker stop`, systemd) in the middle of a burst of appeals, with a
 * message on its way to Telegram. The service finishes what it is doing, confirms to Telegram
 * exactly what it recorded, and exits 0, leaving nothing half done: no message claimed and not
 * sent, no update confirmed and not recorded. Started again, it sends what was still queued,
 * and reads what was not yet confirmed, each once.
 */
const BURST = 10;

let build: { main: string; remove(): void };
beforeAll(async () => {
  build = await buildService();
}, 60_000);
afterAll(() => build?.remove());

describe.each(backends)("SIGTERM in a burst of appeals, on the %s database", (backend: Backend) => {
  let fake: FakeTelegramApi;
  let db: TestDatabase;
  let dir: { path: string; remove(): void };
  let env: Record<string, string>;
  let residents: TelegramResidents;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    fake = await FakeTelegramApi.start();
    db = await createTestDatabase(backend);
    dir = tempDir("sigterm");
    env = {
      ...(db.settings.kind === "postgres" ? { DATABASE_URL: db.settings.url } : { MINQING_DATA_DIR: dirname(db.settings.dataDir) }),
      MINQING_CONFIG: writeDeploymentFile(dir.path, testDeployment()),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_URL: fake.url,
    };
  }, 60_000);
  afterAll(async () => {
    residents?.stop();
    for (const service of services) await service.stop();
    await fake?.close();
    await db?.drop();
    dir?.remove();
  });

  const start = async (): Promise<ServiceProcess> => {
    const service = await ServiceProcess.start(build.main, env);
    services.push(service);
    return service;
  };
  const outboxRows = () =>
    inspectDatabase(db.settings, (q) =>
      q<{ id: number; chat_id: string; text: string; status: string; locked_until: Date | null }>(
        `SELECT id, chat_id, payload->>'text' AS text, status, locked_until FROM outbox WHERE channel = 'telegram' ORDER BY id`,
      ),
    );

  /**
   * Pushes an update while another session locks the inbound log, and returns once the
   * service's transaction for it waits on that lock (PostgreSQL only).
   */
  async function holdInbound(push: () => Update): Promise<{ update: Update; release(): Promise<void> }> {
    if (db.settings.kind !== "postgres") throw new Error("holdInbound needs PostgreSQL");
    const blocker = new Client({ connectionString: db.settings.url });
    const watcher = new Client({ connectionString: db.settings.url });
    for (const client of [blocker, watcher]) {
      client.on("error", () => undefined); // cut off when the test database is dropped
      await client.connect();
    }
    await blocker.query(`BEGIN; LOCK TABLE inbound_messages IN SHARE ROW EXCLUSIVE MODE`);
    const update = push();
    await waitFor(
      async () =>
        (
          await watcher.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO inbound_messages%'`,
          )
        ).rows.length > 0,
      { what: "the service's transaction to wait for the lock" },
    );
    await watcher.end();
    return {
      update,
      async release() {
        await blocker.query(`ROLLBACK`);
        await blocker.end();
      },
    };
  }

  test("in-flight work is finished, nothing is left half done, and the rest follows after a restart, once", async () => {
    residents = new TelegramResidents(fake, 8500);
    const burst = residents.create(BURST);
    const groups = [tg.chengguanGroup, tg.zhujianGroup];
    const cards = () => groups.flatMap((g) => textsTo(fake, g)).filter((t) => CASE_NUMBER.test(t));
    const receipts = () => burst.filter((r) => textsTo(fake, r.id).some((t) => t.includes(RECEIPT))).length;

    // Residents write 100 ms apart; at the first case card the service is told to stop, with a
    // message on its way to Telegram. The last residents write while it is down.
    const [early, late] = [burst.slice(0, 7), burst.slice(7)];
    const first = await start();
    residents.file(early, 100);
    await waitFor(() => cards().length >= 1, { timeoutMs: 30_000, what: () => `the first card\n${first.describe()}` });

    // The next message reaches Telegram, whose answer is slow to come back; on PostgreSQL an
    // update is half handled too, its transaction waiting for a lock. SIGTERM meanwhile.
    const held = fake.holdAnswers("sendMessage");
    await waitFor(() => held.waiting() > 0, { what: "a message on its way" });
    const inFlight = fake.sent().at(-1)!;
    residents.stop(); // nobody presses a button from now until the restart
    await waitFor(() => fake.pending().length === 0, { what: "the updates so far to be handled" });
    const straggler = { id: 8599, first_name: "居民8599", language_code: "zh-hans" };
    const halfHandled = backend === "postgres" ? await holdInbound(() => fake.pushUpdate(fake.privateText(straggler, "/status"))) : undefined;
    first.kill("SIGTERM");
    await sleep(500);
    expect(first.alive).toBe(true); // finishing, not gone without it
    await halfHandled?.release();
    held.release();
    const exit = await within(first.exited, 20_000, "still running after 20 s");
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.logged("error")).toEqual([]);
    expect(receipts()).toBeLessThan(BURST);

    // Nothing half done: the message in flight is recorded as sent, nothing is left claimed;
    // what remains is queued, due, for the next start.
    const rows = await outboxRows();
    expect(rows.filter((r) => r.locked_until !== null)).toEqual([]);
    expect(rows.filter((r) => r.status !== "sent" && r.status !== "pending")).toEqual([]);
    expect(rows.find((r) => r.chat_id === String(inFlight.chat_id) && r.text === inFlight.text)?.status).toBe("sent");
    // Whatever Telegram was told is confirmed is recorded (the rest it will deliver again).
    const pending = new Set(fake.pending().map((u) => u.update_id));
    const confirmed = residents.sent.filter((u) => !pending.has(u.update_id)).map(deliveryIdOf);
    const recorded = await inspectDatabase(db.settings, (q) => q<{ delivery_id: string; status: string }>(`SELECT delivery_id, status FROM inbound_messages`));
    const handled = new Set(recorded.filter((r) => r.status === "handled").map((r) => r.delivery_id));
    expect(confirmed.filter((id) => !handled.has(id))).toEqual([]);
    expect(recorded.filter((r) => r.status !== "handled")).toEqual([]);
    if (halfHandled) {
      // The update that was half handled at SIGTERM was finished, and Telegram was told so.
      expect(handled.has(deliveryIdOf(halfHandled.update))).toBe(true);
      expect(pending.has(halfHandled.update.update_id)).toBe(false);
      expect(rows.filter((r) => r.chat_id === String(straggler.id))).not.toEqual([]);
    }

    // Started again, it finishes the burst: every resident's appeal filed once, every message once.
    residents.file(late); // the last residents write while it is down; all press confirm on what they are shown from now on
    const second = await start();
    await waitFor(() => receipts() === BURST && cards().length >= BURST, {
      timeoutMs: 60_000,
      what: () => `${BURST} receipts and cards (${receipts()} receipts, ${cards().length} cards)\n${second.describe()}`,
    });
    if (backend === "postgres") await waitFor(async () => (await outboxRows()).every((r) => r.status === "sent"), { what: "an empty outbox" });
    residents.stop();
    expect(await second.stop()).toEqual({ code: 0, signal: null });

    const after = await outboxRows();
    expect(after.filter((r) => r.status !== "sent" || r.locked_until !== null)).toEqual([]);
    for (const chat of new Set(after.map((r) => r.chat_id))) {
      expect({ chat, sent: textsTo(fake, chat) }).toEqual({ chat, sent: after.filter((r) => r.chat_id === chat).map((r) => r.text) });
      expect(repeated(textsTo(fake, chat))).toEqual(new Map());
    }
    await inspectDatabase(db.settings, async (q) => {
      const cases = await q<{ account_id: string; n: string }>(
        `SELECT r.account_id, count(*) AS n FROM cases c JOIN residents r ON r.id = c.resident_id GROUP BY r.account_id ORDER BY r.account_id`,
      );
      expect(cases).toEqual(burst.map((r) => ({ account_id: String(r.id), n: "1" })));
      const all = new Set((await q<{ delivery_id: string }>(`SELECT delivery_id FROM inbound_messages WHERE status = 'handled'`)).map((r) => r.delivery_id));
      expect(residents.sent.map(deliveryIdOf).filter((id) => !all.has(id))).toEqual([]);
    });
  }, 180_000);
});
