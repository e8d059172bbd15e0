import { Bot, webhookCallback, type Context } from "node-telegram-bot-api/node";
import { channelWording, DeliveryError, type ChannelAdapter, type InboundSink, type OutboundMessage, type SendResult } from "../../src/channels/port";
import type { HttpMount } from "../../src/http/router";
import type { Logger } from "../../src/log";
import { backoffDelay, sleep } from "./backoff";
import { describeError, toDeliveryError } from "./delivery-error";
import { serveWebHandler } from "./node-webhook";
import { Pacer } from "./pacer";
import { PollingLoop } from "./polling";
import { render, type TelegramCall } from "./render";
import { toInbound } from "./to-inbound";

export interface TelegramAdapterOptions {
  token: string;
  /** Bot API root, e.g. a fake server in tests. Default: the public Bot API. */
  apiUrl?: string;
  /** Receive updates by webhook instead of long polling; needs `http`. */
  webhook?: { url: string; secretToken: string; path: string };
  http?: HttpMount;
  /** Long-poll wait in seconds. Default 25. */
  pollingTimeoutSeconds?: number;
  logger: Logger;
}

type State = "stopped" | "polling" | "webhook" | "retrying";

/** A chat's next slot this close is waited for; a later one sends the message back to the outbox to wait its turn. */
const WAIT_FOR_CHAT_MS = 50;

/** Only what the core uses; everything else Telegram would send is noise (and cost). */
const ALLOWED_UPDATES = ["message", "callback_query"];

export class TelegramAdapter implements ChannelAdapter {
  readonly name = "telegram" as const;
  readonly hasButtons = channelWording.telegram.buttons;

  private readonly bot: Bot;
  private readonly logger: Logger;
  private sink: InboundSink | undefined;
  private current: State = "stopped";
  /** From getMe; until known, commands addressed to any bot are accepted. */
  private botUsername: string | undefined;
  private polling: PollingLoop | undefined;
  private webhookMounted = false;
  private registration: { abort: AbortController; done: Promise<void> } | undefined;
  private readonly webhookRequests = new Set<Promise<void>>();
  /** Telegram's flood limits, kept here (the library's token buckets allow bursts twice the rate). */
  private readonly pacer = new Pacer();

  constructor(private readonly options: TelegramAdapterOptions) {
    if (options.webhook !== undefined && options.http === undefined) {
      throw new Error("TelegramAdapter: webhook mode needs an http mount");
    }
    this.logger = options.logger;
    this.bot = new Bot(options.token, {
      apiRoot: options.apiUrl,
      // The core's outbox retries sends, and the polling loop retries polls: one owner each.
      maxRetries: 0,
      // The library's default (5 min) would hold an outbox worker far too long on a dead connection.
      timeoutMs: 30_000,
    });
    this.bot.use((ctx) => this.handleUpdate(ctx));
    // Fail loud: an update the sink could not persist must stay unconfirmed, so that
    // startPolling rejects (the loop restarts it) and the webhook answers 500.
    this.bot.catch((err) => {
      throw err;
    });
  }

  async start(sink: InboundSink): Promise<void> {
    if (this.sink !== undefined) throw new Error("TelegramAdapter: already started");
    const webhook = this.options.webhook;
    if (webhook === undefined) {
      this.sink = sink;
      this.current = "polling";
      this.polling = new PollingLoop({
        bot: this.bot,
        timeoutSeconds: this.options.pollingTimeoutSeconds ?? 25,
        allowedUpdates: ALLOWED_UPDATES,
        prepare: async (signal) => {
          // A webhook left over from an earlier deployment makes getUpdates fail with 409.
          await this.bot.api.deleteWebhook({}, signal);
          await this.learnUsername(signal);
        },
        onState: (state) => {
          if (this.sink !== undefined) this.current = state;
        },
        logger: this.logger,
      });
      this.polling.start();
      this.logger.info("telegram: long polling started");
      return;
    }

    this.mountWebhook(webhook.path, webhook.secretToken); // throws on a malformed secret, before anything started
    this.sink = sink;
    const abort = new AbortController();
    let firstAttemptDone!: () => void;
    const attempted = new Promise<void>((resolve) => (firstAttemptDone = resolve));
    this.registration = { abort, done: this.registerWebhook(webhook, abort.signal, firstAttemptDone) };
    // Wait for the first attempt only: if Telegram is unreachable at boot the service still
    // starts, and registration keeps trying in the background (state "retrying").
    await attempted;
  }

