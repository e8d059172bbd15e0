import type { ServerResponse } from "node:http";
import type { Mailbox } from "./mailbox";
import { SseStream } from "../../src/http/sse-stream";
import type { StreamRegistry } from "./sse";

export interface FeedDeps {
  mailbox: Mailbox;
  streams: StreamRegistry;
  heartbeatMs: number;
}

/**
 * Streams the history of `chatIds` after `after` and then every new message, as `message`
 * events whose SSE id is the seq. A `ready` event marks the end of the replay so a page
 * knows when it has caught up. If the history cannot be read the stream ends, and the page's
 * EventSource comes back with Last-Event-ID for what it has not seen.
 */
export function openFeed(
  deps: FeedDeps,
  res: ServerResponse,
  chatIds: readonly string[],
  after: number,
  options: { stillAllowed?: () => Promise<boolean>; tag?: string } = {},
): SseStream {
  let unfollow: (() => void) | undefined;
  const stream = new SseStream(res, {
    heartbeatMs: deps.heartbeatMs,
    ...(options.stillAllowed ? { stillAllowed: options.stillAllowed } : {}),
    onClose: () => {
      unfollow?.();
      deps.streams.remove(stream);
    },
  });
  deps.streams.add(stream, options.tag);
  unfollow = deps.mailbox.follow(chatIds, after, {
    message: (message) => stream.send("message", message, message.seq),
    ready: () => stream.send("ready", { chats: chatIds }),
    failed: () => stream.close(),
  });
  return stream;
}
