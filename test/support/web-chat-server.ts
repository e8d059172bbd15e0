import { WebAdapter } from "../../adapters/web/web-adapter";
import type { CadreAuth } from "../../src/auth/cadre-auth";
import { mountCadreChat } from "../../src/http/cadre-chat/cadre-chat-routes";
import { SiteCookies } from "../../src/http/cookies";
import { mountResidentChat, type ResidentChatOptions } from "../../src/http/resident-chat/resident-chat-routes";
import type { HttpMount } from "../../src/http/router";
import { mountSignIn } from "../../src/http/sign-in/sign-in-routes";
import type { Logger } from "../../src/log";
import type { WebLogin } from "../../src/web-chat/web-chat-transport";
import type { ChatStore } from "../../adapters/web/chat-store";

export interface WebChatServerOptions {
  http: HttpMount;
  logins: WebLogin[];
  auth: CadreAuth;
  logger: Logger;
  store: ChatStore;
  /** The resident side's limits, photos and cases, as the service gives them. */
  resident?: Omit<ResidentChatOptions, "transport" | "cookies" | "logger">;
}

/**
 * The web chat as the service mounts it (src/http/web-api.ts) without the rest of the workspace:
 * the adapter, the one sign-in (which tells a page only the cadre's id here), and the resident
 * and cadre chat APIs over it.
 */
export function startWebChatServer(options: WebChatServerOptions): WebAdapter {
  const cookies = new SiteCookies();
  const adapter = new WebAdapter({ logins: options.logins, sessions: options.auth, logger: options.logger, store: options.store });
  mountSignIn(options.http, {
    auth: options.auth,
    cookies,
    logger: options.logger,
    describe: (session) => ({ cadre: { id: session.cadreId } }),
    redeemLink: () => Promise.resolve(null),
  });
  mountResidentChat(options.http, { ...options.resident, transport: adapter, cookies, logger: options.logger });
  mountCadreChat(options.http, { transport: adapter, auth: options.auth, logins: options.logins, cookies });
  return adapter;
}