  async stop(): Promise<void> {
    const polling = this.polling;
    const registration = this.registration;
    this.polling = undefined;
    this.registration = undefined;
    this.sink = undefined;
    this.current = "stopped";
    registration?.abort.abort();
    await Promise.all([polling?.stop(), registration?.done, ...this.webhookRequests]);
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const [first, ...rest] = render(message);
    const firstId = await this.call(first, WAIT_FOR_CHAT_MS);
    try {
      // The first part went: the rest of a long text waits its chat's turn here.
      for (const call of rest) await this.call(call, Number.POSITIVE_INFINITY);
    } catch (err) {
      // A retry of the whole message repeats the parts already sent: better twice than a lost tail.
      this.logger.warn("telegram: long message only partly sent", { chatId: message.chatId, firstMessageId: firstId });
      throw err;
    }
    return { messageId: String(firstId) };
  }

  state(): string {
    return this.current;
  }

  /** One Bot API call in its turn (see Pacer); returns the sent message's id, throws a DeliveryError. */
  private async call(call: TelegramCall, maxChatWaitMs: number): Promise<number> {
    const slot = this.pacer.slot(String(call.params.chat_id), maxChatWaitMs);
    if (slot.kind === "later") {
      throw new DeliveryError(`telegram: chat ${String(call.params.chat_id)} had its share of messages; next in ${slot.ms} ms`, { kind: "paced", afterMs: slot.ms });
    }
    if (slot.ms > 0) await new Promise((resolve) => setTimeout(resolve, slot.ms));
    try {
      const sent = call.method === "sendPhoto" ? await this.bot.api.sendPhoto(call.params) : await this.bot.api.sendMessage(call.params);
      return sent.message_id;
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  private async handleUpdate(ctx: Context): Promise<void> {
    const sink = this.sink;
    if (sink === undefined) throw new Error("telegram: update arrived while stopped");
    const translation = toInbound(ctx.update, { botUsername: this.botUsername });
    if (translation.kind === "ignore") {
      this.logger.debug("telegram: update ignored", { updateId: ctx.update.update_id, reason: translation.reason });
    } else {
      try {
        await sink(translation.event);
      } catch (err) {
        this.logger.warn("telegram: update not persisted; leaving it for Telegram to redeliver", {
          updateId: ctx.update.update_id,
          error: describeError(err),
        });
        throw err;
      }
    }
    if (translation.callbackQueryId !== undefined) await this.answerCallback(translation.callbackQueryId);
  }

  /** Stops the button's spinner. Best effort: the press is already recorded, and failing here would replay it. */
  private async answerCallback(callbackQueryId: string): Promise<void> {
    try {
      await this.bot.api.answerCallbackQuery({ callback_query_id: callbackQueryId });
    } catch (err) {
      this.logger.warn("telegram: answerCallbackQuery failed", { callbackQueryId, error: describeError(err) });
    }
  }

  private async learnUsername(signal: AbortSignal): Promise<void> {
    if (this.botUsername !== undefined) return;
    const me = await this.bot.api.getMe(signal);
    this.botUsername = me.username;
  }

  private mountWebhook(path: string, secretToken: string): void {
    if (this.webhookMounted) return; // HttpMount cannot unmount: after a restart the same handler serves again
    this.webhookMounted = true;
    const handle = webhookCallback(this.bot, { secretToken });
    const normalise = (p: string): string => p.replace(/\/+$/, "") || "/";
    this.options.http?.mount(path, async (req, res, url) => {
      if (normalise(url.pathname) !== normalise(path)) return false;
      if (this.sink === undefined) {
        // Not running: Telegram keeps the update and tries again later.
        res.writeHead(503).end();
        return true;
      }
      const request = serveWebHandler(req, res, url, handle).catch((err: unknown) => {
        this.logger.error("telegram: webhook request failed", { error: describeError(err) });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      this.webhookRequests.add(request);
      try {
        await request;
      } finally {
        this.webhookRequests.delete(request);
      }
      return true;
    });
  }

  private async registerWebhook(
    webhook: NonNullable<TelegramAdapterOptions["webhook"]>,
    signal: AbortSignal,
    attempted: () => void,
  ): Promise<void> {
    try {
      for (let failures = 1; !signal.aborted; failures++) {
        try {
          await this.learnUsername(signal);
          await this.bot.api.setWebhook(
            { url: webhook.url, secret_token: webhook.secretToken, allowed_updates: ALLOWED_UPDATES },
            signal,
          );
          if (!signal.aborted) this.current = "webhook";
          this.logger.info("telegram: webhook registered", { url: webhook.url });
          return;
        } catch (err) {
          if (signal.aborted) return;
          const waitMs = backoffDelay(failures, err);
          this.current = "retrying";
          this.logger.warn("telegram: setWebhook failed; retrying", { error: describeError(err), retryInMs: waitMs });
          attempted();
          await sleep(waitMs, signal);
        }
      }
    } finally {
      attempted();
    }
  }
}
