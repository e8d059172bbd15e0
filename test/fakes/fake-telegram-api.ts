/**
 * A fake Telegram Bot API on 127.0.0.1: a real HTTP server speaking the wire format the
 * library sends (POST /bot<token>/<method>, urlencoded with nested objects as JSON strings,
 * or a JSON body), so adapter tests exercise the real client, encoding and error mapping.
 *
 * It keeps an update queue with Telegram's confirmation rule (a getUpdates with `offset`
 * confirms and forgets every update below it), holds long polls until an update arrives (and,
 * as Telegram does, answers a held poll 409 Conflict when another getUpdates comes meanwhile),
 * numbers messages per chat, records what the bot sent (and when), and fails on request.
 * It takes uploads (multipart/form-data, as the library sends a file) and keeps the bytes.
 * With `limits` it also answers 429, as Telegram does, to a message that would exceed them.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type {
  CallbackQuery,
  Chat,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  PhotoSize,
  ReplyParameters,
  Update,
  User,
} from "node-telegram-bot-api/types";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An update before it is queued; `update_id` is assigned unless given (a redelivery keeps its id). */
export type NewUpdate = DistributiveOmit<Update, "update_id"> & { update_id?: number };

/** A person in a test: only `id` is required. */
export type FakeUser = { id: number } & Partial<Omit<User, "id">>;

/** A failure the next call(s) of a method answer with, as Telegram would. */
export type InjectedFailure =
  | { status: 500 | 502 | 503 | 504; description?: string }
  | { status: 429; retryAfter: number }
  | { status: 403; description?: string }
  | { status: 400; migrateTo: number }
  | { status: 400; description: string }
  | { status: 401 | 404 | 409; description?: string };

/** A file the bot uploaded in a multipart part. */
export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface SentMessage {
  method: "sendMessage" | "sendPhoto" | "sendDocument";
  chat_id: number;
  message_id: number;
  /** The text, or the caption of a photo. */
  text: string | undefined;
  /** `entities`, or `caption_entities` of a photo. */
  entities: MessageEntity[] | undefined;
  photo: string | undefined;
  /** sendDocument's file: the upload, or the file_id or URL sent instead. */
  document: UploadedFile | string | undefined;
  reply_markup: InlineKeyboardMarkup | undefined;
  reply_parameters: ReplyParameters | undefined;
  disable_notification: boolean | undefined;
  parse_mode: string | undefined;
  /** Every decoded parameter, for what the fields above do not cover. */
  params: Readonly<Record<string, unknown>>;
  /** When the fake accepted it (Date.now()). */
  at: number;
}

export interface ApiCall {
  method: string;
  params: Readonly<Record<string, unknown>>;
  /** When the call arrived, by the fake's clock (`FakeTelegramOptions.now`). */
  at: number;
  /** The injected failure it was answered with, if any. */
  failure?: InjectedFailure;
}

export interface WebhookRegistration {
  url: string;
  secret_token: string | undefined;
  allowed_updates: string[] | undefined;
}

/** Telegram's flood limits for a bot's messages, over sliding windows. */
export interface TelegramLimits {
  /** All chats together, in any second. */
  perSecond: number;
  /** One private chat, in any second. */
  perPrivateChatPerSecond: number;
  /** One group, in any minute. */
  perGroupPerMinute: number;
}

/** As Telegram documents them (core.telegram.org/bots/faq): about 30 a second, 1 a second per chat, 20 a minute per group. */
export const telegramLimits: TelegramLimits = { perSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 };

export interface FakeTelegramOptions {
  token?: string;
  bot?: { id?: number; username?: string; first_name?: string };
  /** The clock that stamps calls (`ApiCall.at`); a test that fakes time passes its own. */
  now?: () => number;
  /** Answer 429 with retry_after to a sendMessage/sendPhoto that would exceed these. Default: no limits. */
  limits?: TelegramLimits;
}

/** Decides, call by call, whether a method is down: a failure to answer with, or undefined to serve it. */
export type OutageRule = (call: ApiCall) => InjectedFailure | undefined;

/** An `{ ok: false }` answer. */
class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}

