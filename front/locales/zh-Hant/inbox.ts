import type { TextsOf } from "../../shared/i18n";
import type { inbox as simplified } from "../zh-Hans/inbox";

export const inbox: TextsOf<typeof simplified> = {
  empty: "暫無案件",
};
