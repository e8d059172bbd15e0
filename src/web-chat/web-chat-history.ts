import type { Clock } from "../clock";
import type { Database } from "../db/database";
import { notifyChannels } from "../db/notifications";
import {
  appendWebChatMessages,
  deleteBeyondPerChat,
  deleteWrittenBefore,
  lockAppends,
  newestWithButton,
  webChatMessage,
  webChatMessagesAfter,
  type NewWebChatMessage,
  type WebChatRecord,
} from "../db/repositories/web-chat-repository";
import { deleteUnsentWebPhotos, markWebPhotoSent } from "../db/repositories/web-photo-repository";
import { transactor } from "../db/tx";
import type { Logger } from "../log";
import { AppendBatches } from "./append-batches";

/**
 * What the history keeps: the newest `perChat` messages of each chat, none older than `maxAgeMs`;
 * and of the photos residents uploaded, those no message named within `unsentPhotoMaxAgeMs`
 * (picked and then not sent, or the page closed) are deleted.
 */
export interface WebChatLimits {
  perChat: number;
  maxAgeMs: number;
  unsentPhotoMaxAgeMs: number;
}

/**
 * 200 messages, the last few weeks of a busy chat; 180 days, which covers an appeal's legal course
 * (60 days, 30 more on extension, 30 to ask for a review and 30 for its answer), so a resident who
 * comes back about their case still finds the conversation. A day for an unsent photo: the page
 * posts its message as soon as the upload is answered, so one still unsent after a day was
 * dropped (the page closed, the message failed).
 */
const DEFAULT_WEB_CHAT_LIMITS: WebChatLimits = { perChat: 200, maxAgeMs: 180 * 24 * 60 * 60_000, unsentPhotoMaxAgeMs: 24 * 60 * 60_000 };

/** How often an instance that serves the web chat deletes what the limits no longer keep. */
const PRUNE_EVERY_MS = 10 * 60_000;
/** Messages deleted by age per statement, so no statement holds many rows at once. */
const PRUNE_BATCH = 1000;
/** Photos per statement: each is up to 5 MB of bytes. */
const PHOTO_PRUNE_BATCH = 100;

/** Hears of new messages, every instance's. */
export interface WebChatWatcher {
  /** `chatId` has a new message: a hint, read the table for it. */
  appended(chatId: string): void;
  /** Hints may have been lost (the listening connection came back): read every open chat again. */
  missed(): void;
}

export type WebChatDraft = Omit<NewWebChatMessage, "chatId" | "at">;

/**
 * The web chats' history in the database (web_chat_messages), shared by every instance on it, for
 * the web adapter (adapters/web/chat-store.ts says what it needs). An append commits the message
 * and a notification together; every instance's watcher hears it and reads the message from the
 * table. On the embedded database the notification stays in this process; the code is the same.
 */