interface QueuedUpdate {
  update: Update;
  /** Delivered regardless of the client's offset (a redelivery). */
  forced: boolean;
  delivered: boolean;
}

/** Decoded wire fields whose values are JSON (the library JSON-encodes nested objects). */
const JSON_FIELDS = new Set([
  "entities",
  "caption_entities",
  "reply_markup",
  "reply_parameters",
  "allowed_updates",
  "link_preview_options",
]);
const INTEGER_FIELDS = new Set(["offset", "limit", "timeout", "message_id", "cache_time", "max_connections"]);
const BOOLEAN_FIELDS = new Set(["disable_notification", "protect_content", "drop_pending_updates", "show_alert"]);

export class FakeTelegramApi {
  readonly token: string;
  readonly botUser: User;

  private readonly server: http.Server;
  private port = 0;
  private closed = false;
  private nextUpdateId = 1000;
  private nextCallbackId = 1;
  private readonly queue: QueuedUpdate[] = [];
  private allowedUpdates: string[] | undefined;
  private readonly lastMessageId = new Map<number, number>();
  private readonly sentMessages: SentMessage[] = [];
  private readonly callLog: ApiCall[] = [];
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly outages = new Map<string, OutageRule>();
  private readonly holds = new Map<string, () => Promise<void>>();
  private readonly hookAttempts: { updateId: number; status: number; at: number }[] = [];
  private readonly clock: () => number;
  private readonly limits: TelegramLimits | undefined;
  private refusedForFlood = 0;
  /** The long poll being held, if any: a second getUpdates terminates it. */
  private heldPoll: { terminated: boolean } | undefined;
  private terminatedPolls = 0;
  private readonly sentListeners = new Set<(message: SentMessage) => void>();
  private readonly issuedCallbacks = new Set<string>();
  private webhookRegistration: WebhookRegistration | undefined;
  /** Woken on every queued update, sent message, call and on close. */
  private readonly listeners = new Set<() => void>();

