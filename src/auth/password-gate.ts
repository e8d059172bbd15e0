/**
 * How many password checks run at once. scrypt runs in libuv's thread pool (4 threads by
 * default), which the rest of the service shares for files, DNS and other crypto: 24 sign-ins at
 * once used to take every thread and the dashboard went from 21 ms to 8.7 s. So at most
 * `concurrency` checks run, a few more wait in a short queue, and the rest are turned away at
 * once ("busy", try again shortly) instead of piling up. One address gets one place at a time,
 * so a single client cannot fill the queue by itself.
 */
export class PasswordGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly addresses = new Set<string>();
  readonly concurrency: number;
  readonly maxQueued: number;

  constructor(options: { concurrency?: number; maxQueued?: number } = {}) {
    this.concurrency = options.concurrency ?? 2;
    this.maxQueued = options.maxQueued ?? 8;
  }

  /** Runs `check` when a place is free; undefined (and `check` never runs) when there is none. */
  async run<T>(address: string, check: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.addresses.has(address)) return undefined;
    if (this.running >= this.concurrency && this.waiting.length >= this.maxQueued) return undefined;
    this.addresses.add(address);
    try {
      if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running += 1;
      try {
        return { value: await check() };
      } finally {
        // Hand the place straight to the next in line, so `running` never dips below while some wait.
        const next = this.waiting.shift();
        if (next) next();
        else this.running -= 1;
      }
    } finally {
      this.addresses.delete(address);
    }
  }
}
