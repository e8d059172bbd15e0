import type { IncomingMessage, ServerResponse } from "node:http";
import type { CadreAuth } from "../../auth/cadre-auth";
import type { InboundMessage } from "../../channels/port";
import type { WebChatTransport, WebLogin } from "../../web-chat/web-chat-transport";
import type { WebPhotos } from "../../web-chat/web-photos";
import { parseAfter, parseMessagePost } from "../chat-message-post";
import type { SiteCookies } from "../cookies";
import { answering } from "../error-response";
import { HttpError, preferredLanguage, readJsonBody, requireMethod, sendJson } from "../http-io";
import { sendPhoto } from "../send-photo";
import type { HttpMount } from "../router";
import { cadreToken } from "../sign-in/cadre-cookie";
import { CadreChats, type CadreChatSession } from "./cadre-chats";

export interface CadreChatOptions {
  transport: WebChatTransport;
  /** The one cadre sign-in (src/http/sign-in): the web chat only reads its sessions. */
  auth: Pick<CadreAuth, "session">;
  logins: readonly WebLogin[];
  cookies: SiteCookies;
  /** Web residents' photos, which the bot shows the groups with a case; none by default. */
  photos?: Pick<WebPhotos, "byId">;
}

interface CadreRouteDeps {
  transport: WebChatTransport;
  chats: CadreChats;
  cookies: SiteCookies;
  photos: Pick<WebPhotos, "byId">;
}

/**
 * The cadre's web chat API under /cadre/: who they are in the chat, the feed of their groups and
 * private chat, posting, the residents' photos on the messages. Signing in and out is the workspace's one sign-in (src/http/sign-in);
 * /cadre itself sends the browser to the workspace's group chats. The session rides in its
 * cookie, or `Authorization: Bearer` for API clients.
 */
export function mountCadreChat(http: HttpMount, options: CadreChatOptions): void {
  const deps: CadreRouteDeps = {
    transport: options.transport,
    chats: new CadreChats(options.auth, options.logins),
    cookies: options.cookies,
    photos: options.photos ?? { byId: async () => undefined },
  };
  http.mount("/cadre", (req, res, url) => cadreRoutes(deps, req, res, url));
}

async function cadreRoutes(deps: CadreRouteDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  switch (url.pathname) {
    case "/cadre":
    case "/cadre/":
      // The cadres' group chats are a view of the workspace now (front/workspace/views/GroupChatView.vue).
      return answering(res, () => {
        requireMethod(req, "GET", "HEAD");
        res.writeHead(302, { Location: "/workspace#/chats", "Cache-Control": "no-cache" });
        res.end();
      });
    case "/cadre/session":
      return answering(res, async () => {
        requireMethod(req, "GET");
        sendJson(res, 200, describe(await requireChats(deps, req)));
      });
    case "/cadre/events":
      return answering(res, async () => {
        requireMethod(req, "GET");
        const session = await requireChats(deps, req);
        const chats = url.searchParams.getAll("chat");
        if (chats.length === 0) throw new HttpError(400, "name at least one chat: /cadre/events?chat=<id>");
        for (const chat of chats) chatOf(session, chat);
        const after = parseAfter(url.searchParams.get("after"), req.headers["last-event-id"]);
        deps.transport.openFeed(res, chats, after, session.id);
      });
    case "/cadre/messages":
      return answering(res, async () => {
        requireMethod(req, "POST");
        const session = await requireChats(deps, req);
        const post = parseMessagePost(await readJsonBody(req));
        if (post.chat === undefined) throw new HttpError(400, "chat is required: the id of one of your chats");
        // Photos and places come from residents' pages only (their photos are their chat's).
        if (post.photo !== undefined || post.location !== undefined) throw new HttpError(400, "cadres send text or a button here");
        const chat = chatOf(session, post.chat);
        const languageCode = preferredLanguage(req.headers["accept-language"]);
        const outcome = await deps.transport.post({
          post,
          chat,
          sender: {
            id: session.account,
            displayName: session.name,
            ...(languageCode === undefined ? {} : { languageCode }),
          },
          from: { kind: "cadre", account: session.account, name: session.name },
          // Several cadres share a group, so the account keeps their message ids apart.
          deliveryId: `${chat.id}:${session.account}:${post.clientMessageId}`,
        });
        sendJson(res, outcome.status, outcome.body);
      });
    case "/cadre/photo":
      return answering(res, async () => {
        requireMethod(req, "GET", "HEAD");
        const session = await requireChats(deps, req);
        const chat = chatOf(session, url.searchParams.get("chat") ?? "");
        // A photo is shown to whoever may read the message that carries it, and to no one else.
        const message = url.searchParams.get("message") ?? "";
        const id = /^[A-Za-z0-9._-]{1,64}$/.test(message) ? await deps.transport.webPhotoOf(chat.id, message) : undefined;
        const photo = id === undefined ? undefined : await deps.photos.byId(id);
        if (!photo) throw new HttpError(404, "no photo on such a message of this chat");
        sendPhoto(req, res, photo);
      });
    default:
      return false;
  }
}

function describe(session: CadreChatSession): {
  account: string;
  name: string;
  chats: { id: string; title: string }[];
  privateChatId: string;
  expiresAt: string;
} {
  return {
    account: session.account,
    name: session.name,
    chats: session.chats,
    privateChatId: session.privateChatId,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}

/** 401 without a live sign-in; 403 for a cadre whose account has no web chats (the page says so, it does not sign them out). */
async function requireChats(deps: CadreRouteDeps, req: IncomingMessage): Promise<CadreChatSession> {
  const session = await deps.chats.of(cadreToken(req, deps.cookies));
  if (session === "none") throw new HttpError(401, "sign in first (the session is missing or has expired)");
  if (session === "no chats") throw new HttpError(403, "your account has no web chats: ask the administrator to add a web login for it");
  return session;
}

/** The chat as the core sees it, if this cadre may use it. */
function chatOf(session: CadreChatSession, chatId: string): InboundMessage["chat"] {
  if (chatId === session.privateChatId) return { id: chatId, kind: "private" };
  const group = session.chats.find((c) => c.id === chatId);
  if (!group) throw new HttpError(403, "this chat is not one of your chats");
  return { id: group.id, kind: "group", title: group.title };
}