  private constructor(options: FakeTelegramOptions) {
    this.token = options.token ?? "123456:TEST-TOKEN";
    this.botUser = {
      id: options.bot?.id ?? 7_000_001,
      is_bot: true,
      first_name: options.bot?.first_name ?? "Minqing",
      username: options.bot?.username ?? "MinqingBot",
    };
    this.clock = options.now ?? Date.now;
    this.limits = options.limits;
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegramApi> {
    const fake = new FakeTelegramApi(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once("error", reject);
      fake.server.listen(0, "127.0.0.1", () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The apiRoot to give the adapter. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get webhook(): WebhookRegistration | undefined {
    return this.webhookRegistration;
  }

  // ---- updates ---------------------------------------------------------------------

  /** Queues an update; a waiting long poll answers at once. Returns it with its update_id. */
  pushUpdate(input: NewUpdate): Update {
    return this.enqueue(input, false);
  }

  /**
   * Telegram sends the same update (same update_id) again, as after a lost confirmation.
   * Unlike pushUpdate it is delivered even though the client's offset is already past it.
   */
  redeliver(update: Update): Update {
    return this.enqueue(update, true);
  }

  /** Updates not yet confirmed by a getUpdates offset. */
  pending(): Update[] {
    return this.queue.map((entry) => entry.update);
  }

  // ---- update builders (they only build; pass the result to pushUpdate) -------------

  /** A message from `from` in chat `chatId`, numbered in that chat unless `fields.message_id` is given. */
  message(chatId: number, from: FakeUser, fields: Partial<Message> = {}): { message: Message } {
    return {
      message: {
        message_id: fields.message_id ?? this.nextMessageId(chatId),
        date: now(),
        chat: this.chatOf(chatId, from),
        from: user(from),
        ...fields,
      },
    };
  }

  privateText(from: FakeUser, text: string, fields: Partial<Message> = {}): { message: Message } {
    return this.message(from.id, from, { text, ...fields });
  }

  groupText(chatId: number, from: FakeUser, text: string, fields: Partial<Message> = {}): { message: Message } {
    return this.message(chatId, from, { text, ...fields });
  }

  /** A group message replying to a message the bot sent (or any earlier message id). */
  groupReply(chatId: number, from: FakeUser, text: string, replyToMessageId: number): { message: Message } {
    return this.message(chatId, from, { text, reply_to_message: this.botMessage(chatId, replyToMessageId) });
  }

  /** A press of an inline button on the bot's message `messageId`. */
  callbackPress(chatId: number, from: FakeUser, messageId: number, data: string): { callback_query: CallbackQuery } {
    const id = `cbq-${this.nextCallbackId++}`;
    this.issuedCallbacks.add(id);
    return {
      callback_query: {
        id,
        from: user(from),
        message: this.botMessage(chatId, messageId),
        chat_instance: `instance-${chatId}`,
        data,
      },
    };
  }

  /** A photo in three sizes; the largest has file_id `photo-<n>-large`. */
  photo(chatId: number, from: FakeUser, caption?: string): { message: Message } {
    const n = this.nextMessageId(chatId);
    const size = (name: string, side: number): PhotoSize => ({
      file_id: `photo-${n}-${name}`,
      file_unique_id: `u-photo-${n}-${name}`,
      width: side,
      height: side,
    });
    const photo = [size("small", 90), size("medium", 320), size("large", 1280)];
    return this.message(chatId, from, { message_id: n, photo, ...(caption === undefined ? {} : { caption }) });
  }

  /** The service message a group gets when it is upgraded to a supergroup. */
  migration(fromChatId: number, toChatId: number, by: FakeUser): { message: Message } {
    return this.message(fromChatId, by, { migrate_to_chat_id: toChatId });
  }

  // ---- what the bot did -------------------------------------------------------------

  sent(chatId?: number | string): SentMessage[] {
    return chatId === undefined
      ? [...this.sentMessages]
      : this.sentMessages.filter((message) => String(message.chat_id) === String(chatId));
  }

  /** Calls `listener` with every message sent from now on; returns the unsubscribe function. */
  onSent(listener: (message: SentMessage) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** How many held polls were answered 409 because another getUpdates came meanwhile: two pollers. */
  get conflicts(): number {
    return this.terminatedPolls;
  }

  /** How many sends were answered 429 because they would have exceeded `limits`. */
  get tooManyRequests(): number {
    return this.refusedForFlood;
  }

  calls(method?: string): ApiCall[] {
    return method === undefined ? [...this.callLog] : this.callLog.filter((call) => call.method === method);
  }

  /** The first sent message (already sent or to come) matching `predicate`. */
  waitForMessage(predicate: (message: SentMessage) => boolean, timeoutMs = 2000): Promise<SentMessage> {
    return this.waitFor(
      () => this.sentMessages.find(predicate),
      timeoutMs,
      () => `no sent message matched within ${timeoutMs} ms. ${this.describeSent()}`,
    );
  }

  /** The first call of `method` (already made or to come) matching `predicate`. */
  waitForCall(method: string, predicate: (call: ApiCall) => boolean = () => true, timeoutMs = 2000): Promise<ApiCall> {
    return this.waitFor(
      () => this.callLog.find((call) => call.method === method && predicate(call)),
      timeoutMs,
      () =>
        `no matching ${method} call within ${timeoutMs} ms. Calls: ${
          this.callLog.map((call) => call.method).join(", ") || "none"
        }`,
    );
  }

  // ---- failure injection ------------------------------------------------------------

  /** The next `count` calls of `method` fail with `failure`. */
  failNext(method: string, count: number, failure: InjectedFailure): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /**
   * Every call of `methods` asks `rule` first and fails as it says, until the returned
   * function ends the outage: a platform that is down for a long stretch.
   */
  outage(methods: string[], rule: OutageRule): () => void {
    for (const method of methods) this.outages.set(method, rule);
    return () => {
      for (const method of methods) if (this.outages.get(method) === rule) this.outages.delete(method);
    };
  }

  /**
   * Calls of `method` are carried out at once (a message is sent and recorded) but answered
   * only on `release()`: the platform has acted and the client does not know it yet.
   * `waiting()` counts the answers held back.
   */
  holdAnswers(method: string): { waiting(): number; release(): void } {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let waiting = 0;
    const hold = async (): Promise<void> => {
      waiting += 1;
      this.notify();
      try {
        await gate;
      } finally {
        waiting -= 1;
      }
    };
    this.holds.set(method, hold);
    return {
      waiting: () => waiting,
      release: () => {
        if (this.holds.get(method) === hold) this.holds.delete(method);
        open();
      },
    };
  }

  /**
   * POSTs an update to the registered webhook as Telegram does, with the registered
   * secret (or `secretToken` instead; null sends none). Returns the HTTP status.
   */
  async deliverWebhook(update: Update, options: { secretToken?: string | null } = {}): Promise<number> {
    const hook = this.webhookRegistration;
    if (hook === undefined) throw new Error("deliverWebhook: no webhook is set (setWebhook was not called)");
    const secret = options.secretToken === undefined ? hook.secret_token : options.secretToken;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (secret !== undefined && secret !== null) headers["x-telegram-bot-api-secret-token"] = secret;
    const response = await fetch(hook.url, { method: "POST", headers, body: JSON.stringify(update) });
    await response.arrayBuffer();
    return response.status;
  }

  /**
   * Pushes queued updates to the registered webhook as Telegram does: one at a time, in order,
   * the same update again after `retryMs` until the bot answers 2xx, then the next. `origin`
   * stands for the public address (e.g. "http://127.0.0.1:<port>"): the registered URL's path
   * and the secret are used. Every attempt is logged in `webhookAttempts()`. Runs until close().
   */
  pushToWebhook(origin: string, options: { retryMs?: number } = {}): void {
    const retryMs = options.retryMs ?? 250;
    const loop = async (): Promise<void> => {
      while (!this.closed) {
        const hook = this.webhookRegistration;
        const entry = this.queue[0];
        if (hook === undefined || entry === undefined) {
          await this.nextEvent(1000);
          continue;
        }
        const url = new URL(new URL(hook.url).pathname, origin).href;
        let status = 0;
        try {
          const headers: Record<string, string> = { "content-type": "application/json" };
          if (hook.secret_token !== undefined) headers["x-telegram-bot-api-secret-token"] = hook.secret_token;
          const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(entry.update), signal: AbortSignal.timeout(30_000) });
          await response.arrayBuffer();
          status = response.status;
        } catch {
          status = 0; // connection refused or reset: the bot is unreachable
        }
        this.hookAttempts.push({ updateId: entry.update.update_id, status, at: this.clock() });
        if (status >= 200 && status < 300) {
          this.queue.splice(this.queue.indexOf(entry), 1);
          this.notify();
        } else {
          await new Promise((resolve) => setTimeout(resolve, retryMs));
        }
      }
    };
    void loop();
  }

  /** Every webhook delivery `pushToWebhook` made: the update, the HTTP status (0: no answer), when. */
  webhookAttempts(): { updateId: number; status: number; at: number }[] {
    return [...this.hookAttempts];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notify(); // held long polls answer now instead of at their timeout
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- HTTP -------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? "/", "http://fake").pathname);
      const token = match?.[1];
      const method = match?.[2];
      if (token === undefined || method === undefined) throw new ApiFailure(404, "Not Found");
      if (token !== this.token) throw new ApiFailure(401, "Unauthorized");
      if (req.method !== "POST" && req.method !== "GET") throw new ApiFailure(405, "Method Not Allowed");
      const params = decodeParams(await readBody(req), req.headers["content-type"]);
      const call: ApiCall = { method, params, at: this.clock() };
      this.callLog.push(call);
      const failure = this.failures.get(method)?.shift() ?? this.outages.get(method)?.(call);
      if (failure !== undefined) call.failure = failure;
      this.notify();
      if (failure !== undefined) throw toApiFailure(failure);
      const gone = new AbortController();
      res.once("close", () => gone.abort());
      const result = await this.dispatch(method, params, gone.signal);
      await this.holds.get(method)?.();
      answer(res, 200, { ok: true, result });
    } catch (err) {
      if (err instanceof ApiFailure) {
        answer(res, err.code, {
          ok: false,
          error_code: err.code,
          description: err.description,
          ...(err.parameters === undefined ? {} : { parameters: err.parameters }),
        });
      } else {
        answer(res, 500, { ok: false, error_code: 500, description: `fake crashed: ${String(err)}` });
      }
    }
  }

