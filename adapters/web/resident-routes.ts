import type { IncomingMessage, ServerResponse } from "node:http";
import { deliver, type DeliverDeps } from "./deliver";
import { openFeed, type FeedDeps } from "./feed";
import type { SiteCookies } from "../../src/http/cookies";
import { answering } from "../../src/http/error-response";
import { HttpError, preferredLanguage, readJsonBody, requireMethod, sendJson } from "../../src/http/http-io";
import type { RequestInfo } from "../../src/http/router";
import { requireSameOrigin } from "../../src/http/same-origin";
import { sendPhoto } from "../../src/http/send-photo";
import type { ResidentGuard } from "./abuse-limits";
import { readPhotoBody } from "./photo-body";
import { chatTag, ensureResidentChat, residentChatOf } from "./resident-identity";
import type { PhotoRefusal, ResidentCaseList, ResidentPhotoStore } from "./types";
import { parseAfter, parseMessagePost } from "./validate";

export type ResidentRouteDeps = DeliverDeps &
  FeedDeps & { cookies: SiteCookies; guard: ResidentGuard; photos: ResidentPhotoStore; residentCases: ResidentCaseList };

const PHOTO_PATH = /^\/chat\/photos\/([A-Za-z0-9_-]{1,64})$/;

/** What the page shows for a refused photo comes from its own texts, by this code; the words are for API readers. */
const PHOTO_REFUSALS: Record<PhotoRefusal, { status: number; error: string }> = {
  not_a_photo: { status: 415, error: "this is not a photo: send a JPEG, PNG or WebP image" },
  too_large: { status: 413, error: "the photo is too large" },
};

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
        // Another chat's photo id is answered as one that does not exist.
        if (post.photo !== undefined && (await deps.photos.ofChat(chat, post.photo)) === undefined) throw new HttpError(400, "no such photo in this chat: upload it first with POST /chat/photos");
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
    case "/chat/cases":
      return answering(res, async () => {
        requireMethod(req, "GET");
        const chat = residentChat(deps, req);
        const cases = await deps.residentCases(chat, preferredLanguage(req.headers["accept-language"]));
        sendJson(res, 200, { cases }, { "Cache-Control": "no-store" });
      });
    case "/chat/photos":
      return answering(res, async () => {
        requireMethod(req, "POST");
        requireSameOrigin(req, deps.cookies.publicUrl);
        const chat = residentChat(deps, req);
        const languageCode = preferredLanguage(req.headers["accept-language"]);
        // An upload counts as a message of this address: a flood of photos is a flood.
        if (await deps.guard.refusesMessage(res, { address: info.clientAddress, chat, languageCode })) return;
        const body = await readPhotoBody(req, deps.photos.maxBytes);
        const saved = "tooLarge" in body ? ({ ok: false, reason: "too_large" } as const) : await deps.photos.save(chat, body.bytes);
        if (!saved.ok) {
          const refusal = PHOTO_REFUSALS[saved.reason];
          return sendJson(res, refusal.status, { error: refusal.error, code: saved.reason, maxBytes: deps.photos.maxBytes });
        }
        sendJson(res, 201, { photo: saved.id });
      });
    default: {
      const photo = PHOTO_PATH.exec(url.pathname);
      if (!photo?.[1]) return false;
      const id = photo[1];
      return answering(res, async () => {
        requireMethod(req, "GET", "HEAD");
        const found = await deps.photos.ofChat(residentChat(deps, req), id);
        if (!found) throw new HttpError(404, "no such photo in this chat");
        sendPhoto(req, res, found);
      });
    }
  }
}

function residentChat(deps: ResidentRouteDeps, req: IncomingMessage): string {
  const chat = residentChatOf(req, deps.cookies);
  if (chat === undefined) throw new HttpError(401, "this browser has no chat yet: open the chat page (it asks for one with POST /chat/session)");
  return chat;
}
