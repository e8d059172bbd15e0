import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { forgetDead, heartbeat, removeInstance, removeOthers } from "../db/repositories/instance-repository";
import type { Queryable } from "../db/tx";
import type { Logger } from "../log";
import { Lease } from "./lease";

export interface ClusterOptions {
  /** How often this instance says it is alive, and looks after its leases. */
  heartbeatMs: number;
  /**
   * An instance whose last heartbeat is older than this is dead: its outbox claims and its leases
   * are taken over. The same for every instance of a deployment; a few heartbeats long, so that a
   * slow statement or a pause of the garbage collector is not taken for a death.
   */
  deadAfterMs: number;
}

export const clusterDefaults: ClusterOptions = { heartbeatMs: 1000, deadAfterMs: 5000 };

/** Rows of instances that died (a crash leaves its row) are forgotten after this. */
const FORGET_DEAD_AFTER_SECONDS = 3600;

/**
 * This process as the other instances on the database see it: a row with a random id, kept
 * fresh by a heartbeat. Being alive is the one fact everything else rests on: an outbox claim
 * names its instance (taken over at once when that instance is dead), and a lease is held for as
 * long as its holder lives (see Lease). A heartbeat row rather than an advisory lock: on the
 * embedded database every connection shares PGlite's one session, where advisory locks do not
 * exclude, and a row works the same on both.
 *
 * The instance also watches itself: when its heartbeat has not got through for nearly
 * `deadAfterMs` (the database unreachable, the process stalled), the others may take it for dead
 * any moment, so its leases count as lost at once, before another instance can take them.
 */
export class Instance {
  readonly id = randomUUID();
  readonly host = hostname();
  readonly pid = process.pid;
  readonly startedAt = new Date();
  readonly options: ClusterOptions;
  private readonly leases = new Map<string, Lease>();
  /** Until when (performance.now()) the others certainly still see this instance alive. */
  private aliveUntil = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private running = false;
  private failing = false;

  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
    options: Partial<ClusterOptions> = {},
    /** Whether this process knows it is the only one on its database (the embedded one, which one process locks). */
    private readonly alone = false,
  ) {
    this.options = { ...clusterDefaults, ...options };
    if (this.options.deadAfterMs < 2 * this.options.heartbeatMs) throw new Error("cluster: deadAfterMs must be at least two heartbeats");
  }

  get deadAfterMs(): number {
    return this.options.deadAfterMs;
  }

  /** The lease `name`, which this instance tries to take at each heartbeat from now on. */
  lease(name: string): Lease {
    let lease = this.leases.get(name);
    if (!lease) {
      lease = new Lease(name, this, this.db, this.logger);
      this.leases.set(name, lease);
    }
    return lease;
  }

  /**
   * Whether the others still see this instance alive, as far as it can tell. Alone on its
   * database there are no others: a statement queued behind a long one on the embedded
   * database's single connection must not count as a death.
   */
  fresh(): boolean {
    return this.alone ? this.running : performance.now() < this.aliveUntil;
  }

  /**
   * Registers (the first heartbeat) and takes the leases that are free, before resolving: the
   * adapters start knowing whether they hold theirs. Alone on its database, it forgets every
   * other instance first: they are earlier runs of this process, and what they claimed is taken
   * over at once.
   */
  async start(): Promise<void> {
    if (this.alone) await removeOthers(this.db, this.id);
    await forgetDead(this.db, FORGET_DEAD_AFTER_SECONDS);
    await heartbeat(this.db, this);
    this.confirmed(performance.now());
    this.running = true;
    await this.tickLeases();
    this.schedule();
    this.logger.info("cluster: this instance is registered", { instance: this.id, host: this.host, pid: this.pid, heartbeatMs: this.options.heartbeatMs, deadAfterMs: this.options.deadAfterMs });
  }

  /** A graceful stop: gives up the leases and deletes the row, so the others take over at once. Stop what the leases guard first. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    await this.ticking;
    for (const lease of this.leases.values()) await lease.release();
    await removeInstance(this.db, this.id).catch((err: unknown) => this.logger.warn("cluster: could not remove this instance's row; the others take it for dead in a moment", { error: String(err) }));
  }

  /**
   * Stops heartbeating without a word to the others, as a process that died: its row goes stale,
   * and they take over its claims and leases once it is `deadAfterMs` old. Its own leases count as
   * lost at once. What a kill -9 leaves behind, for a test to play in one process; `stop()` after
   * it still cleans up.
   */
  halt(): void {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    this.aliveUntil = Number.NEGATIVE_INFINITY;
    for (const lease of this.leases.values()) lease.lose(true, "this instance stopped heartbeating");
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
        this.schedule();
      });
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const sentAt = performance.now();
    try {
      await heartbeat(this.db, this);
      if (!this.running) return;
      this.confirmed(sentAt);
      if (this.failing) this.logger.info("cluster: heartbeats get through again", { instance: this.id });
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.warn("cluster: a heartbeat failed; if they keep failing, the other instances take over this one's work", { instance: this.id, error: String(err) });
      this.failing = true;
    }
    await this.tickLeases();
  }

  private async tickLeases(): Promise<void> {
    for (const lease of this.leases.values()) {
      if (!this.running) return;
      await lease.tick();
    }
  }

  /**
   * A heartbeat sent at `sentAt` got through: the database stamped it no earlier, so the others
   * see this instance alive until `deadAfterMs` after that. A heartbeat's worth sooner, its leases
   * count as lost (the watchdog), so that it has let go before another instance may take them.
   */
  private confirmed(sentAt: number): void {
    this.aliveUntil = sentAt + this.options.deadAfterMs - this.options.heartbeatMs;
    clearTimeout(this.watchdog);
    if (this.alone) return;
    this.watchdog = setTimeout(() => {
      for (const lease of this.leases.values()) lease.lose(false, "this instance's heartbeats did not get through");
    }, this.aliveUntil - performance.now());
    this.watchdog.unref();
  }
}