  private async dispatch(method: string, p: Record<string, unknown>, gone: AbortSignal): Promise<unknown> {
    switch (method) {
      case "getMe":
        return this.botUser;
      case "getUpdates":
        return this.getUpdates(p, gone);
      case "setWebhook": {
        const url = optionalString(p, "url");
        if (url === undefined || url === "") throw new ApiFailure(400, "Bad Request: bad webhook: URL must be set");
        this.webhookRegistration = {
          url,
          secret_token: optionalString(p, "secret_token"),
          allowed_updates: optionalStringArray(p, "allowed_updates"),
        };
        return true;
      }
      case "deleteWebhook":
        this.webhookRegistration = undefined;
        if (p["drop_pending_updates"] === true) this.queue.length = 0;
        return true;
      case "getWebhookInfo":
        return { url: this.webhookRegistration?.url ?? "", has_custom_certificate: false, pending_update_count: this.queue.length };
      case "sendMessage":
        return this.sendMessage(p);
      case "sendPhoto":
        return this.sendPhoto(p);
      case "sendDocument":
        return this.sendDocument(p);
      case "answerCallbackQuery": {
        const id = optionalString(p, "callback_query_id");
        if (id === undefined || !this.issuedCallbacks.has(id)) {
          throw new ApiFailure(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }
        return true;
      }
      default:
        throw new ApiFailure(404, "Not Found: method not found");
    }
  }

  private async getUpdates(p: Record<string, unknown>, gone: AbortSignal): Promise<Update[]> {
    if (this.webhookRegistration !== undefined) {
      throw new ApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = optionalInteger(p, "offset");
    const limit = optionalInteger(p, "limit") ?? 100;
    const timeoutSeconds = optionalInteger(p, "timeout") ?? 0;
    const allowed = optionalStringArray(p, "allowed_updates");
    if (allowed !== undefined) this.allowedUpdates = allowed.length > 0 ? allowed : undefined;

    if (offset !== undefined) this.confirmBelow(offset);
    // Telegram serves one getUpdates at a time: a new one terminates the one it was holding.
    if (this.heldPoll !== undefined) {
      this.heldPoll.terminated = true;
      this.notify();
    }
    let batch = this.deliverable(offset, limit);
    if (batch.length === 0 && timeoutSeconds > 0) {
      const poll = { terminated: false };
      this.heldPoll = poll;
      try {
        const deadline = Date.now() + timeoutSeconds * 1000;
        while (batch.length === 0 && !this.closed && !gone.aborted && !poll.terminated && Date.now() < deadline) {
          await this.nextEvent(deadline - Date.now(), gone);
          batch = this.deliverable(offset, limit);
        }
      } finally {
        if (this.heldPoll === poll) this.heldPoll = undefined;
      }
      if (poll.terminated && batch.length === 0 && !gone.aborted) {
        this.terminatedPolls += 1;
        throw new ApiFailure(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
      }
    }
    for (const entry of batch) entry.delivered = true;
    return batch.map((entry) => entry.update);
  }

  private sendMessage(p: Record<string, unknown>): Message {
    const text = optionalString(p, "text");
    if (text === undefined || text.trim() === "") throw new ApiFailure(400, "Bad Request: message text is empty");
    if (text.length > 4096) throw new ApiFailure(400, "Bad Request: message is too long");
    const entities = optionalArray<MessageEntity>(p, "entities");
    checkEntities(text, entities);
    return this.record("sendMessage", p, { text, ...(entities === undefined ? {} : { entities }) }, text, entities, undefined);
  }

  private sendPhoto(p: Record<string, unknown>): Message {
    const photo = optionalString(p, "photo");
    if (photo === undefined || photo === "") throw new ApiFailure(400, "Bad Request: there is no photo in the request");
    const caption = optionalString(p, "caption");
    if (caption !== undefined && caption.length > 1024) throw new ApiFailure(400, "Bad Request: message caption is too long");
    const entities = optionalArray<MessageEntity>(p, "caption_entities");
    checkEntities(caption ?? "", entities);
    const sizes: PhotoSize[] = [{ file_id: photo, file_unique_id: `u-${photo}`, width: 1280, height: 1280 }];
    const fields: Partial<Message> = { photo: sizes };
    if (caption !== undefined) fields.caption = caption;
    if (entities !== undefined) fields.caption_entities = entities;
    return this.record("sendPhoto", p, fields, caption, entities, photo);
  }

  private sendDocument(p: Record<string, unknown>): Message {
    const document = p["document"];
    if (document === undefined || document === "") throw new ApiFailure(400, "Bad Request: there is no document in the request");
    if (typeof document !== "string" && !isUpload(document)) throw new ApiFailure(400, "Bad Request: wrong type of the document");
    const caption = optionalString(p, "caption");
    if (caption !== undefined && caption.length > 1024) throw new ApiFailure(400, "Bad Request: message caption is too long");
    const entities = optionalArray<MessageEntity>(p, "caption_entities");
    checkEntities(caption ?? "", entities);
    const fileId = typeof document === "string" ? document : `document-${this.sentMessages.length + 1}`;
    const fields: Partial<Message> = {
      document: typeof document === "string"
        ? { file_id: fileId, file_unique_id: `u-${fileId}` }
        : { file_id: fileId, file_unique_id: `u-${fileId}`, file_name: document.fileName, mime_type: document.contentType, file_size: document.bytes.length },
    };
    if (caption !== undefined) fields.caption = caption;
    if (entities !== undefined) fields.caption_entities = entities;
    return this.record("sendDocument", p, fields, caption, entities, undefined, document);
  }

  private record(
    method: SentMessage["method"],
    p: Record<string, unknown>,
    fields: Partial<Message>,
    text: string | undefined,
    entities: MessageEntity[] | undefined,
    photo: string | undefined,
    document?: UploadedFile | string,
  ): Message {
    const chatId = p["chat_id"];
    if (typeof chatId !== "number") throw new ApiFailure(400, "Bad Request: chat not found");
    const at = Date.now();
    this.checkLimits(chatId, at);
    const replyMarkup = optionalObject<InlineKeyboardMarkup>(p, "reply_markup");
    for (const button of replyMarkup?.inline_keyboard.flat() ?? []) {
      const data = button.callback_data;
      if (data !== undefined && (data === "" || Buffer.byteLength(data) > 64)) {
        throw new ApiFailure(400, "Bad Request: BUTTON_DATA_INVALID");
      }
    }
    const replyParameters = optionalObject<ReplyParameters>(p, "reply_parameters");
    const repliedId = replyParameters?.message_id;
    if (
      repliedId !== undefined &&
      repliedId > (this.lastMessageId.get(chatId) ?? 0) &&
      replyParameters?.allow_sending_without_reply !== true
    ) {
      throw new ApiFailure(400, "Bad Request: message to be replied not found");
    }
    const message: Message = {
      message_id: this.nextMessageId(chatId),
      date: now(),
      chat: this.chatOf(chatId),
      from: this.botUser,
      ...fields,
      ...(replyMarkup === undefined ? {} : { reply_markup: replyMarkup }),
    };
    const disableNotification = p["disable_notification"];
    const parseMode = p["parse_mode"];
    const sent: SentMessage = {
      method,
      chat_id: chatId,
      message_id: message.message_id,
      text,
      entities,
      photo,
      document,
      reply_markup: replyMarkup,
      reply_parameters: replyParameters,
      disable_notification: typeof disableNotification === "boolean" ? disableNotification : undefined,
      parse_mode: typeof parseMode === "string" ? parseMode : undefined,
      params: p,
      at,
    };
    this.sentMessages.push(sent);
    for (const listener of this.sentListeners) listener(sent);
    this.notify();
    return message;
  }

  /** Refuses a message that would be one too many in a window, with the seconds until the window has room. */
  private checkLimits(chatId: number, at: number): void {
    const limits = this.limits;
    if (limits === undefined) return;
    const group = chatId < 0;
    const windows: { max: number; ms: number; sameChat: boolean }[] = [
      { max: limits.perSecond, ms: 1000, sameChat: false },
      group ? { max: limits.perGroupPerMinute, ms: 60_000, sameChat: true } : { max: limits.perPrivateChatPerSecond, ms: 1000, sameChat: true },
    ];
    for (const w of windows) {
      const inWindow: number[] = [];
      for (let i = this.sentMessages.length - 1; i >= 0; i--) {
        const m = this.sentMessages[i];
        if (m === undefined || m.at <= at - w.ms) break;
        if (!w.sameChat || m.chat_id === chatId) inWindow.push(m.at);
      }
      if (inWindow.length >= w.max) {
        // The oldest of the last `max` sends must leave the window first.
        const oldest = inWindow[w.max - 1] ?? at;
        this.refusedForFlood += 1;
        const retryAfter = Math.max(1, Math.ceil((oldest + w.ms - at) / 1000));
        throw new ApiFailure(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
      }
    }
  }

  // ---- internals --------------------------------------------------------------------

  private enqueue(input: NewUpdate, forced: boolean): Update {
    const updateId = input.update_id ?? this.nextUpdateId++;
    this.nextUpdateId = Math.max(this.nextUpdateId, updateId + 1);
    // The spread keeps the payload key; TypeScript cannot follow it through the union.
    const update = { ...input, update_id: updateId } as Update;
    this.queue.push({ update, forced, delivered: false });
    this.queue.sort((a, b) => a.update.update_id - b.update.update_id);
    this.notify();
    return update;
  }

  private confirmBelow(offset: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const entry = this.queue[i];
      if (entry !== undefined && entry.update.update_id < offset && (!entry.forced || entry.delivered)) this.queue.splice(i, 1);
    }
  }

  private deliverable(offset: number | undefined, limit: number): QueuedUpdate[] {
    return this.queue
      .filter((entry) => offset === undefined || entry.update.update_id >= offset || (entry.forced && !entry.delivered))
      .filter((entry) => this.allowedUpdates === undefined || this.allowedUpdates.includes(updateKind(entry.update)))
      .slice(0, limit);
  }

  private nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  /** Positive ids are private chats, negative ones groups (supergroups when they start with -100), as in Telegram. */
  private chatOf(chatId: number, privatePeer?: FakeUser): Chat {
    if (chatId > 0) {
      const chat: Chat = { id: chatId, type: "private", first_name: privatePeer?.first_name ?? `User${chatId}` };
      if (privatePeer?.last_name !== undefined) chat.last_name = privatePeer.last_name;
      return chat;
    }
    return { id: chatId, type: String(chatId).startsWith("-100") ? "supergroup" : "group", title: `Group ${chatId}` };
  }

  private botMessage(chatId: number, messageId: number): Message {
    const sent = this.sentMessages.find((message) => message.chat_id === chatId && message.message_id === messageId);
    const message: Message = { message_id: messageId, date: now(), chat: this.chatOf(chatId), from: this.botUser };
    if (sent?.text !== undefined) message.text = sent.text;
    if (sent?.reply_markup !== undefined) message.reply_markup = sent.reply_markup;
    return message;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves on the next queued update/sent message/call, on close, on abort, or after `ms`. */
  private nextEvent(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.listeners.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  private async waitFor<T>(find: () => T | undefined, timeoutMs: number, explain: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() >= deadline || this.closed) throw new Error(explain());
      await this.nextEvent(deadline - Date.now());
    }
  }

  private describeSent(): string {
    if (this.sentMessages.length === 0) return "Nothing was sent.";
    const lines = this.sentMessages.map(
      (m) => `  ${m.method} chat ${m.chat_id} #${m.message_id}: ${JSON.stringify(truncate(m.text ?? m.photo ?? "", 80))}`,
    );
    return `Sent (${this.sentMessages.length}):\n${lines.join("\n")}`;
  }
}

// ---- wire helpers -----------------------------------------------------------------------

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The library sends urlencoded (nested objects as JSON strings), multipart when it uploads a file; other clients send JSON. */
function decodeParams(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (raw.length === 0) return {};
  if (type === "multipart/form-data") return decodeMultipart(raw, contentType ?? "");
  const body = raw.toString("utf8");
  if (type === "application/json") {
    const parsed: unknown = JSON.parse(body);
    if (!isRecord(parsed)) throw new ApiFailure(400, "Bad Request: JSON body must be an object");
    return parsed;
  }
  const params: Record<string, unknown> = {};
  for (const [key, raw] of new URLSearchParams(body)) params[key] = decodeField(key, raw);
  return params;
}

/** A multipart body: its text fields decoded as urlencoded ones are, its file parts as `UploadedFile`s. */
function decodeMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary === undefined) throw new ApiFailure(400, "Bad Request: multipart body without a boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const params: Record<string, unknown> = {};
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString("latin1") === "--") return params;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // Each part sits between the CRLF after its delimiter and the CRLF before the next one.
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd === -1) break;
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const name = /;\s*name="([^"]*)"/.exec(headers)?.[1];
    if (name === undefined) break;
    const fileName = /;\s*filename="([^"]*)"/.exec(headers)?.[1];
    params[name] =
      fileName === undefined
        ? decodeField(name, content.toString("utf8"))
        : ({ fileName, contentType: /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? "application/octet-stream", bytes: Buffer.from(content) } satisfies UploadedFile);
    at = next;
  }
  throw new ApiFailure(400, "Bad Request: malformed multipart body");
}

