import { redeemLoginLink } from "../auth/login-links";
import type { WebChatTransport, WebLogin } from "../web-chat/web-chat-transport";
import type { WebPhotos } from "../web-chat/web-photos";
import { mountCadreChat } from "./cadre-chat/cadre-chat-routes";
import { mountCasePhotos } from "./dashboard/case-photos";
import { mountCaseNotices } from "./dashboard/case-notices";
import { findNoticeOfWebChat } from "../db/repositories/notice-repository";
import type { DashboardDeps } from "./dashboard/context";
import { mountDashboard } from "./dashboard/dashboard";
import type { CaseEventHub } from "./dashboard/inbox/case-event-hub";
import { mountInbox } from "./dashboard/inbox/inbox-routes";
import { sessionJson } from "./dashboard/session-json";
import { mountOpen311, type Open311Deps } from "./open311/open311";
import { mountResidentChat, type ResidentChatOptions } from "./resident-chat/resident-chat-routes";
import type { HttpMount } from "./router";
import { mountSignIn } from "./sign-in/sign-in-routes";

export interface WebApiDeps {
  /** What the workspace's APIs read and change: the cases, the directory, the one cadre sign-in. */
  workspace: DashboardDeps;
  /** Case changes, for the workspace's live stream. */
  caseEvents: CaseEventHub;
  /** Web residents' photos: uploaded in the resident chat, shown to the cases' cadres. */
  photos: WebPhotos;
  open311: Open311Deps;
  /** The web chat, when this instance runs it. */
  webChat?: {
    transport: WebChatTransport;
    logins: readonly WebLogin[];
    resident: Omit<ResidentChatOptions, "transport" | "cookies" | "logger" | "photos" | "notices">;
  };
}

/**
 * Every API of the service's one HTTP port, mounted in one place: the one cadre sign-in, the
 * resident chat (/chat), the cadres' web chat (/cadre), the workspace's inbox, ledger, statistics
 * and undelivered messages (/dashboard/api), and Open311 (/open311). The pages that use them are
 * built from front/ and served by front-files.ts.
 */
export function mountWebApi(http: HttpMount, deps: WebApiDeps): void {
  const { workspace } = deps;
  mountSignIn(http, {
    auth: workspace.auth,
    cookies: workspace.cookies,
    logger: workspace.logger.child({ part: "sign-in" }),
    describe: (session) => sessionJson(workspace.directory, session),
    redeemLink: (token) => workspace.transact((tx) => redeemLoginLink(tx, token, workspace.clock.now())),
  });
  if (deps.webChat) {
    const { transport, logins, resident } = deps.webChat;
    const logger = workspace.logger.child({ part: "web chat" });
    const notices = { ofChat: (chatId: string, id: string) => findNoticeOfWebChat(workspace.db, id, chatId) };
    mountResidentChat(http, { ...resident, transport, cookies: workspace.cookies, logger, photos: deps.photos, notices });
    mountCadreChat(http, { transport, auth: workspace.auth, logins, cookies: workspace.cookies, photos: deps.photos });
  }
  mountCasePhotos(http, workspace, deps.photos);
  mountCaseNotices(http, workspace);
  mountDashboard(http, workspace);
  mountInbox(http, { ...workspace, hub: deps.caseEvents });
  mountOpen311(http, deps.open311);
}
