import { isChatMessage } from "./chat-api";
import type { ChatMessage } from "./chat-types";

export type FeedState = "connecting" | "online" | "reconnecting";

export interface FeedHandlers {
  url(after: number): string;
  message(m: ChatMessage): void;
  state(state: FeedState): void;
  /** The stream closed for good (e.g. 401: no cookie any more): resolve when it may reconnect. */
  closed(): Promise<void>;
}

/**
 * The chat's event stream, resuming where it stopped: the browser's own reconnect sends
 * Last-Event-ID; when the browser gives up (the server was down, the cookie was gone), a new
 * stream opens with after = the last seq the page has, so nothing is missed or shown twice.
 */
export class EventFeed {
  private lastSeq = 0;
  private source: EventSource | null = null;
  private retryMs = 1000;
  private timer: number | undefined;
  private stopped = false;

  constructor(private readonly handlers: FeedHandlers) {}

  start(): void {
    if (this.stopped) return;
    this.handlers.state("connecting");
    const source = new EventSource(this.handlers.url(this.lastSeq));
    this.source = source;
    source.addEventListener("message", (event: MessageEvent<string>) => {
      let m: unknown;
      try {
        m = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!isChatMessage(m) || m.seq <= this.lastSeq) return;
      this.lastSeq = m.seq;
      this.handlers.message(m);
    });
    source.addEventListener("ready", () => {
      this.retryMs = 1000;
      this.handlers.state("online");
    });
    source.addEventListener("error", () => {
      if (this.stopped) return;
      this.handlers.state("reconnecting");
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      void this.handlers.closed().then(() => {
        if (this.stopped) return;
        this.timer = window.setTimeout(() => this.start(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
      });
    });
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.source?.close();
  }
}