function isUpload(value: unknown): value is UploadedFile {
  return isRecord(value) && Buffer.isBuffer(value["bytes"]);
}

function decodeField(key: string, raw: string): unknown {
  if (key === "chat_id") return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (INTEGER_FIELDS.has(key)) {
    const value = Number(raw);
    if (!Number.isInteger(value)) throw new ApiFailure(400, `Bad Request: ${key} must be an integer`);
    return value;
  }
  if (BOOLEAN_FIELDS.has(key)) return raw === "true";
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new ApiFailure(400, `Bad Request: can't parse ${key} JSON object`);
    }
  }
  return raw;
}

function toApiFailure(failure: InjectedFailure): ApiFailure {
  switch (failure.status) {
    case 429:
      return new ApiFailure(429, `Too Many Requests: retry after ${failure.retryAfter}`, { retry_after: failure.retryAfter });
    case 403:
      return new ApiFailure(403, failure.description ?? "Forbidden: bot was blocked by the user");
    case 400:
      return "migrateTo" in failure
        ? new ApiFailure(400, "Bad Request: group chat was upgraded to a supergroup chat", {
            migrate_to_chat_id: failure.migrateTo,
          })
        : new ApiFailure(400, failure.description);
    default:
      return new ApiFailure(failure.status, failure.description ?? (failure.status >= 500 ? "Internal Server Error" : "Error"));
  }
}

