import type { ServerResponse } from "node:http";

/** A client that cannot keep up is cut off; its page reconnects and reads the inbox again. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * One Server-Sent Events answer to a signed-in cadre's workspace. Comment lines at each heartbeat
 * keep proxies and phones from dropping an idle connection; `stillAllowed` (the session is still
 * on) is asked then, and false ends the stream.
 */
export class EventStream {
  private closed = false;
  private checking = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: { heartbeatMs: number; stillAllowed: () => Promise<boolean>; onClose: () => void },
  ) {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
    });
    res.write("retry: 3000\n\n");
    res.on("close", () => this.close());
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs);
    // An open tab must not keep the process alive on shutdown.
    this.heartbeat.unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(event: string, data: unknown): void {
    // JSON.stringify escapes newlines: the data is always one `data:` line.
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.res.end();
    this.options.onClose();
  }

  private async beat(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    // A check that fails (the database is away a moment) keeps the stream; the next beat asks again.
    const allowed = await this.options.stillAllowed().catch(() => true);
    this.checking = false;
    if (!allowed) return this.close();
    this.write(": keep-alive\n\n");
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) return this.close();
    this.res.write(chunk);
  }
}
