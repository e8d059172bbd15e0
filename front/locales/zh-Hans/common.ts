/** Texts every entry shows: the product's name, the language picker, connection states. */
export const common = {
  appName: "民情通",
  language: "语言",
  offline: "网络断开，正在重新连接…",
  retryLater: "服务暂时不可用，请稍后再试",
};
