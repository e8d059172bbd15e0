import type { IncomingMessage, ServerResponse } from "node:http";
import { deliver, type DeliverDeps } from "./deliver";
import { openFeed, type FeedDeps } from "./feed";
import type { SiteCookies } from "../../src/http/cookies";
import { answering } from "../../src/http/error-response";
import { HttpError, preferredLanguage, readJsonBody, requireMethod, sendJson } from "../../src/http/http-io";
import type { RequestInfo } from "../../src/http/router";
import { requireSameOrigin } from "../../src/http/same-origin";
import type { ResidentGuard } from "./abuse-limits";
import { chatTag, ensureResidentChat, residentChatOf } from "./resident-identity";
import { parseAfter, parseMessagePost } from "./validate";

export type ResidentRouteDeps = DeliverDeps & FeedDeps & { cookies: SiteCookies; guard: ResidentGuard };

/**
 * The resident's API under /chat/. There is no sign-in: the page asks for an identity
 * (POST /chat/session), which the server keeps in an HttpOnly cookie (resident-identity.ts); the
 * feed and the posts read the chat from that cookie, so no chat id travels in a URL or a body.
 */
export async function residentRoutes(
  deps: ResidentRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  info: RequestInfo,
): Promise<boolean> {
  switch (url.pathname) {
    case "/chat/session":
      return answering(res, () => {
        requireMethod(req, "POST");
        requireSameOrigin(req, deps.cookies.publicUrl);
        // Never limited: a new identity is counted as a new resident at its first message (abuse-limits.ts says why).
        const { chat } = ensureResidentChat(req, res, deps.cookies);
        // The chat id is no credential (the cookie is); the page may know it.
        sendJson(res, 200, { chat });
      });
    case "/chat/events":
      return answering(res, () => {
        requireMethod(req, "GET");
        const chat = residentChat(deps, req);
        const after = parseAfter(url.searchParams.get("after"), req.headers["last-event-id"]);
        if (deps.guard.refusesStream(res, info.clientAddress, preferredLanguage(req.headers["accept-language"]))) return;
        openFeed(deps, res, [chat], after);
      });
    case "/chat/messages":
      return answering(res, async () => {
        requireMethod(req, "POST");
        requireSameOrigin(req, deps.cookies.publicUrl);
        const chat = residentChat(deps, req);
        const post = parseMessagePost(await readJsonBody(req));
        const languageCode = preferredLanguage(req.headers["accept-language"]);
        if (await deps.guard.refusesMessage(res, { address: info.clientAddress, chat, text: post.text, languageCode })) return;
        const outcome = await deliver(deps, {
          post,
          chat: { id: chat, kind: "private" },
          sender: languageCode === undefined ? { id: chat } : { id: chat, languageCode },
          from: { kind: "resident" },
          // A hash of the chat, not the chat id: the core logs delivery ids.
          deliveryId: chatTag(chat) + ":" + post.clientMessageId,
        });
        sendJson(res, outcome.status, outcome.body);
      });
    default:
      return false;
  }
}

function residentChat(deps: ResidentRouteDeps, req: IncomingMessage): string {
  const chat = residentChatOf(req, deps.cookies);
  if (chat === undefined) throw new HttpError(401, "this browser has no chat yet: open the chat page (it asks for one with POST /chat/session)");
  return chat;
}
