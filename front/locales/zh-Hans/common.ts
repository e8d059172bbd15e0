import type { CaseState } from "../../shared/vocabulary";

/** Texts every entry shows: the product's name, the language picker, connection states. */
export const common = {
  appName: "民情通",
  language: "语言",
  offline: "网络断开，正在重新连接…",
  retryLater: "服务暂时不可用，请稍后再试",
  /** A case's state, wherever a page shows one (the server's own texts say the same in src/texts). */
  states: {
    submitted: "待受理",
    accepted: "已受理",
    in_progress: "办理中",
    resolved: "已办结",
    closed: "已结案",
    rejected: "不予受理",
    withdrawn: "已撤回",
    merged: "已合并",
  } satisfies Record<CaseState, string>,
};
