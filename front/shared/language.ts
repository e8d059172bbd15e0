/** The three languages of every page; Simplified Chinese is the default. */
export const LANGUAGES = [
  { code: "zh-Hans", name: "简体中文" },
  { code: "zh-Hant", name: "繁體中文" },
  { code: "en", name: "English" },
] as const;

export type Language = (typeof LANGUAGES)[number]["code"];

const STORAGE_KEY = "minqing.lang";

/** ?lang= first (a link can choose), then what the person picked before, then the browser's languages. */
export function chosenLanguage(): Language {
  const fromUrl = new URL(window.location.href).searchParams.get("lang");
  const stored = safeStorage()?.getItem(STORAGE_KEY) ?? null;
  for (const candidate of [fromUrl, stored, ...navigator.languages]) {
    const language = candidate === null ? undefined : toLanguage(candidate);
    if (language) return language;
  }
  return "zh-Hans";
}

export function rememberLanguage(language: Language): void {
  safeStorage()?.setItem(STORAGE_KEY, language);
}

/** zh-TW, zh-HK, zh-MO and zh-Hant read Traditional; every other Chinese tag Simplified. */
export function toLanguage(tag: string): Language | undefined {
  const lower = tag.toLowerCase();
  if (lower.startsWith("zh")) return /hant|tw|hk|mo/.test(lower) ? "zh-Hant" : "zh-Hans";
  if (lower.startsWith("en")) return "en";
  return undefined;
}

/** Private windows and locked-down browsers may refuse storage; the page works without it. */
function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
