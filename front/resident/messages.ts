import { common as en } from "../locales/en/common";
import { resident as residentEn } from "../locales/en/resident";
import { common as zhHans } from "../locales/zh-Hans/common";
import { resident as residentHans } from "../locales/zh-Hans/resident";
import { common as zhHant } from "../locales/zh-Hant/common";
import { resident as residentHant } from "../locales/zh-Hant/resident";

/** This entry's texts in each language (front/locales/<language>/). */
export const messages = {
  "zh-Hans": { common: zhHans, resident: residentHans },
  "zh-Hant": { common: zhHant, resident: residentHant },
  en: { common: en, resident: residentEn },
};
