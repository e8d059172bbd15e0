import { TelegramApiError, type Bot, type Update } from "node-telegram-bot-api";
import type { Logger } from "../../src/log";
import { backoffDelay, sleep } from "./backoff";
import { describeError } from "./delivery-error";

export interface PollingLoopOptions {
  bot: Bot;
  timeoutSeconds: number;
  allowedUpdates: string[];
  /** Runs before every (re)start of polling, e.g. learning the bot's name; throws `SomeoneElseReceives` when the bot must not be polled now. */
  prepare(signal: AbortSignal): Promise<void>;
  onState(state: "polling" | "retrying" | "conflict"): void;
  /** Asked before every getUpdates: false once this instance must no longer poll (it lost the lease). */
  mayPoll(): boolean;
  /** How long to stand by after the n-th conflict in a row (default 10 s, 20 s, 40 s, then every 60 s). */
  conflictWaitMs?: (conflicts: number) => number;
  logger: Logger;
}

/**
 * Someone else receives this bot's updates: another process polls it (Telegram answers a second
 * poller 409 Conflict), or a webhook is set. Not a failure of this instance: it stands by.
 */
export class SomeoneElseReceives extends Error {
  constructor(
    readonly who: "poller" | "webhook",
    message: string,
  ) {
    super(message);
    this.name = "SomeoneElseReceives";
  }
}

const defaultConflictWaitMs = (conflicts: number) => Math.min(10_000 * 2 ** (conflicts - 1), 60_000);

/**
 * Long polling that survives failures: `bot.startPolling` runs until something fails
 * (Telegram unreachable, or an update the sink could not persist, which the fail-loud
 * `bot.catch` turns into a rejection), then the loop waits 1 s, 2 s, 4 s ... 30 s and
 * starts it again, until `stop()`. A 409 Conflict is not such a failure: another process polls
 * the same bot (or a webhook is set), and two pollers only knock each other off, so the loop
 * says so once, stands by, and looks again after 10 s, 20 s, 40 s, then every minute.
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
  private conflicts = 0;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: PollingLoopOptions) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Stops polling, waits for the update in hand to finish, and confirms what was handled. */
  async stop(): Promise<void> {
    await this.abandon();
    await this.confirmHandled();
  }

  /**
   * Stops polling without confirming anything: for an instance that lost its lease. Another
   * instance polls now, and a getUpdates from this one would knock that one's poll off (409);
   * the updates handled here but not confirmed come to it again, and the core knows them.
   */
  async abandon(): Promise<void> {
    this.abort.abort();
    this.options.bot.stop();
    await this.running;
  }

  private async run(): Promise<void> {
    const { bot, logger, prepare, onState, mayPoll } = this.options;
    const { signal } = this.abort;
    while (!signal.aborted && mayPoll()) {
      try {
        await prepare(signal);
        if (this.conflicts === 0) onState("polling");
        await bot.startPolling(this.updates(signal));
      } catch (err) {
        if (signal.aborted) break;
        const conflict = asConflict(err);
        if (conflict !== undefined) {
          await this.standBy(conflict, signal);
          continue;
        }
        this.failures += 1;
        const waitMs = backoffDelay(this.failures, err);
        onState("retrying");
        logger.warn("telegram: polling stopped; restarting", { error: describeError(err), retryInMs: waitMs });
        await sleep(waitMs, signal);
      }
    }
  }

  /** Someone else receives the updates: said once, clearly, then looked at again now and then, quietly. */
  private async standBy(conflict: SomeoneElseReceives, signal: AbortSignal): Promise<void> {
    this.conflicts += 1;
    const waitMs = (this.options.conflictWaitMs ?? defaultConflictWaitMs)(this.conflicts);
    this.options.onState("conflict");
    if (this.conflicts === 1) {
      this.options.logger.warn(
        conflict.who === "webhook"
          ? "telegram: a webhook is set for this bot, so it cannot be polled; this instance does not delete it (another deployment may receive by it) and stands by. To poll, delete the webhook (Bot API deleteWebhook); to receive by webhook, set TELEGRAM_WEBHOOK_URL"
          : "telegram: another process polls this bot (Telegram answered 409 Conflict); this instance stands by and looks again now and then. Stop the other process, or give every instance the same database, or run them all with TELEGRAM_WEBHOOK_URL",
        { detail: conflict.message, lookAgainInMs: waitMs },
      );
    } else {
      this.options.logger.debug("telegram: still someone else receives this bot's updates", { detail: conflict.message, lookAgainInMs: waitMs });
    }
    await sleep(waitMs, signal);
  }

  private async *updates(signal: AbortSignal): AsyncGenerator<Update> {
    const { bot, timeoutSeconds, allowedUpdates, mayPoll } = this.options;
    while (!signal.aborted && mayPoll()) {
      // After a conflict, a short poll first: it tells at once whether the other poller is gone.
      const batch = await bot.api.getUpdates(
        { offset: this.offset, timeout: this.conflicts > 0 ? 0 : timeoutSeconds, allowed_updates: allowedUpdates },
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
    if (this.conflicts > 0) this.options.logger.info("telegram: polling again; nobody else receives this bot's updates now");
    this.conflicts = 0;
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

/** A 409 from getUpdates: a second poller ("terminated by other getUpdates request"), or a webhook set meanwhile. */
function asConflict(err: unknown): SomeoneElseReceives | undefined {
  if (err instanceof SomeoneElseReceives) return err;
  if (err instanceof TelegramApiError && err.errorCode === 409) {
    return new SomeoneElseReceives(/webhook/i.test(err.description) ? "webhook" : "poller", `Telegram 409: ${err.description}`);
  }
  return undefined;
}
