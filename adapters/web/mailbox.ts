import type { Logger } from "../../src/log";
import type { ChatStore } from "./chat-store";
import type { MessageDraft, WebChatMessage } from "./types";

/** What an open feed is told. */
export interface FeedHandlers {
  message(message: WebChatMessage): void;
  /** Once, after the messages the history held when the feed opened. */
  ready(): void;
  /** The history could not be read: the feed should end, and the page resume from its last number. */
  failed(): void;
}

const PREVIEW_CHARS = 80;

/**
 * The web chats as this instance serves them: messages go into the store (the history every
 * instance shares), and the open feeds here are pushed what any instance stored, read from the
 * store with each feed's own cursor. A notification only wakes a feed; what it sends is what the
 * store holds after the feed's last number, so a lost or doubled hint costs a read, never a message.
 */
export class Mailbox {
  private readonly feedsByChat = new Map<string, Set<Feed>>();
  private stopWatching: (() => Promise<void>) | undefined;

  constructor(
    private readonly store: ChatStore,
    private readonly logger: Logger,
  ) {}

  /** Starts hearing of new messages; feeds opened before read what they may have missed. */
  async start(): Promise<void> {
    this.stopWatching ??= await this.store.watch({
      appended: (chatId) => this.feedsByChat.get(chatId)?.forEach((feed) => feed.wake()),
      missed: () => this.wakeAll(),
    });
    this.wakeAll();
  }

  async stop(): Promise<void> {
    const stop = this.stopWatching;
    this.stopWatching = undefined;
    await stop?.();
  }

  /**
   * Stores a message, with the start of the message it replies to (the quote outlives that
   * message). With a dedupe key stored before, returns the id of the message stored then.
   */
  async append(chatId: string, draft: MessageDraft, dedupeKey?: string): Promise<{ id: string; duplicate: boolean }> {
    const quoted = draft.replyToMessageId === undefined ? undefined : await this.store.find(chatId, draft.replyToMessageId);
    return this.store.append(chatId, quoted ? { ...draft, replyPreview: preview(quoted.text) } : draft, dedupeKey);
  }

  /**
   * The label of a pressed button, so the history shows what the person tapped rather than
   * its data. Looks in the message the button was on, else in the newest message with it.
   */
  async buttonLabel(chatId: string, data: string, onMessageId?: string): Promise<string | undefined> {
    const onMessage = onMessageId === undefined ? undefined : await this.store.find(chatId, onMessageId);
    const label = (message: WebChatMessage | undefined) => message?.buttons?.flat().find((b) => b.data === data)?.label;
    return onMessage ? label(onMessage) : label(await this.store.newestWithButton(chatId, data));
  }

  /** The id of the web photo that message `messageId` of `chatId` carries, if it has one. */
  async webPhotoOf(chatId: string, messageId: string): Promise<string | undefined> {
    const photo = (await this.store.find(chatId, messageId))?.photo;
    return photo?.channel === "web" ? photo.fileId : undefined;
  }

  /**
   * Sends `handlers` the messages of `chatIds` after `after`, then `ready`, then every new one, in
   * number order and each once, until the returned function is called.
   */
  follow(chatIds: readonly string[], after: number, handlers: FeedHandlers): () => void {
    const chats = [...new Set(chatIds)];
    const feed = new Feed(this.store, chats, after, handlers, this.logger);
    // Registered before the first read, so a message stored meanwhile wakes it for a second one.
    for (const chat of chats) {
      const feeds = this.feedsByChat.get(chat) ?? new Set();
      feeds.add(feed);
      this.feedsByChat.set(chat, feeds);
    }
    feed.wake();
    return () => {
      feed.close();
      for (const chat of chats) {
        const feeds = this.feedsByChat.get(chat);
        feeds?.delete(feed);
        if (feeds?.size === 0) this.feedsByChat.delete(chat);
      }
    };
  }

  private wakeAll(): void {
    for (const feeds of this.feedsByChat.values()) for (const feed of feeds) feed.wake();
  }
}

/** One open feed: its cursor, and at most one read of the store at a time. */
class Feed {
  private wanted = false;
  private reading = false;
  private closed = false;
  private replayed = false;

  constructor(
    private readonly store: ChatStore,
    private readonly chats: readonly string[],
    private cursor: number,
    private readonly handlers: FeedHandlers,
    private readonly logger: Logger,
  ) {}

  /** Reads what is new, now or, if a read is under way, right after it. */
  wake(): void {
    this.wanted = true;
    if (!this.reading && !this.closed) void this.read();
  }

  close(): void {
    this.closed = true;
  }

  private async read(): Promise<void> {
    this.reading = true;
    try {
      while (this.wanted && !this.closed) {
        this.wanted = false;
        const messages = await this.store.after(this.chats, this.cursor);
        for (const message of messages) {
          if (this.closed) return;
          this.cursor = message.seq;
          this.handlers.message(message);
        }
        if (!this.replayed && !this.closed) {
          this.replayed = true;
          this.handlers.ready();
        }
      }
    } catch (error) {
      if (this.closed) return;
      this.logger.warn("web chat: could not read the history for an open page; ending its stream so it resumes", {
        error: error instanceof Error ? error.message : String(error),
      });
      this.handlers.failed();
    } finally {
      // In the same turn as the loop's last check: a wake from now on starts a new read.
      this.reading = false;
    }
  }
}

function preview(text: string): string {
  const chars = [...text];
  return chars.length <= PREVIEW_CHARS ? text : chars.slice(0, PREVIEW_CHARS).join("") + "…";
}
