import type { Bot, Update } from "node-telegram-bot-api";
import type { Logger } from "../../src/log";
import { backoffDelay, sleep } from "./backoff";
import { describeError } from "./delivery-error";

export interface PollingLoopOptions {
  bot: Bot;
  timeoutSeconds: number;
  allowedUpdates: string[];
  /** Runs before every (re)start of polling, e.g. deleteWebhook. */
  prepare(signal: AbortSignal): Promise<void>;
  onState(state: "polling" | "retrying"): void;
  logger: Logger;
}

/**
 * Long polling that survives failures: `bot.startPolling` runs until something fails
 * (Telegram unreachable, or an update the sink could not persist, which the fail-loud
 * `bot.catch` turns into a rejection), then the loop waits 1 s, 2 s, 4 s ... 30 s and
 * starts it again, until `stop()`.
 *
 * It feeds startPolling its own getUpdates source rather than the library's `longPoll`,
 * so that (1) the confirmed offset outlives a restart (handled updates are not replayed,
 * the failed one is), (2) every failure backs off exponentially in one place, and (3) a
 * successful poll is visible, to report health.
 */
export class PollingLoop {
  /** Next update_id to ask for: every update below it has been handled. */
  private offset: number | undefined;
  /** The offset Telegram has seen, i.e. what it considers confirmed. */
  private offsetSent: number | undefined;
  private failures = 0;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: PollingLoopOptions) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Stops polling, waits for the update in hand to finish, and confirms what was handled. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.options.bot.stop();
    await this.running;
    await this.confirmHandled();
  }

  private async run(): Promise<void> {
    const { bot, logger, prepare, onState } = this.options;
    const { signal } = this.abort;
    while (!signal.aborted) {
      try {
        await prepare(signal);
        onState("polling");
        await bot.startPolling(this.updates(signal));
      } catch (err) {
        if (signal.aborted) break;
        this.failures += 1;
        const waitMs = backoffDelay(this.failures, err);
        onState("retrying");
        logger.warn("telegram: polling stopped; restarting", { error: describeError(err), retryInMs: waitMs });
        await sleep(waitMs, signal);
      }
    }
  }

  private async *updates(signal: AbortSignal): AsyncGenerator<Update> {
    const { bot, timeoutSeconds, allowedUpdates } = this.options;
    while (!signal.aborted) {
      const batch = await bot.api.getUpdates(
        { offset: this.offset, timeout: timeoutSeconds, allowed_updates: allowedUpdates },
        signal,
      );
      this.offsetSent = this.offset;
      if (batch.length === 0) this.healthy();
      for (const update of batch) {
        yield update;
        // Reached only once the update was handled: a throw from the handler ends this
        // generator first, so the offset stays below it and Telegram sends it again.
        this.offset = update.update_id + 1;
        this.healthy();
      }
    }
  }

  private healthy(): void {
    this.failures = 0;
    this.options.onState("polling");
  }

  /**
   * Telegram confirms updates only on the next getUpdates; without this, the last ones
   * handled before a shutdown would be delivered again after the restart.
   */
  private async confirmHandled(): Promise<void> {
    if (this.offset === undefined || this.offset === this.offsetSent) return;
    try {
      await this.options.bot.api.getUpdates({ offset: this.offset, limit: 1, timeout: 0 }, AbortSignal.timeout(2000));
      this.offsetSent = this.offset;
    } catch (err) {
      this.options.logger.debug("telegram: could not confirm the last updates; they will come again", {
        error: describeError(err),
      });
    }
  }
}
