import type { PostAnswer } from "./chat-types";

export type Progress = "sending" | "retrying" | "sent" | "failed";

export interface QueueItem {
  /** Posts the item (an upload and a message for a photo); resolves with the answer that decides. */
  send(): Promise<PostAnswer>;
  progress(kind: Progress, error?: string): void;
  delay?: number;
}

/**
 * Sends messages one at a time, in order, retrying one (same clientMessageId, so the core records
 * it once) while the server says 503, 5xx or cannot be reached. A 429 that says when to try again
 * (retryAfterSeconds) hands this and every later item to `onLimited`, dropped: retrying on our own
 * would only use up the allowance of everyone behind the same address.
 */
export class SendQueue<Item extends QueueItem> {
  private items: Item[] = [];
  private busy = false;

  constructor(private readonly onLimited: (items: Item[], seconds: number) => void) {}

  push(item: Item): void {
    item.progress("sending");
    this.items.push(item);
    this.pump();
  }

  private pump(): void {
    if (this.busy || this.items.length === 0) return;
    this.busy = true;
    const item = this.items[0] as Item;
    const delay = item.delay ?? 1000;
    const done = () => {
      if (this.items[0] === item) this.items.shift();
      this.busy = false;
      this.pump();
    };
    const retry = () => {
      item.progress("retrying");
      item.delay = Math.min(delay * 2, 30_000);
      window.setTimeout(() => {
        this.busy = false;
        this.pump();
      }, delay);
    };
    item.send().then(
      (answer) => {
        if (answer.status >= 200 && answer.status < 300) {
          item.progress("sent");
          done();
        } else if (answer.status === 429 && typeof answer.json.retryAfterSeconds === "number") {
          const dropped = this.items.splice(0);
          this.busy = false;
          this.onLimited(dropped, answer.json.retryAfterSeconds);
        } else if (answer.status === 0 || answer.status === 429 || answer.status >= 500) {
          retry();
        } else {
          item.progress("failed", answer.json.code ?? answer.json.error ?? `HTTP ${answer.status}`);
          done();
        }
      },
      retry,
    );
  }
}