/** Telegram refuses entities that fall outside the text. */
function checkEntities(text: string, entities: MessageEntity[] | undefined): void {
  for (const entity of entities ?? []) {
    if (entity.offset < 0 || entity.length <= 0 || entity.offset + entity.length > text.length) {
      throw new ApiFailure(400, "Bad Request: can't parse entities: entity beyond the end of the text");
    }
    if (entity.type === "text_mention" && entity.user === undefined) {
      throw new ApiFailure(400, "Bad Request: can't parse entities: text_mention without user");
    }
  }
}

function optionalString(p: Record<string, unknown>, key: string): string | undefined {
  const value = p[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ApiFailure(400, `Bad Request: ${key} must be a string`);
  return value;
}

function optionalInteger(p: Record<string, unknown>, key: string): number | undefined {
  const value = p[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw new ApiFailure(400, `Bad Request: ${key} must be an integer`);
  return value;
}

function optionalArray<T>(p: Record<string, unknown>, key: string): T[] | undefined {
  const value = p[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ApiFailure(400, `Bad Request: ${key} must be an array`);
  return value as T[];
}

function optionalStringArray(p: Record<string, unknown>, key: string): string[] | undefined {
  const value = optionalArray<unknown>(p, key);
  if (value !== undefined && !value.every((item) => typeof item === "string")) {
    throw new ApiFailure(400, `Bad Request: ${key} must be an array of strings`);
  }
  return value as string[] | undefined;
}

function optionalObject<T>(p: Record<string, unknown>, key: string): T | undefined {
  const value = p[key];
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new ApiFailure(400, `Bad Request: ${key} must be an object`);
  return value as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function updateKind(update: Update): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "";
}

function user(from: FakeUser): User {
  return { is_bot: false, first_name: `User${from.id}`, ...from };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
