import en from "element-plus/es/locale/lang/en.mjs";
import zhCn from "element-plus/es/locale/lang/zh-cn.mjs";
import zhTw from "element-plus/es/locale/lang/zh-tw.mjs";
import type { Language } from "../shared/language";

/** Element Plus's own words (pagination, date pickers, empty tables) in the page's language. */
export function elementLocale(language: string) {
  const byLanguage: Record<Language, typeof zhCn> = { "zh-Hans": zhCn, "zh-Hant": zhTw, en };
  return byLanguage[language as Language] ?? zhCn;
}
