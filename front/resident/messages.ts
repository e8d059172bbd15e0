import { common as en } from "../locales/en/common";
import { common as zhHans } from "../locales/zh-Hans/common";
import { common as zhHant } from "../locales/zh-Hant/common";

/** This entry's texts in each language (front/locales/<language>/). */
export const messages = {
  "zh-Hans": { common: zhHans },
  "zh-Hant": { common: zhHant },
  en: { common: en },
};
