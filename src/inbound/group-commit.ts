/**
 * Group commit (issue 13): messages that arrive within one turn of the event loop are handed on
 * together, so one transaction and one COMMIT (one WAL flush) serve them all. What it promises:
 * - order: a batch holds at most one message per lane (a chat, a sender), and a lane's next
 *   message waits until the batch holding its previous one has finished, so each chat's messages
 *   are handled one after another, in the order they came;
 * - the same delivery twice while it waits (a platform's redelivery) is handled once: the second
 *   joins the first and hears its outcome;
 * - a batch holds at most `maxBatch` messages, and at most `maxInFlight` batches run at once
 *   (what arrives meanwhile waits for the next, which is what makes batches form under load).
 * What a batch does, and what happens when it fails, is the runner's business.
 */

export interface GroupCommitOptions {
  maxBatch: number;
  maxInFlight: number;
}

/** Each message's outcome, in the order of the batch: null when it was handled, else what its caller should be rejected with. */
export type BatchRunner<E> = (events: E[]) => Promise<(unknown | null)[]>;

interface Waiter {
  resolve(first: boolean): void;
  reject(err: unknown): void;
}

interface Entry<E> {
  event: E;
  key: string;
  lanes: string[];
  waiters: Waiter[];
}

export class GroupCommit<E> {
  private pending: Entry<E>[] = [];
  /** The waiting entries by key (under load thousands wait: no scan per message). */
  private readonly waiting = new Map<string, Entry<E>>();
  private readonly busy = new Set<string>();
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: BatchRunner<E>,
    /** The delivery's identity: the same key is the same message delivered again. */
    private readonly keyOf: (event: E) => string,
    /** What the message must not overtake: its chat, its sender. */
    private readonly lanesOf: (event: E) => string[],
    private readonly options: GroupCommitOptions,
  ) {}

  /** Resolves once the message's batch has been handled: true, or false when it joined the same delivery waiting before it. */
  submit(event: E): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const key = this.keyOf(event);
      const same = this.waiting.get(key);
      if (same) {
        same.waiters.push({ resolve: () => resolve(false), reject });
        return;
      }
      const entry: Entry<E> = { event, key, lanes: this.lanesOf(event), waiters: [{ resolve, reject }] };
      this.pending.push(entry);
      this.waiting.set(key, entry);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // The rest of this turn's messages join before the batch is cut.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const batch = this.cut();
      if (batch.length === 0) return;
      void this.start(batch);
    }
  }

  /** The next batch: the oldest waiting messages whose lanes are free, none overtaking an earlier message of its lane. */
  private cut(): Entry<E>[] {
    const batch: Entry<E>[] = [];
    const taken = new Set<string>();
    const rest: Entry<E>[] = [];
    for (const entry of this.pending) {
      const free = batch.length < this.options.maxBatch && entry.lanes.every((l) => !this.busy.has(l) && !taken.has(l));
      // A message left waiting blocks its lanes for the rest of the cut, so its successors stay behind it.
      for (const l of entry.lanes) taken.add(l);
      (free ? batch : rest).push(entry);
    }
    this.pending = rest;
    for (const entry of batch) this.waiting.delete(entry.key);
    return batch;
  }

  private async start(batch: Entry<E>[]): Promise<void> {
    this.inFlight++;
    for (const entry of batch) for (const l of entry.lanes) this.busy.add(l);
    let outcomes: (unknown | null)[];
    try {
      outcomes = await this.run(batch.map((e) => e.event));
    } catch (err) {
      // The runner answers for each message; a throw is a bug in it: every message hears it.
      outcomes = batch.map(() => err);
    }
    this.inFlight--;
    for (const entry of batch) for (const l of entry.lanes) this.busy.delete(l);
    batch.forEach((entry, i) => {
      const outcome = outcomes[i] ?? null;
      for (const w of entry.waiters) {
        if (outcome === null) w.resolve(true);
        else w.reject(outcome);
      }
    });
    this.flush();
  }
}
