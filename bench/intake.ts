import { randomUUID } from "node:crypto";
import { Pool } from "pg";
import type { App } from "../src/app";
import type { InboundMessage } from "../src/channels/port";
import type { SyntheticAppeal } from "./appeals";
import { closedLoop, openLoop, type Latencies, type RunResult } from "./measure";

/**
 * Intake: appeals pushed through `app.inbound.handle`, the path every channel's messages take:
 * record the message once (dedupe), run the resident's dialogue, and on confirmation create the
 * case with its routing, timeline event, reminders and outbox rows, in one transaction per message.
 * An appeal is what a resident does in the web chat: the text (answered with a summary to
 * confirm), then the 确认 button (answered with the receipt; the department's group gets the card).
 * The web channel's outbox is sent while this runs, as in the service.
 *
 * The baseline is the same number of bare transactions through `pg`, each one INSERT into a
 * case-like table and one into an outbox-like table, at the same concurrency on the same database,
 * with a pool as large as the service's. It is run before and after the intake run and averaged,
 * so a neighbour's load that comes and goes falls on both.
 */

export interface IntakeRow {
  concurrency: number;
  appeals: number;
  appealsPerSec: number;
  /** Per appeal: both messages, from the text arriving to the confirmation's transaction committing (filing only: the confirmation). */
  latency: Latencies;
  baselinePerSec: number;
  baselineLatency: Latencies;
  ratio: number;
}

export interface OpenLoopRow {
  offeredPerSec: number;
  appeals: number;
  achievedPerSec: number;
  latency: Latencies;
}

const SERVICE_POOL = 10; // src/db/database.ts: the pool's default size on PostgreSQL

export class IntakeBench {
  private readonly pool: Pool;
  private next = 0;

