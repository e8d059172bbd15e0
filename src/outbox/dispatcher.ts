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
import { recordChatMove, sendOnCommit } from "./enqueue";

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
  /** Most chats sent to at once (a channel's sendConcurrency may say fewer). */
  batchSize: number;
  /**
   * Most messages of one chat claimed together, sent one after the other: a chat's queue (a
   * filing's receipt and advice, a card and its photos) costs one claim rather than one each.
   * Kept short, so a run is sent well within its lease.
   */
  runLength: number;
  /** Who hears of dead letters; without it, nobody is told (they still show in the dashboard and /metrics). */
  alarm?: DeadLetterAlarmOptions;
}

const defaults: DispatcherOptions = { pollMs: 1000, leaseMs: 60_000, batchSize: 20, runLength: 10, ...defaultDeadLetterPolicy };

type ClaimedRow = outbox.ClaimedMessage;

/** Messages of one chat claimed together, in their order, and until when the claim holds. */
interface Run {
  rows: ClaimedRow[];
  leasedUntil: number;
}

/** How one message's send ended: sent and still ours, sent but its claim taken over meanwhile, or not sent. */
type Delivered = "sent" | "taken_over" | "failed";

/**
 * Sends what the outbox holds, in order per chat, with retries that survive restarts.
 * A message is claimed by this instance with a lease (not a long transaction), so several
 * instances can share the work, a crash delays a message by seconds (another instance takes over
 * the claims of one that died), and the send itself holds no database lock.
 * Each channel has its own loop: a paced or stalled channel (WeChat sends like a person) never
 * holds up another one's messages. A message that cannot be sent becomes a dead letter (see
 * dead-letter-policy.ts) rather than holding its chat's later messages back for good.
 *
 * A claim takes runs: a chat's due messages in order, sent one after the other, each once the one
 * before it is marked sent (so a death costs at most one repeat per chat, as with one message a
 * claim). When one fails, the rest of its run is given back untried, and waits behind it. While
 * it runs (with an instance), it is also the sender the transactions of this process hand what
 * they queued to, claimed as it was written (see enqueue.ts): those go out without a claim.
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
  private readonly marks: { id: number; messageId: string; sentAt: Date; next: number | null; done: (holder: string | null, err?: unknown) => void }[] = [];
  private marking: Promise<void> | null = null;
  private readonly alarm: DeadLetterAlarm | undefined;
  private readonly transact: Transact;
  /** Runs handed over by transactions that queued them claimed for this instance, waiting for the channel's loop. */
  private readonly handed = new Map<ChannelName, Run[]>();
  private unregister: (() => void) | undefined;

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
    // Claims at insert name the instance: without one, a crash would leave them to the time lease alone.
    if (this.options.instance) this.unregister = sendOnCommit(this.db.manager, { insertClaim: () => this.insertClaim(), take: (rows, claim) => this.take(rows, claim) });
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unregister?.();
    clearInterval(this.timer);
    for (const w of this.wakeups.values()) {
      clearTimeout(w.timer);
      w.wake();
    }
    this.wakeups.clear();
    await Promise.all(this.running.values());
    const left = [...this.handed.values()].flat();
    this.handed.clear();
    await this.giveBackQuietly(left.map((run) => run.rows));
  }

  /** The claim transactions write their messages with: this instance, for the channels that can send now. */
  private insertClaim(): outbox.InsertClaim | null {
    const instance = this.options.instance;
    if (!this.started || this.stopping || !instance) return null;
    const channels = [...this.adapters].filter(([, adapter]) => adapter.canSend?.() !== false).map(([channel]) => channel);
    if (channels.length === 0) return null;
    return { instanceId: instance.id, leasedUntil: new Date(this.clock.now().getTime() + this.options.leaseMs), channels, runLength: this.options.runLength };
  }

  /** Rows a committed transaction queued claimed for this instance: each chat's a run, sent by its channel's loop. */
  private take(rows: ClaimedRow[], claim: outbox.InsertClaim): void {
    if (this.stopping) {
      void this.giveBackQuietly(runsOf(rows));
      return;
    }
    const leasedUntil = claim.leasedUntil.getTime();
    for (const run of runsOf(rows)) {
      const channel = run[0]!.channel;
      const waiting = this.handed.get(channel) ?? [];
      waiting.push({ rows: run, leasedUntil });
      this.handed.set(channel, waiting);
    }
    for (const channel of new Set(rows.map((r) => r.channel))) this.kickChannel(channel);
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
      // Claiming would only count attempts and push the messages' next try further away; what
      // was handed over goes back in line for whoever can send.
      if (adapter.canSend?.() === false) {
        await this.giveBackRuns((this.handed.get(channel)?.splice(0) ?? []).map((run) => run.rows));
        return;
      }
      const handed = this.handed.get(channel)?.splice(0, limit) ?? [];
      const runs = handed.length > 0 ? handed : await this.claim(channel, limit);
      if (runs.length === 0) return;
      await Promise.all(runs.map((run) => this.sendRun(adapter, run)));
      if (this.stopping) return;
    }
  }

  /** Leases runs of the channel's chats' queues that are due (see outbox.claimRuns for how, and why so). */
  private async claim(channel: ChannelName, limit: number): Promise<Run[]> {
    const now = this.clock.now();
    const instance = this.options.instance;
    const claimant = instance && { instanceId: instance.id, deadAfterSeconds: instance.deadAfterMs / 1000 };
    const leasedUntil = now.getTime() + this.options.leaseMs;
    const rows = await outbox.claimRuns(this.db.manager, channel, now, new Date(leasedUntil), limit, this.options.runLength, claimant);
    return runsOf(rows).map((run) => ({ rows: run, leasedUntil }));
  }

  /**
   * A chat's run, in order, each message once the one before it is sent and marked. The rest is
   * given back when one is not sent (it waits behind that one), when the lease would no longer
   * cover it, or when stopping; it is left alone when another instance took the claims over.
   */
  private async sendRun(adapter: ChannelAdapter, run: Run): Promise<void> {
    for (let i = 0; i < run.rows.length; i++) {
      // The head's attempt was counted when it was claimed; each next one's when the one before it was marked sent.
      const row = i === 0 ? run.rows[0]! : { ...run.rows[i]!, attempts: run.rows[i]!.attempts + 1 };
      if ((i > 0 && this.stopping) || this.clock.now().getTime() >= run.leasedUntil) {
        await this.giveBack(run.rows.slice(i), [row]);
        return;
      }
      const outcome = await this.deliver(adapter, row, run.rows[i + 1] ?? null);
      if (outcome === "taken_over") return;
      if (outcome === "failed") {
        await this.giveBack(run.rows.slice(i + 1), []);
        return;
      }
    }
  }

  /** Sends one message and marks it sent, counting the attempt of `next` (its run's next message) with the mark. */
  private async deliver(adapter: ChannelAdapter, row: ClaimedRow, next: ClaimedRow | null): Promise<Delivered> {
    let messageId: string;
    try {
      ({ messageId } = await adapter.send({ ...row.payload, chatId: row.chatId, idempotencyKey: `outbox:${row.id}` }));
      this.metrics?.deliveries.inc({ channel: row.channel, outcome: "sent" });
    } catch (err) {
      await this.failed(row, err);
      return "failed";
    }
    const holder = await this.recordSent(row, messageId, next?.id ?? null);
    return holder === (this.options.instance?.id ?? null) ? "sent" : "taken_over";
  }

  /** Claimed messages this instance will not try now, back in their place for the next claim; `counted`: those whose attempt was counted. */
  private async giveBack(rows: readonly ClaimedRow[], counted: readonly ClaimedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await outbox.giveBack(this.db.manager, rows.map((r) => r.id), counted.map((r) => r.id), this.options.instance?.id ?? null);
  }

  /** Whole runs given back untried: the first message of each had its attempt counted. */
  private giveBackRuns(runs: readonly ClaimedRow[][]): Promise<void> {
    return this.giveBack(runs.flat(), runs.flatMap((run) => run.slice(0, 1)));
  }

  /** Giving back when stopping: what fails to is freed by its lease, or at once when this instance is seen dead. */
  private async giveBackQuietly(runs: readonly ClaimedRow[][]): Promise<void> {
    const rows = runs.flat();
    try {
      await this.giveBackRuns(runs);
    } catch (err) {
      this.logger.warn("claimed messages could not be given back; another instance takes them over once this one is gone", { count: rows.length, error: String(err) });
    }
  }

  /**
   * The platform has the message: unless that is written down, the message is sent again once
   * the lease runs out. So a database that is away right now (restarting, a connection cut) is
   * waited for rather than given up on; only a shutdown ends the waiting. Any other failure is
   * not going to pass by waiting, and is thrown.
   */
  private async recordSent(row: ClaimedRow, messageId: string, next: number | null): Promise<string | null> {
    const sentAt = this.clock.now();
    for (let failures = 0; ; failures++) {
      try {
        const holder = await this.markSent(row.id, messageId, sentAt, next);
        if (failures > 0) this.logger.info("recorded a sent message after the database came back", { outboxId: row.id, tries: failures + 1 });
        return holder;
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
   * stored, with who held its claim then. Sends that finish together share one UPDATE: a
   * transaction each was most of the outbox's cost in the benchmark (every commit waits for the disk).
   */
  private markSent(id: number, messageId: string, sentAt: Date, next: number | null): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.marks.push({ id, messageId, sentAt, next, done: (holder, err) => (err === undefined ? resolve(holder) : reject(err)) });
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
        const holders = await outbox.markSent(this.db.manager, batch, this.options.instance?.id ?? null);
        for (const m of batch) m.done(holders.get(m.id) ?? null);
      } catch (err) {
        for (const m of batch) m.done(null, err);
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

/** Claimed rows as runs: each chat's, in id order, the chats in the order of their first row. */
function runsOf(rows: readonly ClaimedRow[]): ClaimedRow[][] {
  const byChat = new Map<string, ClaimedRow[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const key = `${row.channel}\u0000${row.chatId}`;
    const run = byChat.get(key) ?? [];
    run.push(row);
    byChat.set(key, run);
  }
  return [...byChat.values()];
}
