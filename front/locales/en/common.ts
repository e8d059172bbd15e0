import type { TextsOf } from "../../shared/i18n";
import type { common as simplified } from "../zh-Hans/common";

export const common: TextsOf<typeof simplified> = {
  appName: "Minqing",
  language: "Language",
  offline: "Connection lost, reconnecting…",
  retryLater: "The service is not available right now; please try again in a moment",
  /** A case's state, wherever a page shows one (the server's own texts say the same in src/texts). */
  states: {
    submitted: "To accept",
    accepted: "Accepted",
    in_progress: "In progress",
    resolved: "Resolved",
    closed: "Closed",
    rejected: "Not accepted",
    withdrawn: "Withdrawn",
    merged: "Merged",
  },
};
