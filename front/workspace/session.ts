import { reactive, readonly } from "vue";
import { ApiError, getJson, postJson } from "../shared/api";

/** What /dashboard/api/session answers (src/http/sign-in/sign-in-routes.ts): the cadre and the names the filters need. */
export interface Named {
  id: string;
  name: string;
}

export interface SessionInfo {
  cadre: { id: string; name: string; role: string; department: string; departmentName: string };
  expiresAt: string;
  county: { name: string; timeZone: string; locale: string };
  states: string[];
  departments: Named[];
  categories: Named[];
  communities: Named[];
}

const state = reactive<{ info: SessionInfo | undefined; checked: boolean }>({ info: undefined, checked: false });

/**
 * The bot's one-time sign-in link (/dashboard/#login=<token>, which the server redirects here with
 * its fragment): taken out of the address before the router reads it (the link works once and
 * should not sit in the history), and traded for the session cookie by load().
 */
let loginLink: string | undefined;
export function takeLoginLink(): void {
  const link = /^#login=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (!link) return;
  loginLink = link[1];
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
}

/**
 * One sign-in for the whole workspace (the inbox, the group chats, the ledger and statistics):
 * an HttpOnly cookie the server sets, so no script ever holds the token.
 */
export const session = {
  state: readonly(state),

  async load(): Promise<void> {
    const link = loginLink;
    loginLink = undefined;
    if (link) {
      try {
        state.info = await postJson<SessionInfo>("/dashboard/api/login-link", { token: link });
        state.checked = true;
        return;
      } catch {
        // Used, expired or mistyped: the ordinary check (a live cookie) or the sign-in form.
      }
    }
    try {
      state.info = await getJson<SessionInfo>("/dashboard/api/session");
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      state.info = undefined;
    } finally {
      state.checked = true;
    }
  },

  async signIn(account: string, password: string): Promise<void> {
    state.info = await postJson<SessionInfo>("/dashboard/api/login", { account, password });
  },

  async signOut(): Promise<void> {
    await postJson<void>("/dashboard/api/logout", {});
    state.info = undefined;
  },

  /** Any request answered 401: the session ended (signed out elsewhere, or expired). */
  ended(): void {
    state.info = undefined;
  },

  isSupervisor(): boolean {
    return state.info?.cadre.role === "supervisor";
  },
};
