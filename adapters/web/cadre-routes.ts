import type { IncomingMessage, ServerResponse } from "node:http";
import type { InboundMessage } from "../../src/channels/port";
import { deliver, type DeliverDeps } from "./deliver";
import { openFeed, type FeedDeps } from "./feed";
import { CADRE_COOKIE, cadreToken, clearCadreCookie, setCadreCookie, wantsBearer } from "../../src/auth/cadre-cookie";
import { refusedSignIn } from "../../src/auth/refused-sign-in";
import type { SiteCookies } from "../../src/http/cookies";
import type { RequestInfo } from "../../src/http/router";
import { requireSameOrigin } from "../../src/http/same-origin";
import { answering } from "../../src/http/error-response";
import {
  HttpError,
  preferredLanguage,
  readJsonBody,
  requireMethod,
  sendJson,
  sendNoContent,
} from "../../src/http/http-io";
import type { CadreSession, WebSessions } from "./sessions";
import { parseAfter, parseMessagePost } from "./validate";

export interface CadreRouteDeps extends DeliverDeps, FeedDeps {
  sessions: WebSessions;
  /** The session cookie, shared with the dashboard. */
  cookies: SiteCookies;
}

/**
 * The cadre's API under /cadre/: sign-in, the feed of their groups and private chat, posting; /cadre
 * itself sends the browser to the workspace's group chats.
 * The session rides in a cookie (see src/auth/cadre-cookie.ts), or `Authorization: Bearer` for API clients.
 */
export async function cadreRoutes(
  deps: CadreRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  info: RequestInfo,
): Promise<boolean> {
  switch (url.pathname) {
    case "/cadre":
    case "/cadre/":
      // The cadres' group chats are a view of the workspace now (front/workspace/views/GroupChatView.vue).
      return answering(res, () => {
        requireMethod(req, "GET", "HEAD");
        res.writeHead(302, { Location: "/workspace#/chats", "Cache-Control": "no-cache" });
        res.end();
      });
    case "/cadre/login":
      return answering(res, async () => {
        requireMethod(req, "POST");
        await login(deps, req, res, info);
      });
    case "/cadre/logout":
      return answering(res, async () => {
        requireMethod(req, "POST");
        const token = cadreToken(req, deps.cookies);
        const session = await deps.sessions.get(token);
        // Every instance (this one too) hears of it and ends the session's streams; this one need not wait to.
        await deps.sessions.signOut(token);
        clearCadreCookie(res, deps.cookies);
        if (session) {
          deps.streams.closeTagged(session.id);
          deps.logger.info("web chat: cadre signed out", { account: session.account });
        }
        sendNoContent(res);
      });
    case "/cadre/session":
      return answering(res, async () => {
        requireMethod(req, "GET");
        sendJson(res, 200, describe(await requireSession(deps, req)));
      });
    case "/cadre/events":
      return answering(res, async () => {
        requireMethod(req, "GET");
        const session = await requireSession(deps, req);
        const chats = url.searchParams.getAll("chat");
        if (chats.length === 0) throw new HttpError(400, "name at least one chat: /cadre/events?chat=<id>");
        for (const chat of chats) chatOf(session, chat);
        const after = parseAfter(url.searchParams.get("after"), req.headers["last-event-id"]);
        // A sign-out (on any instance) ends the stream at once; the heartbeat's check catches expiry.
        openFeed(deps, res, chats, after, { tag: session.id, stillAllowed: () => deps.sessions.isLive(session.id) });
      });
    case "/cadre/messages":
      return answering(res, async () => {
        requireMethod(req, "POST");
        const session = await requireSession(deps, req);
        const post = parseMessagePost(await readJsonBody(req));
        if (post.chat === undefined) throw new HttpError(400, "chat is required: the id of one of your chats");
        // Photos and places come from residents' pages only (their photos are their chat's).
        if (post.photo !== undefined || post.location !== undefined) throw new HttpError(400, "cadres send text or a button here");
        const chat = chatOf(session, post.chat);
        const languageCode = preferredLanguage(req.headers["accept-language"]);
        const outcome = await deliver(deps, {
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
    default:
      return false;
  }
}

async function login(deps: CadreRouteDeps, req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void> {
  const body = await readJsonBody(req);
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const bearer = wantsBearer(fields);
  if (!bearer) requireSameOrigin(req, deps.cookies.publicUrl);
  const account = fields["account"];
  const password = fields["password"];
  if (typeof account !== "string" || account === "" || account.length > 128) {
    throw new HttpError(400, "account is required (up to 128 characters)");
  }
  if (typeof password !== "string" || password === "" || password.length > 1024) {
    throw new HttpError(400, "password is required (up to 1024 characters)");
  }
  const signedIn = await deps.sessions.signIn(account, password, info.clientAddress);
  if (!signedIn.ok) throw refusedSignIn(signedIn, account, info.clientAddress, deps.logger, "web chat");
  deps.logger.info("web chat: cadre signed in", { account });
  if (bearer) return sendJson(res, 200, { token: signedIn.token, ...describe(signedIn.session) });
  // This browser's earlier session (perhaps another cadre's) ends here.
  await deps.sessions.signOut(deps.cookies.get(req, CADRE_COOKIE));
  setCadreCookie(res, deps.cookies, signedIn.token);
  sendJson(res, 200, describe(signedIn.session));
}

function describe(session: CadreSession): {
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

async function requireSession(deps: CadreRouteDeps, req: IncomingMessage): Promise<CadreSession> {
  const session = await deps.sessions.get(cadreToken(req, deps.cookies));
  if (!session) throw new HttpError(401, "sign in first (the session is missing or has expired)");
  return session;
}

/** The chat as the core sees it, if this cadre may use it. */
function chatOf(session: CadreSession, chatId: string): InboundMessage["chat"] {
  if (chatId === session.privateChatId) return { id: chatId, kind: "private" };
  const group = session.chats.find((c) => c.id === chatId);
  if (!group) throw new HttpError(403, "this chat is not one of your chats");
  return { id: group.id, kind: "group", title: group.title };
}
