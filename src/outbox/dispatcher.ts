import type { ChannelAdapter, ChannelName } from "../channels/port";
import type { Clock } from "../clock";
import { isTransientDatabaseError } from "../db/errors";
import * as outbox from "../db/repositories/outbox-repository";
import { transactor, type Transact, type TxSource } from "../db/tx";
import type { Logger } from "../log";
import type { Metrics } from "../metrics/metrics";
import { DeadLetterAlarm, type DeadLetterAlarmOptions } from "./dead-letter-alarm";
import { defaultDeadLetterPolicy, judgeFailure, type DeadLetterPolicy, type DeadReason } from "./dead-letter-policy";
import { setAside } from "./dead-letters";
import { recordChatMove } from "./enqueue";

export interface DispatcherOptions extends DeadLetterPolicy {
  /** How often to look for due retries when nothing kicks the dispatcher. */
  pollMs: number;
  /**
   * How long a claimed message stays reserved for this instance however alive it looks: the
   * backstop for an instance stuck in a send. A claim by an instance that died is taken over
   * sooner, as soon as it looks dead (see `instance`).
   */
  leaseMs: number;
  /**
   * The instance this dispatcher sends for (src/cluster): its id goes on each claim, and claims by
   * an instance whose heartbeat is older than `deadAfterMs` are taken over at once. Without it
   * (one process alone) only time leases count.
   */
  instance?: { readonly id: string; readonly deadAfterMs: number };
  batchSize: number;
  /** Who hears of dead letters; without it, nobody is told (they still show in the dashboard and /metrics). */
  alarm?: DeadLetterAlarmOptions;
}

const defaults: DispatcherOptions = { pollMs: 1000, leaseMs: 60_000, batchSize: 20, ...defaultDeadLetterPolicy };

type ClaimedRow = outbox.ClaimedMessage;

/**
 * Sends what the outbox holds, in order per chat, with retries that survive restarts.
 * A message is claimed by this instance with a lease (not a long transaction), so several
 * instances can share the work, a crash delays a message by seconds (another instance takes over
 * the claims of one that died), and the send itself holds no database lock.
 * Each channel has its own loop: a paced or stalled channel (WeChat sends like a person) never
 * holds up another one's messages. A message that cannot be sent becomes a dead letter (see
 * dead-letter-policy.ts) rather than holding its chat's later messages back for good.
 */
export class OutboxDispatcher {
  private readonly options: DispatcherOptions;
  private timer: NodeJS.Timeout | undefined;
  /** Timers for messages set aside by a channel's pacing, one per 50 ms in which any is due again. */
  private readonly wakeups = new Map<string, { timer: NodeJS.Timeout; woken: Promise<void>; wake: () => void }>();
  private readonly running = new Map<ChannelName, Promise<void>>();
  private readonly again = new Set<ChannelName>();
  private started = false;
  private stopping = false;
  /** Sent messages waiting to be marked so: marked together, one statement for all that finish at once. */
  private readonly marks: { id: number; messageId: string; sentAt: Date; done: (err?: unknown) => void }[] = [];
  private marking: Promise<void> | null = null;
  private readonly alarm: DeadLetterAlarm | undefined;
  private readonly transact: Transact;

  constructor(
    /** The database: its pool for the claims and marks (each a statement of its own), transactions where two writes go together. */
    private readonly db: TxSource,
    private readonly adapters: ReadonlyMap<ChannelName, ChannelAdapter>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<DispatcherOptions> = {},
    private readonly metrics?: Metrics,
  ) {
    this.options = { ...defaults, ...options };
    this.alarm = this.options.alarm && new DeadLetterAlarm(this.options.alarm);
    this.transact = transactor(db);
  }

  start(): void {
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    for (const w of this.wakeups.values()) {
      clearTimeout(w.timer);
      w.wake();
    }
    this.wakeups.clear();
    await Promise.all(this.running.values());
  }

  /** Look for work now (called after a commit that queued messages). */
  kick(): void {
    for (const channel of this.adapters.keys()) this.kickChannel(channel);
  }

  /** Looks for the channel's work again when a message set aside for `ms` is due, rather than at the next poll. */
  private wakeIn(channel: ChannelName, ms: number): void {
    if (this.stopping) return;
    const slot = Math.ceil((Date.now() + ms) / 50);
    const key = `${channel}:${slot}`;
    if (this.wakeups.has(key)) return;
    let wake = () => {};
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const timer = setTimeout(() => {
      this.wakeups.delete(key);
      this.kickChannel(channel);
      wake();
    }, slot * 50 - Date.now());
    timer.unref();
    this.wakeups.set(key, { timer, woken, wake });
  }

  /**
   * Resolves when everything due has been sent, including what a running pass holds and what a
   * channel's pacing set aside for a moment (waited for, then sent).
   */
  async settle(): Promise<void> {
    for (;;) {
      while (this.running.size > 0) await Promise.all(this.running.values());
      await Promise.all([...this.adapters.keys()].map((channel) => this.drain(channel)));
      const paced = [...this.wakeups.values()].map((w) => w.woken);
      if (paced.length === 0 || this.stopping) return;
      await Promise.race(paced);
    }
  }

