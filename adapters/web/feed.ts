import type { ServerResponse } from "node:http";
import type { Mailbox } from "./mailbox";
import { SseStream, type StreamRegistry } from "./sse";

export interface FeedDeps {
  mailbox: Mailbox;
  streams: StreamRegistry;
  heartbeatMs: number;
}

/**
 * Streams the history of `chatIds` after `after` and then every new message, as `message`
 * events whose SSE id is the seq. A `ready` event marks the end of the replay so a page
 * knows when it has caught up.
 */
export function openFeed(
  deps: FeedDeps,
  res: ServerResponse,
  chatIds: readonly string[],
  after: number,
  options: { stillAllowed?: () => Promise<boolean>; tag?: string } = {},
): SseStream {
  let unsubscribe: () => void = () => {};
  const stream = new SseStream(res, {
    heartbeatMs: deps.heartbeatMs,
    ...(options.stillAllowed ? { stillAllowed: options.stillAllowed } : {}),
    onClose: () => {
      unsubscribe();
      deps.streams.remove(stream);
    },
  });
  deps.streams.add(stream, options.tag);
  unsubscribe = deps.mailbox.subscribe(chatIds, after, (message) => {
    stream.send("message", message, message.seq);
  });
  // A slow client can be cut off during the replay, before there was anything to unsubscribe.
  if (stream.isClosed) unsubscribe();
  else stream.send("ready", { chats: chatIds });
  return stream;
}
