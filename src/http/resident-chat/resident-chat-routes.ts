import type { IncomingMessage, ServerResponse } from "node:http";
import { systemClock, type Clock } from "../../clock";
import type { RateLimiterFactory } from "../../limits/rate-limiter";
import type { Logger } from "../../log";
import { chatTag } from "../../web-chat/chat-ids";
import type { WebChatTransport } from "../../web-chat/web-chat-transport";
import type { PhotoRefusal, StoredPhoto } from "../../web-chat/web-photos";
import { parseAfter, parseMessagePost } from "../chat-message-post";
import type { SiteCookies } from "../cookies";
import { answering } from "../error-response";
import { HttpError, preferredLanguage, readJsonBody, requireMethod, sendJson } from "../http-io";
import type { HttpMount, RequestInfo } from "../router";
import { requireSameOrigin } from "../same-origin";
import { sendPhoto } from "../send-photo";
import { sendNotice } from "../send-notice";
import type { StoredNotice } from "../../db/repositories/notice-repository";
import { readPhotoBody } from "./photo-body";
import { DEFAULT_RESIDENT_LIMITS, ResidentGuard, type KnownResidents, type ResidentLimits } from "./resident-guard";
import { ensureResidentChat, residentChatOf } from "./resident-identity";

/**
 * Where the residents' photos are kept (src/web-chat/web-photos.ts, wired in src/app.ts). The
 * route checks who asks (the chat's cookie); the store checks what was sent.
 */
export interface ResidentPhotoStore {
  readonly maxBytes: number;
  save(chatId: string, bytes: Buffer): Promise<{ ok: true; id: string } | { ok: false; reason: PhotoRefusal }>;
  /** The photo, only if `chatId` sent it. */
  ofChat(chatId: string, id: string): Promise<StoredPhoto | undefined>;
}

/** The written notices issued to web residents (src/notices/): one only to the chat whose case it was issued on. */
export interface ResidentNoticeStore {
  ofChat(chatId: string, id: string): Promise<StoredNotice | undefined>;
}

/** The 我的诉求 list of the resident whose chat this is, in the page's language (src/web-chat/resident-cases.ts). */
export type ResidentCaseList = (chatId: string, languageCode: string | undefined) => Promise<readonly unknown[]>;

export interface ResidentChatOptions {
  transport: WebChatTransport;
  /** The resident identity cookie (Secure behind https) and the site's origin for the Origin check. */
  cookies: SiteCookies;
  logger: Logger;
  /** Limits per client address and overall (resident-guard.ts); a county's defaults otherwise. */
  limits?: ResidentLimits;
  /** Whether a resident's text reads as urgent (the deployment's urgent words): it may use the limits' small reserve. */
  looksUrgent?: (text: string) => boolean;
  /** The polite sentence for a resident over a limit, in their language. */
  refusalText?: (languageCode: string | undefined, retryAfterSeconds: number) => string;
  /** Where the limits count (this process's memory by default; the service's are in the database). */
  rateLimiters?: RateLimiterFactory;
  /** Which residents the limits let in before (this process's memory by default; the service's are in the database). */
  knownResidents?: KnownResidents;
  clock?: Clock;
  /** Where residents' photos are kept; none kept by default. */
  photos?: ResidentPhotoStore;
  /** A resident's 我的诉求 list, read from the cases; empty by default. */
  residentCases?: ResidentCaseList;
  /** The notices issued on the residents' cases; none by default. */
  notices?: ResidentNoticeStore;
}

interface ResidentRouteDeps {
  transport: WebChatTransport;
  cookies: SiteCookies;
  guard: ResidentGuard;
  photos: ResidentPhotoStore;
  residentCases: ResidentCaseList;
  notices: ResidentNoticeStore;
}

/** A chat run without a photo store (a test of the chat alone) takes no photo. */
const NO_PHOTOS: ResidentPhotoStore = {
  maxBytes: 0,
  save: async () => ({ ok: false, reason: "too_large" }),
  ofChat: async () => undefined,
};

/** The resident's API under /chat/ (its page, at /, is front/resident). */
export function mountResidentChat(http: HttpMount, options: ResidentChatOptions): void {
  const deps: ResidentRouteDeps = {
    transport: options.transport,
    cookies: options.cookies,
    guard: residentGuard(options),
    photos: options.photos ?? NO_PHOTOS,
    residentCases: options.residentCases ?? (async () => []),
    notices: options.notices ?? { ofChat: async () => undefined },
  };
  http.mount("/chat", (req, res, url, info) => residentRoutes(deps, req, res, url, info));
}

function residentGuard(options: ResidentChatOptions): ResidentGuard {
  return new ResidentGuard({
    limits: options.limits ?? DEFAULT_RESIDENT_LIMITS,
    clock: options.clock ?? systemClock,
    looksUrgent: options.looksUrgent ?? (() => false),
    refusalText: options.refusalText ?? ((_language, seconds) => `too many requests from your network; try again in ${seconds} s`),
    ...(options.rateLimiters ? { rateLimiters: options.rateLimiters } : {}),
    ...(options.knownResidents ? { knownResidents: options.knownResidents } : {}),
    onRefused: (what) => options.logger.warn("web chat: a limit was reached; refusing residents' requests for now", what),
  });
}

const PHOTO_PATH = /^\/chat\/photos\/([A-Za-z0-9_-]{1,64})$/;
const NOTICE_PATH = /^\/chat\/notices\/(nt-[A-Za-z0-9_-]{22})(\.html)?$/;

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
async function residentRoutes(
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
        deps.transport.openFeed(res, [chat], after);
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
        const outcome = await deps.transport.post({
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
      const notice = NOTICE_PATH.exec(url.pathname);
      if (notice?.[1]) {
        const [id, html] = [notice[1], notice[2] !== undefined];
        return answering(res, async () => {
          requireMethod(req, "GET", "HEAD");
          // Another chat's notice is answered as one that does not exist.
          const found = await deps.notices.ofChat(residentChat(deps, req), id);
          if (!found) throw new HttpError(404, "no such notice in this chat");
          sendNotice(req, res, found, html ? "html" : "pdf");
        });
      }
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
