import type { TextsOf } from "../../shared/i18n";
import type { common as simplified } from "../zh-Hans/common";

export const common: TextsOf<typeof simplified> = {
  appName: "民情通",
  language: "語言",
  offline: "網路中斷，正在重新連線…",
  retryLater: "服務暫時無法使用，請稍後再試",
  /** A case's state, wherever a page shows one (the server's own texts say the same in src/texts). */
  states: {
    submitted: "待受理",
    accepted: "已受理",
    in_progress: "辦理中",
    resolved: "已辦結",
    closed: "已結案",
    rejected: "不予受理",
    withdrawn: "已撤回",
    merged: "已合併",
  },
};
