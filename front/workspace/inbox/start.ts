import type { Composer } from "vue-i18n";
import type { Router } from "vue-router";
import { prepareOnFirstGesture, setBaseTitle, unseenUrgentCount } from "./alerts";
import { startLive, stopLive } from "./live";

export { unseenUrgentCount };

let prepared = false;

/** Signed in: the stream of case changes opens, and urgent cases sound, notify and count in the title. */
export function startInboxAlerts(t: Composer["t"], router: Router): void {
  setBaseTitle(`${t("workspace.title")} · ${t("common.appName")}`);
  if (!prepared) prepareOnFirstGesture();
  prepared = true;
  startLive({
    urgentTitle: (number) => t("inbox.live.urgentTitle", { number }),
    urgentBody: (row) => (row.community ? t("inbox.live.urgentBody", { category: row.category.name, community: row.community.name }) : row.category.name) + `\n${row.text}`,
    open: (number) => void router.push(`/cases/${number}`),
  });
}

export function stopInboxAlerts(): void {
  stopLive();
}
