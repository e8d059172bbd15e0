import { Bot, webhookCallback, type Context } from "node-telegram-bot-api/node";
import {
  channelWording,
  DeliveryError,
  type ChannelAdapter,
  type ChannelLease,
  type DocumentStore,
  type InboundSink,
  type OutboundMessage,
  type SendResult,
} from "../../src/channels/port";
import type { HttpMount } from "../../src/http/router";
import type { Logger } from "../../src/log";
import { backoffDelay, sleep } from "./backoff";
import { describeError, toDeliveryError } from "./delivery-error";
import { serveWebHandler } from "./node-webhook";
import { Pacer } from "./pacer";
import { PollingLoop, SomeoneElseReceives, type PollingLoopOptions } from "./polling";
import { render, type DocumentFile, type TelegramCall } from "./render";
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
  /**
   * The "telegram" lease of the instances on one database: only its holder polls and sends (the
   * flood limits are the bot's, whichever instance sends), the others stand by, and in webhook
   * mode take updates all the same. Without one this is the only instance.
   */
  lease?: ChannelLease;
  /** How long to stand by after the n-th 409 Conflict in a row (see PollingLoop). */
  conflictWaitMs?: PollingLoopOptions["conflictWaitMs"];
  /** Where a message's document (a notice's PDF) is read to upload it; without one, documents are left out. */
  documents?: DocumentStore;
  logger: Logger;
}

/**
 * standby: another instance holds the lease (it polls and sends; in webhook mode this one takes
 * updates too). conflict: this instance would poll, but someone else receives the updates (a
 * second poller outside the lease, or a webhook): it stands by and looks again now and then.
 */
