import { createRouter, createWebHashHistory, type RouteRecordRaw } from "vue-router";

/**
 * The workspace's places, after the # so the server serves one page (/workspace). Each view is
 * its own chunk: a cadre on a phone who opens the inbox does not load the charts.
 */
const routes: RouteRecordRaw[] = [
  // /dashboard redirects to /workspace?from=dashboard: the statistics, as the old dashboard opened.
  { path: "/", redirect: () => (new URLSearchParams(window.location.search).get("from") === "dashboard" ? "/stats" : "/inbox") },
  // The old dashboard's links (#/case/MQ-…): its #/ledger?…, #/stats?… and #/dead-letters still match as they are.
  { path: "/case/:number", redirect: (to) => `/cases/${String(to.params.number)}` },
  { path: "/inbox", name: "inbox", component: () => import("./views/InboxView.vue"), meta: { nav: "inbox" } },
  { path: "/cases/:number", name: "case", component: () => import("./views/CaseView.vue"), props: true, meta: { nav: "inbox" } },
  { path: "/chats", name: "chats", component: () => import("./views/GroupChatView.vue"), meta: { nav: "chats" } },
  { path: "/ledger", name: "ledger", component: () => import("./views/LedgerView.vue"), meta: { nav: "ledger" } },
  { path: "/stats", name: "stats", component: () => import("./views/StatsView.vue"), meta: { nav: "stats" } },
  { path: "/dead-letters", name: "dead-letters", component: () => import("./views/DeadLettersView.vue"), meta: { nav: "dead-letters" } },
  { path: "/:unknown(.*)", redirect: "/inbox" },
];

export const router = createRouter({ history: createWebHashHistory(), routes });
