import type { TextsOf } from "../../shared/i18n";
import type { workspace as simplified } from "../zh-Hans/workspace";

export const workspace: TextsOf<typeof simplified> = {
  title: "Workspace",
  signOut: "Sign out",
  nav: { inbox: "My cases", case: "Case", groupChat: "Group chats", ledger: "Ledger", stats: "Statistics", deadLetters: "Undelivered" },
  signIn: {
    account: "Account",
    password: "Password",
    submit: "Sign in",
    missing: "Enter your account and password",
    wrong: "The account or password is not right",
    tooMany: "Too many attempts; please try again later",
  },
};
