import type { TextsOf } from "../../shared/i18n";
import type { workspace as simplified } from "../zh-Hans/workspace";

export const workspace: TextsOf<typeof simplified> = {
  title: "工作台",
  signOut: "登出",
  nav: { inbox: "我的案件", case: "案件", groupChat: "群聊", ledger: "台帳", stats: "統計", deadLetters: "未送達" },
  signIn: {
    account: "帳號",
    password: "密碼",
    submit: "登入",
    missing: "請填寫帳號和密碼",
    wrong: "帳號或密碼不對",
    tooMany: "嘗試次數過多，請稍後再試",
  },
};