type State = "stopped" | "polling" | "webhook" | "retrying" | "standby" | "conflict";

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
  private webhookMounted = false;
  /** What start() set going (polling, or the webhook's registration), and how to end it. */
  private receiving: { abort: AbortController; done: Promise<void> } | undefined;
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
    const abort = new AbortController();
    if (webhook === undefined) {
      this.sink = sink;
      this.receiving = { abort, done: this.pollWhileHeld(abort.signal) };
      return;
    }

    this.mountWebhook(webhook.path, webhook.secretToken); // throws on a malformed secret, before anything started
    this.sink = sink;
    // Every instance takes webhooks, the ones standing by too: each reads commands addressed to this bot only.
    this.learnUsername(abort.signal).catch((err: unknown) => this.logger.debug("telegram: getMe failed; commands to any bot are read until it works", { error: describeError(err) }));
    let firstAttemptDone!: () => void;
    const attempted = new Promise<void>((resolve) => (firstAttemptDone = resolve));
    this.receiving = { abort, done: this.registerWhileHeld(webhook, abort.signal, firstAttemptDone) };
    // Wait for the first attempt only: if Telegram is unreachable at boot the service still
    // starts, and registration keeps trying in the background (state "retrying").
    await attempted;
  }

  async stop(): Promise<void> {
    const receiving = this.receiving;
    this.receiving = undefined;
    this.sink = undefined;
    this.current = "stopped";
    receiving?.abort.abort();
    await Promise.all([receiving?.done, ...this.webhookRequests]);
  }

  /** Only the lease's holder sends: the others leave Telegram's messages pending for it. */
  canSend(): boolean {
    return this.options.lease?.held() ?? true;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const [first, ...rest] = render(message, await this.documentOf(message));
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

  private async documentOf(message: OutboundMessage): Promise<DocumentFile | undefined> {
    const document = message.document;
    if (document === undefined || this.options.documents === undefined) return undefined;
    const bytes = await this.options.documents.bytesOf(document);
    // Notices are never deleted: one not found is a wrong reference, and no retry will find it.
    if (bytes === undefined) throw new DeliveryError(`telegram: no ${document.kind} ${document.id} to send`, { kind: "permanent" });
    return { bytes, fileName: document.fileName };
  }

  /** One Bot API call in its turn (see Pacer); returns the sent message's id, throws a DeliveryError. */
  private async call(call: TelegramCall, maxChatWaitMs: number): Promise<number> {
    const slot = this.pacer.slot(String(call.params.chat_id), maxChatWaitMs);
    if (slot.kind === "later") {
      throw new DeliveryError(`telegram: chat ${String(call.params.chat_id)} had its share of messages; next in ${slot.ms} ms`, { kind: "paced", afterMs: slot.ms });
    }
    if (slot.ms > 0) await new Promise((resolve) => setTimeout(resolve, slot.ms));
    try {
      const sent =
        call.method === "sendPhoto"
          ? await this.bot.api.sendPhoto(call.params)
          : call.method === "sendDocument"
            ? await this.bot.api.sendDocument(call.params)
            : await this.bot.api.sendMessage(call.params);
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

  /** Until stopped: stands by while another instance holds the lease, polls while this one does. */
  private async pollWhileHeld(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (!(await this.standByUntilHeld(signal))) return;
      const lease = this.options.lease;
      const polling = new PollingLoop({
        bot: this.bot,
        timeoutSeconds: this.options.pollingTimeoutSeconds ?? 25,
        allowedUpdates: ALLOWED_UPDATES,
        prepare: (s) => this.prepareToPoll(s),
        onState: (state) => {
          if (this.sink !== undefined) this.current = state;
        },
        mayPoll: () => lease?.held() ?? true,
        conflictWaitMs: this.options.conflictWaitMs,
        logger: this.logger,
      });
      this.current = "polling";
      polling.start();
      this.logger.info("telegram: long polling started");
      const lost = await this.heldUntil(signal);
      if (!lost) {
        // Stopping while holding the lease: confirm what was handled, so it is not delivered again.
        await polling.stop();
        return;
      }
      await polling.abandon();
    }
  }

  /**
   * A webhook set for this bot means someone receives by it (this deployment in webhook mode, or
   * another): polling would need it deleted, and this instance never does that.
   */
  private async prepareToPoll(signal: AbortSignal): Promise<void> {
    const info = await this.bot.api.getWebhookInfo(signal);
    if (info.url) throw new SomeoneElseReceives("webhook", `a webhook is set: ${info.url}`);
    await this.learnUsername(signal);
  }

  /**
   * Until stopped: every instance takes webhooks, and the lease's holder registers the webhook
   * (and sends). Returns when stopped.
   */
  private async registerWhileHeld(webhook: NonNullable<TelegramAdapterOptions["webhook"]>, signal: AbortSignal, attempted: () => void): Promise<void> {
    try {
      for (;;) {
        if (this.options.lease?.held() === false) attempted();
        if (!(await this.standByUntilHeld(signal))) return;
        const held = new AbortController();
        const off = this.options.lease?.onLost(() => held.abort());
        const stopped = () => held.abort();
        signal.addEventListener("abort", stopped, { once: true });
        try {
          await this.registerWebhook(webhook, held.signal, attempted);
          attempted();
          if (!(await this.heldUntil(signal))) return;
        } finally {
          off?.();
          signal.removeEventListener("abort", stopped);
        }
      }
    } finally {
      attempted();
    }
  }

  /** Resolves true once this instance holds the lease (at once without one), false when stopped first; says "standby" meanwhile. */
  private async standByUntilHeld(signal: AbortSignal): Promise<boolean> {
    const lease = this.options.lease;
    if (signal.aborted) return false;
    if (lease === undefined || lease.held()) return true;
    this.current = "standby";
    return lease.whenHeld(signal);
  }

  /** Resolves when this instance loses the lease (true) or is stopped (false), whichever comes first. */
  private heldUntil(signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      if (this.options.lease?.held() === false) return resolve(true);
      const off = this.options.lease?.onLost(() => done(true));
      const stopped = () => done(false);
      const done = (lost: boolean) => {
        off?.();
        signal.removeEventListener("abort", stopped);
        if (lost && this.sink !== undefined) this.current = "standby";
        resolve(lost);
      };
      signal.addEventListener("abort", stopped, { once: true });
    });
  }

  private async registerWebhook(
    webhook: NonNullable<TelegramAdapterOptions["webhook"]>,
    signal: AbortSignal,
    attempted: () => void,
  ): Promise<void> {
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
  }
}