export class WebChatHistory {
  private readonly batches: AppendBatches;
  private readonly limits: WebChatLimits;
  /** Chats appended to since the last prune: the ones that may have grown past `perChat`. */
  private touched = new Set<string>();
  private pruning: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    limits: Partial<WebChatLimits>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    const d = DEFAULT_WEB_CHAT_LIMITS;
    this.limits = { perChat: limits.perChat ?? d.perChat, maxAgeMs: limits.maxAgeMs ?? d.maxAgeMs, unsentPhotoMaxAgeMs: limits.unsentPhotoMaxAgeMs ?? d.unsentPhotoMaxAgeMs };
    if (!Number.isInteger(this.limits.perChat) || this.limits.perChat < 1) throw new Error(`web chat history: perChat must be a positive integer, got ${this.limits.perChat}`);
    if (!(this.limits.maxAgeMs > 0)) throw new Error(`web chat history: maxAgeMs must be positive, got ${this.limits.maxAgeMs}`);
    if (!(this.limits.unsentPhotoMaxAgeMs > 0)) throw new Error(`web chat history: unsentPhotoMaxAgeMs must be positive, got ${this.limits.unsentPhotoMaxAgeMs}`);
    const transact = transactor(database.dataSource);
    this.batches = new AppendBatches((appends) =>
      transact(async (tx) => {
        // Before the numbers are taken, held to the commit: appends commit in number order, on every
        // instance, so no reader sees a number before a lower one (lockAppends says why it matters).
        // Under the lock, so two instances taking the same retry cannot both miss the other's row.
        await lockAppends(tx);
        const appended = await appendWebChatMessages(tx, appends);
        const stored = appends.filter((_, i) => !appended[i]!.duplicate).map((a) => a.message);
        // A photo a message names is sent: it no longer expires. A resident's photo deleted as unsent
        // meanwhile is not sent after all: the batch fails, its appends are tried one by one, and
        // this one's browser is then told the photo does not exist.
        for (const m of stored) {
          if (m.photo?.channel === "web" && !(await markWebPhotoSent(tx, m.photo.fileId, m.at)) && m.from.kind === "resident") {
            throw new Error("the photo was deleted as never sent");
          }
        }
        await database.notifications.notifyEach(tx, notifyChannels.webChat, [...new Set(stored.map((m) => m.chatId))]);
        return appended;
      }),
    );
  }

  /**
   * Stores a message and tells every instance. With a dedupe key the chat has stored before,
   * returns that message's id and stores nothing: a browser's retry, on whichever instance.
   */
  async append(chatId: string, draft: WebChatDraft, dedupeKey?: string): Promise<{ id: string; duplicate: boolean }> {
    // Stored with the other appends of this moment, in one transaction (append-batches.ts).
    const stored = await this.batches.append({ message: { ...draft, chatId, at: this.clock.now() }, ...(dedupeKey === undefined ? {} : { dedupeKey }) });
    if (!stored.duplicate) this.touched.add(chatId);
    return { id: messageIdOf(stored.seq), duplicate: stored.duplicate };
  }

  /** The messages of `chatIds` after `after` that the limits keep, in number order. */
  async after(chatIds: readonly string[], after: number) {
    const since = new Date(this.clock.now().getTime() - this.limits.maxAgeMs);
    const records = await webChatMessagesAfter(this.database.dataSource.manager, chatIds, after, { perChat: this.limits.perChat, since });
    return records.map(toMessage);
  }

  async find(chatId: string, messageId: string) {
    const seq = seqOf(messageId);
    const record = seq === undefined ? undefined : await webChatMessage(this.database.dataSource.manager, chatId, seq);
    return record && toMessage(record);
  }

  /** The chat's newest message with a button whose data is `data`. */
  async newestWithButton(chatId: string, data: string) {
    const record = await newestWithButton(this.database.dataSource.manager, chatId, data);
    return record && toMessage(record);
  }

  /**
   * Tells `watcher` of every instance's new messages until the returned function is called. Meanwhile
   * this instance also prunes the history now and then: one serving the web chat keeps it small.
   */
  async watch(watcher: WebChatWatcher): Promise<() => Promise<void>> {
    const { notifications } = this.database;
    const unlisten = await notifications.listen(notifyChannels.webChat, (chatId) => watcher.appended(chatId));
    const unReconnect = notifications.onReconnect(() => watcher.missed());
    const timer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    timer.unref();
    return async () => {
      clearInterval(timer);
      unReconnect();
      unlisten();
      await this.pruning;
    };
  }

  /**
   * Deletes what the limits no longer keep: the messages of recently appended chats beyond their
   * newest `perChat`, every message older than `maxAgeMs`, and the photos uploaded more than
   * `unsentPhotoMaxAgeMs` ago that no message named. Plain statements outside the appends' lock,
   * in batches, so no send waits for it; reads already leave out what it is about to delete.
   * Every instance serving the web chat runs it: the statements delete each row once, whoever runs.
   * (A chat appended to just before a restart is trimmed at its next message.)
   */
  prune(): Promise<void> {
    this.pruning ??= this.pruneOnce().finally(() => (this.pruning = undefined));
    return this.pruning;
  }

  private async pruneOnce(): Promise<void> {
    const chats = [...this.touched];
    this.touched = new Set();
    const pool = this.database.dataSource.manager;
    try {
      let beyondLimit = 0;
      for (let i = 0; i < chats.length; i += PRUNE_BATCH) beyondLimit += await deleteBeyondPerChat(pool, chats.slice(i, i + PRUNE_BATCH), this.limits.perChat);
      const before = new Date(this.clock.now().getTime() - this.limits.maxAgeMs);
      let expired = 0;
      for (;;) {
        const deleted = await deleteWrittenBefore(pool, before, PRUNE_BATCH);
        expired += deleted;
        if (deleted < PRUNE_BATCH) break;
      }
      const unsentBefore = new Date(this.clock.now().getTime() - this.limits.unsentPhotoMaxAgeMs);
      let unsentPhotos = 0;
      for (;;) {
        const deleted = await deleteUnsentWebPhotos(pool, unsentBefore, PHOTO_PRUNE_BATCH);
        unsentPhotos += deleted;
        if (deleted < PHOTO_PRUNE_BATCH) break;
      }
      if (beyondLimit + expired + unsentPhotos > 0) this.logger.info("web chat: history pruned", { beyondLimit, expired, unsentPhotos });
    } catch (error) {
      for (const chat of chats) this.touched.add(chat);
      this.logger.warn("web chat: could not prune the history; trying again later", { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** A message's id: "w" and its seq in base 36, like the clock-based ids before; the sequence starts above those, so the two never meet. */
function messageIdOf(seq: number): string {
  return "w" + seq.toString(36);
}

/** The seq a message id stands for, if it is one of ours. */
function seqOf(messageId: string): number | undefined {
  if (!/^w[0-9a-z]{1,11}$/.test(messageId)) return undefined;
  const seq = parseInt(messageId.slice(1), 36);
  return Number.isSafeInteger(seq) ? seq : undefined;
}

/** A record as pages receive it. */
function toMessage(record: WebChatRecord) {
  return { id: messageIdOf(record.seq), ...record, at: record.at.toISOString() };
}
