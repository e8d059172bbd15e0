import type { TextsOf } from "../../shared/i18n";
import type { dashboard as simplified } from "../zh-Hans/dashboard";

export const dashboard: TextsOf<typeof simplified> = {
  empty: "Nothing here yet",
};
