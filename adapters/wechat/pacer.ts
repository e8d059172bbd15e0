import { setTimeout as sleep } from "node:timers/promises";
import { DeliveryError } from "../../src/channels/port";

export interface PacingOptions {
  /** At most this many sends in any 60 seconds. */
  perMinute: number;
  /** A random pause between sends, like a person typing. */
  delayMs: { min: number; max: number };
}

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

const realClock: PacerClock = { now: () => Date.now(), sleep: (ms) => sleep(ms), random: Math.random };

/**
 * Sends one thing at a time, like a person: a random pause after the previous send, and no
 * more than `perMinute` in any minute, so that WeChat does not take the account for a spam
 * bot and restrict it. A send that could not start before its deadline is refused with a
 * retryable DeliveryError instead of waiting: the outbox leases a message for a limited time,
 * and would otherwise hand it to another sender while it still waits here.
 */
export class Pacer {
  private readonly recent: number[] = [];
  private lastEnd = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: PacingOptions,
    private readonly clock: PacerClock = realClock,
  ) {}

  /** Runs `send` at its turn; throws a retryable DeliveryError if the turn comes after `deadline` (ms since epoch). */
  run<T>(send: () => Promise<T>, deadline = Number.POSITIVE_INFINITY): Promise<T> {
    const turn = this.queue.then(async () => {
      const wait = this.waitMs();
      if (this.clock.now() + wait > deadline) {
        throw new DeliveryError(`WeChat sends are paced; the next free turn is in ${Math.ceil(wait / 1000)} s`, { kind: "retry", afterMs: wait });
      }
      if (wait > 0) await this.clock.sleep(wait);
      this.recent.push(this.clock.now());
      try {
        return await send();
      } finally {
        this.lastEnd = this.clock.now();
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private waitMs(): number {
    const now = this.clock.now();
    while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - 60_000) this.recent.shift();
    const { min, max } = this.options.delayMs;
    const pause = this.lastEnd + min + this.clock.random() * (max - min) - now;
    const oldest = this.recent[0];
    const window = this.recent.length >= this.options.perMinute && oldest !== undefined ? oldest + 60_000 - now : 0;
    return Math.max(0, Math.ceil(pause), window);
  }
}
