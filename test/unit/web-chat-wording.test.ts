import { textsFor } from "../../src/texts";
import type { CaseView } from "../../src/texts/texts";

/**
 * The web chat's page has chips for 我的诉求, 查询进度 and 帮助 and a list with every case's
 * timeline: what the bot tells a web resident points at them, never at /status, /case or /help.
 * Other channels keep their commands (Telegram makes them tappable).
 */
const view: CaseView = {
  number: "MQ-20261201-0001",
  state: "submitted",
  category: "市容环境",
  community: "东街社区",
  department: "城市管理局",
  cadre: "王建国",
  urgent: false,
  text: "东街社区3号楼前的路灯坏了",
  createdAt: "12月1日 10:00",
  acceptDueAt: "12月2日 18:00",
  answerDueAt: "12月4日 18:00",
  finishDueAt: null,
  reviewCount: 0,
  rating: null,
  photos: 0,
  hasLocation: false,
};

describe.each(["zh-Hans", "zh-Hant", "en"] as const)("the bot's words to a web resident in %s", (locale) => {
  const web = textsFor(locale, "web");
  const said = [web.greeting("示范县"), web.residentHelp, web.receipt(view), web.statusList([view]), web.caseNotFound(view.number), web.unknownCommand];

  test("name the page's chips, not the slash commands the chips replace", () => {
    for (const text of said) expect(text).not.toMatch(/\/(status|case|help|start)\b/);
    expect(web.greeting("示范县")).toContain(locale === "en" ? "My cases" : locale === "zh-Hant" ? "我的訴求" : "我的诉求");
  });

  test("withdrawing and asking for a review are buttons of 我的诉求, not words to type", () => {
    const buttons = { "zh-Hans": ["“撤回”", "“申请复查”"], "zh-Hant": ["「撤回」", "「申請複查」"], en: ["“Withdraw”", "“Ask for a review”"] }[locale];
    for (const text of [web.residentHelp, web.closedUnrated(view.number)]) {
      expect(text).not.toMatch(/\/(withdraw|review)\b|(撤回|复查|複查) (编号|編號|MQ-)/);
      expect(text).toContain(buttons[1]);
    }
    expect(web.residentHelp).toContain(buttons[0]);
  });

  test("other channels keep their commands", () => {
    expect(textsFor(locale, "telegram").greeting("示范县")).toContain("/status");
    expect(textsFor(locale).receipt(view)).toContain("/status");
  });
});
