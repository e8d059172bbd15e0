import { isTransientDatabaseError } from "../db/errors";
import type { WebChatAppend } from "../db/repositories/web-chat-repository";

/** How one append ended: its message's seq, and whether the chat held its key already (nothing stored). */
export interface Appended {
  seq: number;
  duplicate: boolean;
}

/** Stores a batch (in one transaction, under the appends' lock) and answers each append, in order. */
export type StoreBatch = (appends: WebChatAppend[]) => Promise<Appended[]>;

interface Waiting {
  append: WebChatAppend;
  resolve(appended: Appended): void;
  reject(err: unknown): void;
}

/**
 * Most appends in one transaction: a dispatcher sends to at most 20 chats at once, a burst of
 * cadres' and residents' posts rarely more; the cap keeps one statement's arrays small.
 */
const MAX_BATCH = 200;

/**
 * Group commit for the web chat's appends (issue 13). Every append takes one lock that all
 * instances share and holds it to its commit, so appends commit one after the other; one
 * transaction each made the outbox's web sends queue on that lock and keep half the pool's
 * connections waiting. So the appends of one turn of the event loop are stored together: one
 * lock, one statement, one commit. At most one batch runs at a time (a second would only wait for
 * the lock on a connection of its own); what arrives meanwhile forms the next one.
 *
 * What each append is promised stays as it was alone: it resolves once its message has
 * committed, with its number; numbers rise in the order the appends were made; the same (chat,
 * key) twice is stored once, the later one answered as a duplicate with the first one's number.
 * A batch that fails is tried again one append at a time, so a message the database refuses
 * fails alone; when the database is away, every append of the batch fails at once.
 */
export class AppendBatches {
  private waiting: Waiting[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly store: StoreBatch) {}

  append(append: WebChatAppend): Promise<Appended> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ append, resolve, reject });
      this.running ??= this.drain().finally(() => (this.running = undefined));
    });
  }

  private async drain(): Promise<void> {
    // The rest of this turn's appends join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      try {
        settle(batch, await this.storeOnce(batch));
      } catch (err) {
        // The database away is no message's fault, and each alone would only wait for it again.
        if (batch.length === 1 || isTransientDatabaseError(err)) for (const one of batch) one.reject(err);
        else for (const one of batch) await this.alone(one);
      }
    }
  }

  private async alone(one: Waiting): Promise<void> {
    try {
      settle([one], await this.store([one.append]));
    } catch (err) {
      one.reject(err);
    }
  }

  /** Stores the batch with each (chat, key) once: a repeat within it is answered with the first one's number. */
  private async storeOnce(batch: readonly Waiting[]): Promise<Appended[]> {
    const firstOfKey = new Map<string, number>();
    const unique: WebChatAppend[] = [];
    const slot = batch.map(({ append }) => {
      const key = append.dedupeKey === undefined ? undefined : `${append.message.chatId}\u0000${append.dedupeKey}`;
      const first = key === undefined ? undefined : firstOfKey.get(key);
      if (first !== undefined) return { index: first, repeat: true };
      unique.push(append);
      if (key !== undefined) firstOfKey.set(key, unique.length - 1);
      return { index: unique.length - 1, repeat: false };
    });
    const stored = await this.store(unique);
    return slot.map(({ index, repeat }) => (repeat ? { seq: stored[index]!.seq, duplicate: true } : stored[index]!));
  }
}

function settle(batch: readonly Waiting[], appended: readonly Appended[]): void {
  batch.forEach((one, i) => one.resolve(appended[i]!));
}
