import type { ServerResponse } from "node:http";

export interface SseOptions {
  /** Comment lines keep proxies and phones from dropping an idle connection. */
  heartbeatMs: number;
  /**
   * Asked at each heartbeat; false ends the stream (e.g. the cadre's session expired, or ended on
   * an instance whose word did not arrive). A check that fails (the database is away) keeps the
   * stream and is asked again at the next heartbeat.
   */
  stillAllowed?: () => Promise<boolean>;
  onClose?: () => void;
  /**
   * Unread bytes past which a client that cannot keep up is cut off (default 1 MB); its page
   * reconnects, and reads again what it missed (a replay by Last-Event-ID, or its list afresh).
   */
  maxBufferedBytes?: number;
}

const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * One Server-Sent Events response: the web chat's pages and the workspace's stream of case changes
 * both answer with it.
 */
export class SseStream {
  private closed = false;
  private checking = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseOptions,
  ) {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // nginx would otherwise hold events back in its buffer.
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
    });
    res.write("retry: 3000\n\n");
    res.on("close", () => this.close());
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs);
    // An open browser tab must not keep the process alive on shutdown.
    this.heartbeat.unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(event: string, data: unknown, id?: number): void {
    const idLine = id === undefined ? "" : `id: ${id}\n`;
    // JSON.stringify escapes newlines, so the data always fits on one `data:` line.
    this.write(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.res.end();
    this.options.onClose?.();
  }

  private async beat(): Promise<void> {
    // A check slower than a heartbeat is not asked twice at once.
    if (this.checking) return;
    if (this.options.stillAllowed) {
      this.checking = true;
      const allowed = await this.options.stillAllowed().catch(() => true);
      this.checking = false;
      if (!allowed) return this.close();
    }
    this.write(": keep-alive\n\n");
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.res.writableLength > (this.options.maxBufferedBytes ?? MAX_BUFFERED_BYTES)) {
      this.close();
      return;
    }
    this.res.write(chunk);
  }
}