  constructor(
    private readonly app: App,
    databaseUrl: string,
    private readonly appeals: SyntheticAppeal[],
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: SERVICE_POOL });
  }

  async setUp(): Promise<void> {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS bench_cases (id serial PRIMARY KEY, number text NOT NULL, resident text NOT NULL,
      text text NOT NULL, department_id text NOT NULL, state text NOT NULL, created_at timestamptz NOT NULL)`);
    await this.pool.query(`CREATE TABLE IF NOT EXISTS bench_outbox (id serial PRIMARY KEY, chat_id text NOT NULL, payload jsonb NOT NULL,
      case_id integer, status text NOT NULL, created_at timestamptz NOT NULL)`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private appeal(): SyntheticAppeal {
    const a = this.appeals[this.next++ % this.appeals.length];
    if (!a) throw new Error("no appeals generated");
    return a;
  }

  private message(chat: string, n: number): Omit<InboundMessage, "text" | "button"> {
    return {
      kind: "message",
      channel: "web",
      deliveryId: `${chat}:${n}`,
      messageId: `m${n}`,
      chat: { id: chat, kind: "private" },
      sender: { id: chat, languageCode: "zh-CN" },
    };
  }

  /** A new resident tells the problem; the answer is the summary to confirm. */
  private async tell(appeal: SyntheticAppeal): Promise<string> {
    const chat = `r-${randomUUID()}`;
    await this.app.inbound.handle({ ...this.message(chat, 1), text: appeal.text });
    return chat;
  }

  /** 确认: the case is filed. */
  private async confirm(chat: string): Promise<void> {
    await this.app.inbound.handle({ ...this.message(chat, 2), button: "confirm" });
  }

  /** One resident, one appeal: the text, then 确认. */
  private async fileAppeal(appeal: SyntheticAppeal): Promise<void> {
    await this.confirm(await this.tell(appeal));
  }

  private async bareTransaction(i: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      const now = new Date();
      await client.query("BEGIN");
      const rows = await client.query<{ id: number }>(
        `INSERT INTO bench_cases (number, resident, text, department_id, state, created_at) VALUES ($1, $2, $3, $4, 'submitted', $5) RETURNING id`,
        [`B-${i}-${randomUUID()}`, String(i), this.appeal().text, "chengguan", now],
      );
      await client.query(`INSERT INTO bench_outbox (chat_id, payload, case_id, status, created_at) VALUES ($1, $2, $3, 'pending', $4)`, [
        `r-${i}`,
        JSON.stringify({ text: "您的诉求已登记" }),
        rows.rows[0]?.id ?? null,
        now,
      ]);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK");
      throw err;
    } finally {
      client.release();
    }
  }

  private async casesCount(): Promise<number> {
    const rows: { n: number }[] = await this.app.database.dataSource.query(`SELECT count(*)::int AS n FROM cases`);
    return rows[0]?.n ?? 0;
  }

  /** Runs `fn`, which should file `appeals` appeals, and fails loudly if not every one became a case (handle() logs failures, it does not throw). */
  private async checked<T>(appeals: number, fn: () => Promise<T>): Promise<T> {
    const before = await this.casesCount();
    const result = await fn();
    const made = (await this.casesCount()) - before;
    const failed: { n: number }[] = await this.app.database.dataSource.query(`SELECT count(*)::int AS n FROM inbound_messages WHERE status = 'failed'`);
    if (made !== appeals || (failed[0]?.n ?? 0) > 0) {
      throw new Error(`intake: ${appeals} appeals made ${made} cases (${failed[0]?.n ?? 0} inbound messages failed)`);
    }
    // What the run queued is sent before the next run starts, so each run pays only for its own.
    await this.app.outbox.settle();
    return result;
  }

  async closed(count: number, concurrency: number): Promise<IntakeRow> {
    return this.againstBaseline(count, concurrency, () => this.checked(count, () => closedLoop(count, concurrency, () => this.fileAppeal(this.appeal()))));
  }

  /**
   * Only the transaction the issue describes: 确认 from residents whose summaries are already
   * out, each recording the message, creating the case with its routing, timeline event,
   * reminders and outbox rows. The texts are sent first, untimed.
   */
  async filingOnly(count: number, concurrency: number): Promise<IntakeRow> {
    const chats: string[] = [];
    await closedLoop(count, concurrency, async () => {
      chats.push(await this.tell(this.appeal()));
    });
    await this.app.outbox.settle();
    // Only residents shown a summary can confirm: a text the service asks about (its category, its
    // community) is not a filing, and the generator's wording does not always avoid one.
    const { rows } = await this.pool.query<{ account_id: string }>(
      `SELECT r.account_id FROM conversations c JOIN residents r ON r.id = c.resident_id WHERE c.step = 'confirm' AND r.account_id = ANY($1)`,
      [chats],
    );
    const ready = rows.map((r) => r.account_id);
    return this.againstBaseline(ready.length, concurrency, () =>
      this.checked(ready.length, () =>
        closedLoop(ready.length, concurrency, async (i) => {
          const chat = ready[i];
          if (chat) await this.confirm(chat);
        }),
      ),
    );
  }

  private async againstBaseline(count: number, concurrency: number, run: () => Promise<RunResult>): Promise<IntakeRow> {
    const before = await closedLoop(count, concurrency, (i) => this.bareTransaction(i));
    const intake = await run();
    const after = await closedLoop(count, concurrency, (i) => this.bareTransaction(i));
    const baselinePerSec = (before.perSecond + after.perSecond) / 2;
    const mean = (a: number, b: number) => (a + b) / 2;
    return {
      concurrency,
      appeals: count,
      appealsPerSec: intake.perSecond,
      latency: intake.latency,
      baselinePerSec,
      baselineLatency: {
        p50: mean(before.latency.p50, after.latency.p50),
        p95: mean(before.latency.p95, after.latency.p95),
        p99: mean(before.latency.p99, after.latency.p99),
        max: Math.max(before.latency.max, after.latency.max),
      },
      ratio: intake.perSecond / baselinePerSec,
    };
  }

  /** Appeals arriving at a fixed rate, each timed from when it was due, waits included. */
  async open(count: number, perSecond: number): Promise<OpenLoopRow> {
    const run = await this.checked(count, () => openLoop(count, perSecond, () => this.fileAppeal(this.appeal())));
    return { offeredPerSec: perSecond, appeals: count, achievedPerSec: run.achieved, latency: run.latency };
  }
}
