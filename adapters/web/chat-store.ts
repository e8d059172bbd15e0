import type { StoredDraft, WebChatMessage } from "./types";

/**
 * Where the web chats' history is kept: in the database, shared by every instance, so a reload,
 * a restart or another instance shows the same chat (src/web-chat/web-chat-history.ts, wired in
 * src/app.ts). Messages are numbered over all chats (`seq`), and a number becomes visible only
 * after every lower one, so a reader that has seen `seq` and asks for what came after misses nothing.
 */
export interface ChatStore {
  /**
   * Stores a message and tells every instance's watchers. With a dedupe key stored before in the
   * chat, returns that message's id and stores nothing (a browser's retry, on any instance).
   */
  append(chatId: string, draft: StoredDraft, dedupeKey?: string): Promise<{ id: string; duplicate: boolean }>;
  /** The messages of `chatIds` numbered above `after`, in number order, as far as the history keeps them. */
  after(chatIds: readonly string[], after: number): Promise<WebChatMessage[]>;
  find(chatId: string, messageId: string): Promise<WebChatMessage | undefined>;
  /** The chat's newest message with a button whose data is `data`. */
  newestWithButton(chatId: string, data: string): Promise<WebChatMessage | undefined>;
  /** Tells `watcher` of new messages, every instance's, until the returned function is called. */
  watch(watcher: ChatWatcher): Promise<() => Promise<void>>;
}

export interface ChatWatcher {
  /** `chatId` has a new message (a hint: read it with `after`). */
  appended(chatId: string): void;
  /** Hints may have been lost (the database connection came back): read every open chat again. */
  missed(): void;
}
