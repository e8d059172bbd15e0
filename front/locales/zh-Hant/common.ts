import type { TextsOf } from "../../shared/i18n";
import type { common as simplified } from "../zh-Hans/common";

export const common: TextsOf<typeof simplified> = {
  appName: "民情通",
  language: "語言",
  offline: "網路中斷，正在重新連線…",
  retryLater: "服務暫時無法使用，請稍後再試",
};
