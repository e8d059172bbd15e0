import type { ChannelLease } from "../../src/channels/port";
import { HolderWaiters } from "../../src/cluster/lease";

/** A lease a test hands out and takes back (src/cluster's is driven by heartbeats). */
export class ManualLease implements ChannelLease {
  private holding: boolean;
  private readonly lostHandlers = new Set<(certain: boolean) => void>();
  private readonly waiting = new HolderWaiters();
  /** What the adapter last published. */
  published: unknown;

  constructor(held = false) {
    this.holding = held;
  }

  /** This instance gets the lease. */
  give(): void {
    this.holding = true;
    this.waiting.taken();
  }

  /** Another instance took it. */
  take(): void {
    this.holding = false;
    for (const lost of [...this.lostHandlers]) lost(true);
  }

  /** This instance cannot show it is alive for now (the database away): it may have lost it. */
  lapse(): void {
    this.holding = false;
    for (const lost of [...this.lostHandlers]) lost(false);
  }

  held(): boolean {
    return this.holding;
  }

  whenHeld(signal: AbortSignal): Promise<boolean> {
    return this.holding ? Promise.resolve(true) : this.waiting.wait(signal);
  }

  onLost(handler: (certain: boolean) => void): () => void {
    this.lostHandlers.add(handler);
    return () => this.lostHandlers.delete(handler);
  }

  async publish(status: unknown): Promise<void> {
    if (this.holding) this.published = structuredClone(status);
  }

  async read(): Promise<unknown> {
    return this.published;
  }
}