  private kickChannel(channel: ChannelName): void {
    if (!this.started || this.stopping) return;
    if (this.running.has(channel)) {
      this.again.add(channel);
      return;
    }
    const run = this.drain(channel)
      .catch((err: unknown) => {
        this.logger.error("outbox dispatch failed", { channel, error: String(err) });
      })
      .finally(() => {
        this.running.delete(channel);
        if (this.again.delete(channel)) this.kickChannel(channel);
      });
    this.running.set(channel, run);
  }

  /** Sends this channel's messages until nothing is due, or the channel cannot send for now. */
  private async drain(channel: ChannelName): Promise<void> {
    const adapter = this.adapters.get(channel);
    if (!adapter) return;
    const limit = Math.max(1, Math.min(this.options.batchSize, adapter.sendConcurrency ?? this.options.batchSize));
    for (;;) {
      // Claiming would only count attempts and push the messages' next try further away.
      if (adapter.canSend?.() === false) return;
      const rows = await this.claim(channel, limit);
      if (rows.length === 0) return;
      await Promise.all(rows.map((row) => this.deliver(adapter, row)));
      if (this.stopping) return;
    }
  }

  /** Leases the head of each of the channel's chats' queues that is due (see outbox.claimDue for how, and why so). */
  private async claim(channel: ChannelName, limit: number): Promise<ClaimedRow[]> {
    const now = this.clock.now();
    const instance = this.options.instance;
    const claimant = instance && { instanceId: instance.id, deadAfterSeconds: instance.deadAfterMs / 1000 };
    return outbox.claimDue(this.db.manager, channel, now, new Date(now.getTime() + this.options.leaseMs), limit, claimant);
  }

  private async deliver(adapter: ChannelAdapter, row: ClaimedRow): Promise<void> {
    let messageId: string;
    try {
      ({ messageId } = await adapter.send({ ...row.payload, chatId: row.chatId, idempotencyKey: `outbox:${row.id}` }));
      this.metrics?.deliveries.inc({ channel: row.channel, outcome: "sent" });
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
        await this.markSent(row.id, messageId, sentAt);
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

  /**
   * Records a message as sent (and its id, so replies to it map to its case). Resolves once it is
   * stored. Sends that finish together share one UPDATE: a transaction each was most of the
   * outbox's cost in the benchmark (every commit waits for the disk).
   */
  private markSent(id: number, messageId: string, sentAt: Date): Promise<void> {
    return new Promise((resolve, reject) => {
      this.marks.push({ id, messageId, sentAt, done: (err) => (err === undefined ? resolve() : reject(err)) });
      this.scheduleMarks();
    });
  }

  private scheduleMarks(): void {
    if (this.marking) return;
    this.marking = this.flushMarks().finally(() => {
      this.marking = null;
      if (this.marks.length > 0) this.scheduleMarks();
    });
  }

  private async flushMarks(): Promise<void> {
    // Sends of one batch that finish in the same turn of the event loop join this statement.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.marks.length > 0) {
      const batch = this.marks.splice(0);
      try {
        await outbox.markSent(this.db.manager, batch);
        for (const m of batch) m.done();
      } catch (err) {
        for (const m of batch) m.done(err);
      }
    }
  }

  private async failed(row: ClaimedRow, err: unknown): Promise<void> {
    const error = err instanceof Error ? err.message : String(err);
    const now = this.clock.now();
    const verdict = judgeFailure(err, row, now, this.options);
    if (verdict.kind === "paced") {
      // Its turn has not come (a platform's flood limit): back in line, the claim not counted as an attempt.
      await outbox.backInLine(this.db.manager, row.id, new Date(now.getTime() + verdict.afterMs));
      this.wakeIn(row.channel, verdict.afterMs);
      return;
    }
    this.logger.warn("sending a message failed", { outboxId: row.id, channel: row.channel, outcome: verdict.kind, attempts: row.attempts, error });
    const outcome = { written_off: "failed", dead: "dead", moved: "moved", retry: "retry" } as const;
    this.metrics?.deliveries.inc({ channel: row.channel, outcome: outcome[verdict.kind] });
    switch (verdict.kind) {
      case "written_off":
        // The recipient blocked the bot: give up on this message, and the next ones may go.
        await outbox.writeOff(this.db.manager, row.id, error);
        return;
      case "dead":
        await this.bury(row, error, verdict.reason, now);
        return;
      case "moved":
        await this.transact(async (tx) => {
          await recordChatMove(tx, row.channel, row.chatId, verdict.toChatId, now);
          await outbox.retryAt(tx, row.id, now, error, false);
        });
        return;
      case "retry":
        await outbox.retryAt(this.db.manager, row.id, new Date(now.getTime() + verdict.afterMs), error, verdict.counted);
    }
  }

  /**
   * Sets the message aside as a dead letter, so its chat's later messages go on, and tells the
   * operators (coalesced), in one transaction: the alarm is queued if and only if the message is
   * set aside.
   */
  private async bury(row: ClaimedRow, error: string, reason: DeadReason, now: Date): Promise<void> {
    const alarmed = await this.transact(async (tx) => {
      const chat = await setAside(tx, row.id, error, reason, reason === "attempts", now);
      return chat !== null && this.alarm !== undefined && (await this.alarm.raise(tx, chat, now));
    });
    this.logger.error("a message could not be sent and is set aside as a dead letter; its chat's later messages go on", {
      outboxId: row.id,
      channel: row.channel,
      reason,
      attempts: row.attempts,
      error,
      operatorsAlarmed: alarmed,
    });
    if (alarmed) this.kick();
  }
}
