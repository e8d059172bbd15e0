import { setTimeout as sleep } from "node:timers/promises";
import type { InboundEvent, InboundSink } from "../../src/channels/port";
import type { Logger } from "../../src/log";
import type { InboundJournal } from "./inbound-journal";

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/**
 * Hands events to the core one at a time, in the order WeChat gave them (two quick messages of
 * one resident must not race through the dialogue), and keeps trying an event the core could
 * not record (database unreachable): unlike Telegram, WeChat never delivers a message again.
 * With a journal, each event is on the disk before the core is handed it, so neither a crash
 * nor a stop while the core cannot record loses it: the next start hands it over again (the
 * journal's pending events come first). Without one, an event that still fails at stop is lost,
 * and logged so.
 */
export class InboundQueue {
  private tail: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  constructor(
    private readonly sink: InboundSink,
    private readonly logger: Logger,
    private readonly journal?: InboundJournal,
    private readonly retryMs = (failures: number) => Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS),
  ) {
    for (const event of journal?.pending() ?? []) this.chain(async () => this.deliver(event));
  }

  /**
   * Queues an event, or the promise of one that is still being read from WeChat (null: nothing
   * for the core): the order is the order of the calls, however long each read takes.
   */
  push(event: InboundEvent | Promise<InboundEvent | null>): void {
    this.chain(async () => {
      const ready = await event;
      if (ready === null) return;
      try {
        this.journal?.append(ready);
      } catch (err) {
        // A full or broken disk: the event still goes to the core, only without the journal's safety.
        this.logger.error("wechat: an event could not be written to the inbound journal; it is handed to the core all the same", { deliveryId: ready.deliveryId, error: err instanceof Error ? err.message : String(err) });
      }
      await this.deliver(ready);
    });
  }

  /** Resolves when every event pushed so far was recorded (or given up at stop). */
  drained(): Promise<void> {
    return this.tail;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.tail;
    this.journal?.close();
  }

  private chain(step: () => Promise<void>): void {
    this.tail = this.tail.then(step).catch((err: unknown) => {
      // Reading it from WeChat failed in a way nobody caught, or its done mark could not be written: the events behind it go on.
      this.logger.error("wechat: an event could not be handed to the core", { error: err instanceof Error ? err.message : String(err) });
    });
  }

  private async deliver(event: InboundEvent): Promise<void> {
    for (let failures = 1; ; failures++) {
      try {
        await this.sink(event);
        this.journal?.done(event);
        return;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        const retryInMs = this.retryMs(failures);
        if (!this.abort.signal.aborted) {
          this.logger.warn("wechat: the core could not record an event; trying again", { deliveryId: event.deliveryId, kind: event.kind, retryInMs, error });
          const retry = await sleep(retryInMs, true, { signal: this.abort.signal }).catch(() => false);
          if (retry) continue;
        }
        if (this.journal) this.logger.warn("wechat: stopped before the core could record an event; it is kept in the journal for the next start", { deliveryId: event.deliveryId, kind: event.kind, error });
        else this.logger.error("wechat: stopped before the core could record an event; it is lost", { deliveryId: event.deliveryId, kind: event.kind, error });
        return;
      }
    }
  }
}
