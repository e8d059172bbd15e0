import type { MessageDraft, WebChatMessage } from "./types";

export type MailboxListener = (message: WebChatMessage) => void;

interface ChatBox {
  messages: WebChatMessage[];
  /** Dedupe key -> message id, so a retried POST is stored once and keeps its message id. */
  byDedupeKey: Map<string, string>;
  listeners: Set<MailboxListener>;
}

export interface MailboxOptions {
  /** Messages kept per chat; older ones are dropped (the core holds the real record). */
  historyLimit: number;
  /** Chats kept at all; the least recently active chat nobody is watching is dropped first. */
  maxChats?: number;
  now?: () => Date;
}

const PREVIEW_CHARS = 80;

/**
 * In-memory history of every web chat, with one sequence over all chats so a browser
 * watching several chats resumes with a single `after`.
 */
export class Mailbox {
  private readonly chats = new Map<string, ChatBox>();
  private readonly historyLimit: number;
  private readonly maxChats: number;
  private readonly now: () => Date;
  /**
   * Starts at the clock in microseconds rather than 0: after a restart the history is empty
   * and a browser still holding `after` from the previous run must get the new messages
   * instead of waiting for the counter to catch up. The same holds for message ids, which the
   * core stores to map replies and so must not repeat across runs.
   */
  private lastSeq: number;

  constructor(options: MailboxOptions) {
    if (!Number.isInteger(options.historyLimit) || options.historyLimit < 1) {
      throw new Error(`web chat historyLimit must be a positive integer, got ${String(options.historyLimit)}`);
    }
    this.historyLimit = options.historyLimit;
    this.maxChats = options.maxChats ?? 10_000;
    this.now = options.now ?? (() => new Date());
    this.lastSeq = this.now().getTime() * 1000;
  }

  /**
   * Stores a message and tells the chat's listeners. With a dedupe key seen before, returns
   * the id of the message stored then and tells nobody.
   */
  append(chatId: string, draft: MessageDraft, dedupeKey?: string): { id: string; duplicate: boolean } {
    const box = this.touch(chatId);
    if (dedupeKey !== undefined) {
      const knownId = box.byDedupeKey.get(dedupeKey);
      if (knownId !== undefined) return { id: knownId, duplicate: true };
    }
    this.lastSeq += 1;
    const seq = this.lastSeq;
    const message: WebChatMessage = {
      ...withoutUndefined(draft),
      id: "w" + seq.toString(36),
      seq,
      chatId,
      at: this.now().toISOString(),
    };
    if (draft.replyToMessageId !== undefined) {
      const quoted = box.messages.find((m) => m.id === draft.replyToMessageId);
      if (quoted) message.replyPreview = preview(quoted.text);
    }
    box.messages.push(message);
    if (dedupeKey !== undefined) box.byDedupeKey.set(dedupeKey, message.id);
    this.trim(box);
    for (const listener of [...box.listeners]) {
      // The message is stored; one broken browser connection must not turn that into a failed send.
      try {
        listener(message);
      } catch {
        box.listeners.delete(listener);
      }
    }
    return { id: message.id, duplicate: false };
  }

  find(chatId: string, messageId: string): WebChatMessage | undefined {
    return this.chats.get(chatId)?.messages.find((m) => m.id === messageId);
  }

  /**
   * The label of a pressed button, so the history shows what the person tapped rather than
   * its data. Looks in the message the button was on, else in the newest message with it.
   */
  buttonLabel(chatId: string, data: string, onMessageId?: string): string | undefined {
    const messages = this.chats.get(chatId)?.messages ?? [];
    const onMessage = onMessageId === undefined ? undefined : messages.find((m) => m.id === onMessageId);
    const candidates = onMessage ? [onMessage] : [...messages].reverse();
    for (const message of candidates) {
      for (const row of message.buttons ?? []) {
        const button = row.find((b) => b.data === data);
        if (button) return button.label;
      }
    }
    return undefined;
  }

  /**
   * Replays the messages of `chatIds` after `after` in sequence order, then calls the
   * listener for each new one. Both happen on the caller's turn, so nothing falls between.
   */
  subscribe(chatIds: readonly string[], after: number, listener: MailboxListener): () => void {
    const boxes = [...new Set(chatIds)].map((id) => this.touch(id));
    const backlog = boxes
      .flatMap((box) => box.messages.filter((m) => m.seq > after))
      .sort((a, b) => a.seq - b.seq);
    for (const message of backlog) listener(message);
    for (const box of boxes) box.listeners.add(listener);
    return () => {
      for (const box of boxes) box.listeners.delete(listener);
    };
  }

  /** Gets or creates a chat and marks it most recently active. */
  private touch(chatId: string): ChatBox {
    let box = this.chats.get(chatId);
    if (box) {
      // Map keeps insertion order: re-inserting moves the chat to the young end.
      this.chats.delete(chatId);
    } else {
      box = { messages: [], byDedupeKey: new Map(), listeners: new Set() };
    }
    this.chats.set(chatId, box);
    this.evictIdleChats();
    return box;
  }

  private trim(box: ChatBox): void {
    const excess = box.messages.length - this.historyLimit;
    if (excess > 0) box.messages.splice(0, excess);
    // Dedupe keys outlive their messages a while, so a late retry is still recognised.
    const keyLimit = this.historyLimit * 2;
    for (const key of box.byDedupeKey.keys()) {
      if (box.byDedupeKey.size <= keyLimit) break;
      box.byDedupeKey.delete(key);
    }
  }

  private evictIdleChats(): void {
    if (this.chats.size <= this.maxChats) return;
    for (const [id, box] of this.chats) {
      if (this.chats.size <= this.maxChats) return;
      if (box.listeners.size === 0) this.chats.delete(id);
    }
  }
}

function preview(text: string): string {
  const chars = [...text];
  return chars.length <= PREVIEW_CHARS ? text : chars.slice(0, PREVIEW_CHARS).join("") + "…";
}

/** Drops keys whose value is undefined so the JSON the browser gets has no empty fields. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
