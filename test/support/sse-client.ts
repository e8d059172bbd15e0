import type { WebChatMessage } from "../../adapters/web/types";
/** One Server-Sent Event as a browser's EventSource would see it. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads an event stream over fetch, so tests can wait for events and see the HTTP status
 * (EventSource hides it). Comment lines (heartbeats) are skipped.
 */
export class SseClient {
  private readonly events: SseEvent[] = [];
  private readonly waiters: (() => void)[] = [];
  private ended = false;

  private constructor(
    readonly status: number,
    private readonly controller: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal });
    const client = new SseClient(response.status, controller);
    if (response.ok && response.body) void client.pump(response.body);
    else {
      client.body = await response.text();
      client.ended = true;
    }
    return client;
  }

  /** The body of a non-2xx answer. */
  body = "";

  /** Waits until the stream holds an event matching `predicate`, then returns and consumes it and all before it. */
  async next(predicate: (e: SseEvent) => boolean = () => true, timeoutMs = 3000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex(predicate);
      if (index >= 0) {
        const [found] = this.events.splice(0, index + 1).slice(-1);
        if (found) return found;
      }
      if (this.ended) throw new Error(`event stream ended; unmatched events: ${JSON.stringify(this.events)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The data of the next `message` event, parsed. */
  async nextMessage<T>(predicate: (data: T) => boolean = () => true, timeoutMs = 3000): Promise<{ data: T; id?: string }> {
    const event = await this.next((e) => e.event === "message" && predicate(JSON.parse(e.data) as T), timeoutMs);
    return { data: JSON.parse(event.data) as T, ...(event.id === undefined ? {} : { id: event.id }) };
  }

  /** Events received and not yet consumed. */
  pending(): readonly SseEvent[] {
    return this.events;
  }

  /** Resolves when the server ends the stream. */
  async waitForEnd(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream still open after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          this.parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Aborted by close() or cut by the server: either way the stream is over.
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private parseBlock(block: string): void {
    let event = "message";
    const data: string[] = [];
    let id: string | undefined;
    let sawField = false;
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
      else continue;
      sawField = true;
    }
    if (!sawField || data.length === 0) return;
    this.events.push({ event, data: data.join("\n"), ...(id === undefined ? {} : { id }) });
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** The web chat messages a stream replays before its `ready` event (its history), consumed. */
export async function replay(events: SseClient): Promise<WebChatMessage[]> {
  const messages: WebChatMessage[] = [];
  for (;;) {
    const event = await events.next(() => true, 10_000);
    if (event.event === "ready") return messages;
    if (event.event === "message") messages.push(JSON.parse(event.data) as WebChatMessage);
  }
}
