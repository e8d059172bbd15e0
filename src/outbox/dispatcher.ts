import type { DataSource } from "typeorm";
import { DeliveryError, type ChannelAdapter, type ChannelName } from "../channels/port";
import type { Clock } from "../clock";
import type { OutboxMessage } from "../db/entities/outbox-message";
import { isTransientDatabaseError } from "../db/errors";
import type { Logger } from "../log";
import { recordChatMove } from "./enqueue";

export interface DispatcherOptions {
  /** How often to look for due retries when nothing kicks the dispatcher. */
  pollMs: number;
  /** How long a claimed message stays reserved for this instance. */
  leaseMs: number;
  batchSize: number;
  maxBackoffMs: number;
}

const defaults: DispatcherOptions = { pollMs: 1000, leaseMs: 60_000, batchSize: 20, maxBackoffMs: 10 * 60_000 };

interface ClaimedRow {
  id: number;
  channel: ChannelName;
  chat_id: string;
  payload: OutboxMessage["payload"];
  attempts: number;
}

/**
 * Sends what the outbox holds, in order per chat, with retries that survive restarts.
 * A message is claimed with a short lease (not a long transaction), so several instances can
 * share the work, a crash only delays a message, and the send itself holds no database lock.
 */
export class OutboxDispatcher {
  private readonly options: DispatcherOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly adapters: ReadonlyMap<ChannelName, ChannelAdapter>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  start(): void {
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Look for work now (called after a commit that queued messages). */
  kick(): void {
    if (!this.started || this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => {
        this.logger.error("outbox dispatch failed", { error: String(err) });
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when everything due has been sent, including what a running pass holds. */
  async settle(): Promise<void> {
    while (this.running) await this.running;
    await this.drain();
  }

  /** Sends until nothing is due. */
  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.claim();
      if (rows.length === 0) return;
      await Promise.all(rows.map((row) => this.deliver(row)));
      if (this.stopping) return;
    }
  }

  /** The oldest pending message of each chat that is due and not leased to another sender. */
  private async claim(): Promise<ClaimedRow[]> {
    const channels = [...this.adapters.keys()];
    if (channels.length === 0) return [];
    const now = this.clock.now();
    const [rows] = (await this.dataSource.query(
      `UPDATE outbox SET locked_until = $2, attempts = attempts + 1
       WHERE id IN (
         SELECT o.id FROM outbox o
         WHERE o.status = 'pending' AND o.next_attempt_at <= $1 AND (o.locked_until IS NULL OR o.locked_until < $1)
           AND o.channel = ANY($3)
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.status = 'pending' AND p.channel = o.channel AND p.chat_id = o.chat_id AND p.id < o.id)
         ORDER BY o.id LIMIT $4
         FOR UPDATE SKIP LOCKED)
       RETURNING id, channel, chat_id, payload, attempts`,
      [now, new Date(now.getTime() + this.options.leaseMs), channels, this.options.batchSize],
    )) as [ClaimedRow[], number];
    return rows;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const adapter = this.adapters.get(row.channel);
    if (!adapter) return;
    let messageId: string;
    try {
      ({ messageId } = await adapter.send({ ...row.payload, chatId: row.chat_id }));
    } catch (err) {
      await this.failed(row, err);
      return;
    }
    await this.recordSent(row, messageId);
  }

  /**
   * The platform has the message: unless that is written down, the message is sent again once
   * the lease runs out. So a database that is away right now (restarting, a connection cut) is
   * waited for rather than given up on; only a shutdown ends the waiting. Any other failure is
   * not going to pass by waiting, and is thrown.
   */
  private async recordSent(row: ClaimedRow, messageId: string): Promise<void> {
    const sentAt = this.clock.now();
    for (let failures = 0; ; failures++) {
      try {
        await this.dataSource.query(
          `UPDATE outbox SET status = 'sent', sent_at = $2, message_id = $3, locked_until = NULL, last_error = NULL WHERE id = $1`,
          [row.id, sentAt, messageId],
        );
        if (failures > 0) this.logger.info("recorded a sent message after the database came back", { outboxId: row.id, tries: failures + 1 });
        return;
      } catch (err) {
        if (this.stopping || !isTransientDatabaseError(err)) {
          this.logger.error("a sent message could not be recorded; it will be sent again", { outboxId: row.id, error: String(err) });
          throw err;
        }
        if (failures === 0) this.logger.warn("recording a sent message failed; retrying", { outboxId: row.id, error: String(err) });
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** failures, 5000)));
      }
    }
  }

  private async failed(row: ClaimedRow, err: unknown): Promise<void> {
    const outcome: DeliveryError["outcome"] = err instanceof DeliveryError ? err.outcome : { kind: "retry" };
    const error = err instanceof Error ? err.message : String(err);
    const now = this.clock.now();
    this.logger.warn("sending a message failed", { outboxId: row.id, channel: row.channel, outcome: outcome.kind, attempts: row.attempts, error });
    switch (outcome.kind) {
      case "permanent":
        // The chat is gone or blocked the bot: give up on this message, and the next ones may go.
        await this.dataSource.query(`UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = $2 WHERE id = $1`, [row.id, error]);
        return;
      case "chat_moved":
        await this.dataSource.transaction(async (tx) => {
          await recordChatMove(tx, row.channel, row.chat_id, outcome.toChatId, now);
          await tx.query(`UPDATE outbox SET locked_until = NULL, next_attempt_at = $2, last_error = $3 WHERE id = $1`, [row.id, now, error]);
        });
        return;
      case "retry": {
        const backoff = Math.min(this.options.maxBackoffMs, 1000 * 2 ** Math.min(row.attempts - 1, 20));
        const waitMs = Math.max(outcome.afterMs ?? 0, backoff);
        await this.dataSource.query(`UPDATE outbox SET locked_until = NULL, next_attempt_at = $2, last_error = $3 WHERE id = $1`, [
          row.id,
          new Date(now.getTime() + waitMs),
          error,
        ]);
      }
    }
  }
}
