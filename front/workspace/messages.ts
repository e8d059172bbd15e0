import { common as commonEn } from "../locales/en/common";
import { dashboard as dashboardEn } from "../locales/en/dashboard";
import { inbox as inboxEn } from "../locales/en/inbox";
import { workspace as workspaceEn } from "../locales/en/workspace";
import { common as commonHans } from "../locales/zh-Hans/common";
import { dashboard as dashboardHans } from "../locales/zh-Hans/dashboard";
import { inbox as inboxHans } from "../locales/zh-Hans/inbox";
import { workspace as workspaceHans } from "../locales/zh-Hans/workspace";
import { common as commonHant } from "../locales/zh-Hant/common";
import { dashboard as dashboardHant } from "../locales/zh-Hant/dashboard";
import { inbox as inboxHant } from "../locales/zh-Hant/inbox";
import { workspace as workspaceHant } from "../locales/zh-Hant/workspace";

/** The workspace's texts in each language (front/locales/<language>/): its frame, the inbox, the dashboard. */
export const messages = {
  "zh-Hans": { common: commonHans, workspace: workspaceHans, inbox: inboxHans, dashboard: dashboardHans },
  "zh-Hant": { common: commonHant, workspace: workspaceHant, inbox: inboxHant, dashboard: dashboardHant },
  en: { common: commonEn, workspace: workspaceEn, inbox: inboxEn, dashboard: dashboardEn },
};
