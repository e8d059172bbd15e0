import { dirname } from "node:path";
import { backends, createTestDatabase, type Backend, type TestDatabase } from "../support/databases";
import { inspectDatabase } from "../support/inspect-database";
import { buildService, ServiceProcess, tempDir, writeDeploymentFile } from "../support/service-process";
import { CASE_NUMBER, RECEIPT, repeated, TelegramResidents, textsTo } from "../support/telegram-residents";
import { testDeployment, tg } from "../support/test-app";
import { sleep, waitFor } from "../support/wait";
import { FakeTelegramApi } from "../fakes/fake-telegram-api";

/**
 * Fault: the process is killed with SIGKILL in the middle of a burst of appeals, and started
 * again. The service runs as a child process (compiled with swc, started as in production)
 * against a fake Bot API; it is killed for real, with no chance to clean up. The outbox's time
 * lease is the default 60 s: what the killed process had claimed must not wait for it.
 */
const BURST = 12;

let build: { main: string; remove(): void };
beforeAll(async () => {
  build = await buildService();
}, 60_000);
afterAll(() => build?.remove());

describe.each(backends)("SIGKILL in a burst of appeals, on the %s database", (backend: Backend) => {
  let fake: FakeTelegramApi;
  let db: TestDatabase;
  let dir: { path: string; remove(): void };
  let env: Record<string, string>;
  const services: ServiceProcess[] = [];
  let residents: TelegramResidents;

  beforeAll(async () => {
    fake = await FakeTelegramApi.start();
    db = await createTestDatabase(backend);
    dir = tempDir("crash");
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

  test("every delivered appeal becomes exactly one case, every due message is delivered, none twice but what was in flight", async () => {
    const groups = [tg.chengguanGroup, tg.zhujianGroup];
    residents = new TelegramResidents(fake, 8200);
    const burst = residents.create(BURST);
    const receipts = () => burst.filter((r) => textsTo(fake, r.id).some((text) => text.includes(RECEIPT))).length;

    const first = await start();
    // The first residents write 100 ms apart. When their first case card reaches a group, more
    // residents write; a moment after the second card the process dies: cards are on their way
    // to the groups (one a second per chat), the newer appeals are half told. The last residents
    // write while it is down: Telegram keeps their updates.
    const waves = [burst.slice(0, 6), burst.slice(6, 9), burst.slice(9)];
    const cards = () => groups.flatMap((group) => fake.sent(group)).filter((m) => CASE_NUMBER.test(m.text ?? "")).length;
    residents.file(waves[0]!, 100);
    await waitFor(() => cards() >= 1, { timeoutMs: 30_000, what: () => `the first card\n${first.describe()}` });
    residents.file(waves[1]!);
    await waitFor(() => cards() >= 2, { timeoutMs: 30_000, what: () => `the second card\n${first.describe()}` });
    // Not at the very instant a card arrived: its row is then certainly not yet marked sent,
    // and the test would only ever see the one case below where a resend cannot be avoided.
    await sleep(300);
    // And it dies with a message on its way: Telegram has it, the process never hears so. The
    // message stays claimed by the dead process, and the next one must send it again, once.
    const held = fake.holdAnswers("sendMessage");
    await waitFor(() => held.waiting() > 0, { timeoutMs: 30_000, what: () => `a message in flight\n${first.describe()}` });
    first.kill("SIGKILL");
    const killedAt = Date.now();
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    held.release();
    expect(cards()).toBeLessThan(waves[0]!.length + waves[1]!.length);
    residents.file(waves[2]!);

    const second = await start();
    try {
      // What the killed process had claimed goes out at once (embedded: the new process knows it is
      // alone on its database) or once the dead one's heartbeat is 5 s old (PostgreSQL), long
      // before its claims' 60 s lease has run out.
      await waitFor(() => receipts() === BURST && cards() >= BURST, {
        timeoutMs: 40_000,
        what: () => `a receipt for each of the ${BURST} residents and ${BURST} cards (${receipts()} receipts)\n${second.describe()}`,
      });
      if (backend === "postgres") {
        await waitFor(
          () => inspectDatabase(db.settings, async (q) => (await q(`SELECT 1 FROM outbox WHERE status = 'pending'`)).length === 0),
          { timeoutMs: 30_000, what: "an empty outbox" },
        );
      }
      console.log(`crash on the ${backend} database: everything delivered ${Date.now() - killedAt} ms after the kill`);
      expect(fake.pending()).toEqual([]); // every update confirmed to Telegram
      residents.stop();
    } finally {
      expect(await second.stop()).toEqual({ code: 0, signal: null });
    }

    await inspectDatabase(db.settings, async (q) => {
      // Exactly one case per resident who confirmed.
      const cases = await q<{ account_id: string; n: string }>(
        `SELECT r.account_id, count(*) AS n FROM cases c JOIN residents r ON r.id = c.resident_id GROUP BY r.account_id ORDER BY r.account_id`,
      );
      expect(cases).toEqual(burst.map((r) => ({ account_id: String(r.id), n: "1" })));
      expect(await q(`SELECT delivery_id FROM inbound_messages WHERE status <> 'handled'`)).toEqual([]);

      // Every message is sent, nothing is left claimed.
      const rows = await q<{ chat_id: string; text: string; status: string; attempts: number; locked_until: Date | null }>(
        `SELECT chat_id, payload->>'text' AS text, status, attempts, locked_until FROM outbox WHERE channel = 'telegram' ORDER BY id`,
      );
      expect(rows.filter((row) => row.status !== "sent" || row.locked_until !== null)).toEqual([]);

      // Each message once, in order; only one the killed process had in flight (claimed, so
      // tried again) may have reached Telegram twice: Telegram cannot tell a resend from a new
      // message. At most one per chat: a chat's next message waits for the one before.
      const inFlight = rows.filter((row) => row.attempts > 1);
      for (const chat of new Set(rows.map((row) => row.chat_id))) {
        const sent = textsTo(fake, chat);
        expect({ chat, sent: [...new Set(sent)] }).toEqual({ chat, sent: rows.filter((row) => row.chat_id === chat).map((row) => row.text) });
        const resendable = inFlight.filter((row) => row.chat_id === chat).map((row) => row.text);
        expect(resendable.length).toBeLessThanOrEqual(1);
        for (const [text, times] of repeated(sent)) {
          expect({ chat, text, times, inFlight: resendable.includes(text) }).toEqual({ chat, text, times: 2, inFlight: true });
        }
      }
    });
  }, 180_000);
});
