import { setTimeout as sleep } from "node:timers/promises";
import type { InboundEvent, InboundSink } from "../../src/channels/port";
import type { Logger } from "../../src/log";

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/**
 * Hands events to the core one at a time, in the order WeChat gave them (two quick messages of
 * one resident must not race through the dialogue), and keeps trying an event the core could
 * not record (database unreachable): unlike Telegram, WeChat never delivers a message again.
 * At stop every queued event still gets its try; one that then fails is lost, and logged so.
 */
export class InboundQueue {
  private tail: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  constructor(
    private readonly sink: InboundSink,
    private readonly logger: Logger,
    private readonly retryMs = (failures: number) => Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS),
  ) {}

  /**
   * Queues an event, or the promise of one that is still being read from WeChat (null: nothing
   * for the core): the order is the order of the calls, however long each read takes.
   */
  push(event: InboundEvent | Promise<InboundEvent | null>): void {
    this.tail = this.tail.then(async () => {
      const ready = await event;
      if (ready !== null) await this.deliver(ready);
    });
  }

  /** Resolves when every event pushed so far was recorded (or given up at stop). */
  drained(): Promise<void> {
    return this.tail;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.tail;
  }

  private async deliver(event: InboundEvent): Promise<void> {
    for (let failures = 1; ; failures++) {
      try {
        await this.sink(event);
        return;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        const retryInMs = this.retryMs(failures);
        if (!this.abort.signal.aborted) {
          this.logger.warn("wechat: the core could not record an event; trying again", { deliveryId: event.deliveryId, kind: event.kind, retryInMs, error });
          const retry = await sleep(retryInMs, true, { signal: this.abort.signal }).catch(() => false);
          if (retry) continue;
        }
        this.logger.error("wechat: stopped before the core could record an event; it is lost", { deliveryId: event.deliveryId, kind: event.kind, error });
        return;
      }
    }
  }
}
