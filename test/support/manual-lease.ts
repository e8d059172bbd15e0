import type { ChannelLease } from "../../src/channels/port";

/** A lease a test hands out and takes back (src/cluster's is driven by heartbeats). */
export class ManualLease implements ChannelLease {
  private holding: boolean;
  private readonly lostHandlers = new Set<(certain: boolean) => void>();
  private readonly waiting = new Set<() => void>();
  /** What the adapter last published. */
  published: unknown;

  constructor(held = false) {
    this.holding = held;
  }

  /** This instance gets the lease. */
  give(): void {
    this.holding = true;
    for (const taken of [...this.waiting]) taken();
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
    if (this.holding) return Promise.resolve(true);
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
