import type { IncomingMessage, ServerResponse } from "node:http";
import { deliver, type DeliverDeps } from "./deliver";
import { openFeed, type FeedDeps } from "./feed";
import { answering, HttpError, preferredLanguage, readJsonBody, requireMethod, sendJson } from "../../src/http/http-io";
import type { RequestInfo } from "../../src/http/router";
import type { ResidentGuard } from "./abuse-limits";
import { isResidentChatId, parseAfter, parseMessagePost } from "./validate";

export type ResidentRouteDeps = DeliverDeps & FeedDeps & { guard: ResidentGuard };

/**
 * The resident's API under /chat/. There is no sign-in: the chat id ("r-" + a random UUID the
 * page keeps in localStorage) is the credential, so it is checked for shape and nothing else.
 */
export async function residentRoutes(
  deps: ResidentRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  info: RequestInfo,
): Promise<boolean> {
  switch (url.pathname) {
    case "/chat/events":
      return answering(res, () => {
        requireMethod(req, "GET");
        const chat = residentChat(url.searchParams.get("chat"));
        const after = parseAfter(url.searchParams.get("after"), req.headers["last-event-id"]);
        if (deps.guard.refusesStream(res, info.clientAddress, preferredLanguage(req.headers["accept-language"]))) return;
        openFeed(deps, res, [chat], after);
      });
    case "/chat/messages":
      return answering(res, async () => {
        requireMethod(req, "POST");
        const post = parseMessagePost(await readJsonBody(req));
        const chat = residentChat(post.chat);
        const languageCode = preferredLanguage(req.headers["accept-language"]);
        if (await deps.guard.refusesMessage(res, { address: info.clientAddress, chat, text: post.text, languageCode })) return;
        const outcome = await deliver(deps, {
          post,
          chat: { id: chat, kind: "private" },
          sender: languageCode === undefined ? { id: chat } : { id: chat, languageCode },
          from: { kind: "resident" },
          deliveryId: chat + ":" + post.clientMessageId,
        });
        sendJson(res, outcome.status, outcome.body);
      });
    default:
      return false;
  }
}

function residentChat(chat: string | null): string {
  if (chat === null || !isResidentChatId(chat)) {
    throw new HttpError(400, 'chat must be "r-" followed by a lower-case UUID (the id this page created)');
  }
  return chat;
}
