import { createI18n, type LocaleMessageValue, type VueMessageType } from "vue-i18n";
import { chosenLanguage, type Language } from "./language";

/**
 * Every text a page shows lives in front/locales/<language>/<entry>.ts, one folder per language;
 * the Simplified Chinese file is the shape the others must match (the compiler checks it).
 * Messages are plain strings with {named} placeholders: vue-i18n's runtime compiles them without
 * eval, as the pages' CSP requires.
 */
export function makeI18n<Messages extends Record<string, LocaleMessageValue<VueMessageType>>>(messages: Record<Language, Messages>) {
  const locale = chosenLanguage();
  document.documentElement.lang = locale;
  return createI18n({ legacy: false, locale, fallbackLocale: "zh-Hans", messages });
}

/** A texts file's shape with every leaf widened to string, for the other languages to satisfy. */
export type TextsOf<T> = { [K in keyof T]: T[K] extends string ? string : TextsOf<T[K]> };
