import type { SseStream } from "../../src/http/sse-stream";

/** The open streams, so a sign-out and stop() can end them; an open stream also keeps the HTTP server from closing. */
export class StreamRegistry {
  private readonly streams = new Map<SseStream, string | undefined>();

  /**
   * `tag` groups streams to end together: all streams of one cadre session, by the session's id
   * (its token's hash), which every instance knows, so a sign-out on any of them finds them.
   */
  add(stream: SseStream, tag?: string): void {
    this.streams.set(stream, tag);
  }

  remove(stream: SseStream): void {
    this.streams.delete(stream);
  }

  closeTagged(tag: string): void {
    for (const [stream, streamTag] of [...this.streams]) {
      if (streamTag === tag) stream.close();
    }
  }

  closeAll(): void {
    for (const stream of [...this.streams.keys()]) stream.close();
  }

  get size(): number {
    return this.streams.size;
  }
}
