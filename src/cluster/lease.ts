import type { ChannelLease } from "../channels/port";
import { acquireLease, publishLeaseStatus, readLeaseStatus, releaseLease } from "../db/repositories/lease-repository";
import type { Queryable } from "../db/tx";
import type { Logger } from "../log";

/** What a lease needs of its instance. */
export interface LeaseOwner {
  readonly id: string;
  readonly deadAfterMs: number;
  fresh(): boolean;
}

/**
 * A lease of the cluster (see lease-repository.ts): held by one live instance at a time. This
 * instance tries to take it at each heartbeat (Instance calls `tick`), keeps it while it lives,
 * and learns at the next heartbeat that it lost it (another instance took it after this one
 * stalled), or sooner from its own watchdog (its heartbeats stopped getting through). Either
 * way the adapter hears `onLost` and stops what the lease guards.
 */
export class Lease implements ChannelLease {
  private holding = false;
  /** Lost without knowing whether another instance took it: the next look tells. */
  private unsure = false;
  private readonly lostHandlers = new Set<(certain: boolean) => void>();
  private readonly waiting = new HolderWaiters();
  /** Publications in order: a late write must not overwrite a newer one. */
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly owner: LeaseOwner,
    private readonly db: Queryable,
    private readonly logger: Logger,
  ) {}

  held(): boolean {
    return this.holding && this.owner.fresh();
  }

  whenHeld(signal: AbortSignal): Promise<boolean> {
    return this.held() ? Promise.resolve(true) : this.waiting.wait(signal);
  }

  onLost(handler: (certain: boolean) => void): () => void {
    this.lostHandlers.add(handler);
    return () => this.lostHandlers.delete(handler);
  }

  publish(status: unknown): Promise<void> {
    const write = this.publishing.then(async () => {
      if (!this.held()) return;
      try {
        await publishLeaseStatus(this.db, this.name, this.owner.id, status);
      } catch (err) {
        this.logger.warn("cluster: could not publish a lease's status for the other instances", { lease: this.name, error: String(err) });
      }
    });
    this.publishing = write;
    return write;
  }

  read(): Promise<unknown> {
    return readLeaseStatus(this.db, this.name, this.owner.deadAfterMs / 1000);
  }

  /** Takes the lease if it is free or its holder is dead, or learns that this instance lost it. */
  async tick(): Promise<void> {
    if (!this.owner.fresh()) {
      this.lose(false, "this instance's heartbeats did not get through");
      return;
    }
    let holder: string;
    try {
      holder = await acquireLease(this.db, this.name, this.owner.id, this.owner.deadAfterMs / 1000);
    } catch (err) {
      // Kept while this instance is fresh: the watchdog lets go in time if the database stays away.
      this.logger.debug("cluster: could not look at a lease", { lease: this.name, error: String(err) });
      return;
    }
    if (holder !== this.owner.id) {
      this.lose(true, "another instance holds it now");
      return;
    }
    if (this.holding || !this.owner.fresh()) return;
    this.holding = true;
    this.unsure = false;
    this.logger.info("cluster: this instance holds a lease", { lease: this.name, instance: this.owner.id });
    this.waiting.taken();
  }

  /** This instance no longer holds it (`certain`), or may not: whoever runs what it guards stops. */
  lose(certain: boolean, why: string): void {
    if (!this.holding && !(certain && this.unsure)) return;
    this.holding = false;
    this.unsure = !certain;
    this.logger.warn(certain ? "cluster: this instance lost a lease; what it guards stops here" : "cluster: this instance may have lost a lease; what it guards pauses here", {
      lease: this.name,
      instance: this.owner.id,
      why,
    });
    for (const handler of [...this.lostHandlers]) {
      try {
        handler(certain);
      } catch (err) {
        this.logger.error("cluster: a lease's lost handler failed", { lease: this.name, error: String(err) });
      }
    }
  }

  /** Gives it up (a graceful stop, after what it guards has stopped), so the next instance need not wait. */
  async release(): Promise<void> {
    this.unsure = false;
    if (!this.holding) return;
    this.holding = false;
    await this.publishing;
    await releaseLease(this.db, this.name, this.owner.id).catch((err: unknown) =>
      this.logger.warn("cluster: could not give up a lease; another instance takes it once this one looks dead", { lease: this.name, error: String(err) }),
    );
  }
}

/** Who waits for a lease (ChannelLease.whenHeld): told true when it is taken, false when their signal aborts first. */
export class HolderWaiters {
  private readonly waiting = new Set<() => void>();

  wait(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (held: boolean) => {
        this.waiting.delete(taken);
        signal.removeEventListener("abort", aborted);
        resolve(held);
      };
      const taken = () => done(true);
      const aborted = () => done(false);
      this.waiting.add(taken);
      signal.addEventListener("abort", aborted, { once: true });
    });
  }

  taken(): void {
    for (const taken of [...this.waiting]) taken();
  }
}
