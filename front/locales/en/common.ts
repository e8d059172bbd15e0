import type { TextsOf } from "../../shared/i18n";
import type { common as simplified } from "../zh-Hans/common";

export const common: TextsOf<typeof simplified> = {
  appName: "Minqing",
  language: "Language",
  offline: "Connection lost, reconnecting…",
  retryLater: "The service is not available right now; please try again in a moment",
};
