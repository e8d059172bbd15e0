import type { Locale } from "../config/schema";
import { en } from "./en";
import type { Texts } from "./texts";
import { zhHans } from "./zh-Hans";
import { zhHant } from "./zh-Hant";

export type { Texts } from "./texts";

const byLocale: Record<Locale, Texts> = { "zh-Hans": zhHans, "zh-Hant": zhHant, en };

export function textsFor(locale: Locale): Texts {
  return byLocale[locale];
}

/** The resident's language from the platform's language code; the deployment's otherwise. */
export function localeFromLanguageCode(code: string | undefined, fallback: Locale): Locale {
  if (!code) return fallback;
  const c = code.toLowerCase();
  if (/^zh-(tw|hk|mo|hant)/.test(c)) return "zh-Hant";
  if (c.startsWith("zh")) return "zh-Hans";
  if (c.startsWith("en")) return "en";
  return fallback;
}
