import type { Locale } from "../config/schema";
import type { ChannelName } from "../channels/port";
import { en, enOnTheWeb } from "./en";
import type { Texts } from "./texts";
import { zhHans, zhHansOnTheWeb } from "./zh-Hans";
import { zhHant, zhHantOnTheWeb } from "./zh-Hant";

export type { Texts } from "./texts";

const byLocale: Record<Locale, Texts> = { "zh-Hans": zhHans, "zh-Hant": zhHant, en };

/** The web chat's residents tap chips where others type commands (texts.ts: WebChatWording). */
const onTheWeb: Record<Locale, Texts> = {
  "zh-Hans": { ...zhHans, ...zhHansOnTheWeb },
  "zh-Hant": { ...zhHant, ...zhHantOnTheWeb },
  en: { ...en, ...enOnTheWeb },
};

/** The texts of a language; a resident's on `channel` (the case's or the message's) where it words them its own way. */
export function textsFor(locale: Locale, channel?: ChannelName | "api"): Texts {
  return channel === "web" ? onTheWeb[locale] : byLocale[locale];
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
