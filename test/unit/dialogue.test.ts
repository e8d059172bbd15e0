import { loadSettings } from "../../src/config/load";
import { advance, maxAppealLength, type DialogueContext, type DialogueState } from "../../src/intake/dialogue";
import { emptyDraft } from "../../src/intake/draft";
import { textsFor } from "../../src/texts";
import { Understanding } from "../../src/understanding";

const deployment = loadSettings({}).deployment;
const understanding = new Understanding(deployment);
const ctx: DialogueContext = {
  texts: textsFor("zh-Hans"),
  buttons: true,
  categories: deployment.categories,
  communities: deployment.communities,
  understanding,
  reports: { categoryId: "other", receiverName: (accused) => (accused?.departmentId === "xinfang" ? "县人民政府" : "信访局") },
};
const start: DialogueState = { step: "idle", draft: emptyDraft() };
const say = (state: DialogueState, text: string) => advance(state, { text, photos: [] }, ctx);

describe("the intake dialogue", () => {
  test("a greeting is not an appeal: the bot asks for the problem", () => {
    const out = say(start, "你好");
    expect(out.state.step).toBe("idle");
    expect(out.replies.at(-1)?.text).toContain("描述");
  });

  test("a complete description goes straight to the summary with confirm and cancel buttons", () => {
    const out = say(start, "西街社区的垃圾桶满了没人清运");
    expect(out.state.step).toBe("confirm");
    expect(out.replies.at(-1)?.buttons?.[0]?.map((b) => b.data)).toEqual(["confirm", "cancel"]);
  });

  test("more words before confirming are added to the appeal", () => {
    const first = say(start, "西街社区的垃圾桶满了没人清运");
    const second = say(first.state, "已经一个星期了，气味很大");
    expect(second.state.draft.texts).toHaveLength(2);
    const done = advance(second.state, { button: "confirm", photos: [] }, ctx);
    expect(done.submit?.texts.join("\n")).toContain("一个星期");
  });

  test("a photo is kept with the appeal and acknowledged", () => {
    const first = say(start, "西街社区的垃圾桶满了没人清运");
    const out = advance(first.state, { photos: [{ kind: "photo", channel: "web", fileId: "p1" }] }, ctx);
    expect(out.state.draft.photos).toHaveLength(1);
    expect(out.replies[0]?.text).toContain("照片");
  });

  test("a choice that is not understood asks again and keeps the draft", () => {
    const first = say(start, "我有个问题需要反映一下");
    expect(first.state.step).toBe("choose_category");
    const out = say(first.state, "99");
    expect(out.state.step).toBe("choose_category");
    expect(out.state.draft.texts).toEqual(["我有个问题需要反映一下"]);
  });

  test("a very long appeal is kept up to the limit, with a notice", () => {
    const out = say(start, "东街路灯坏了".repeat(1000));
    expect(out.state.draft.texts.join("").length).toBe(maxAppealLength);
    expect(out.replies[0]?.text).toContain(String(maxAppealLength));
  });

  test("the resident's language is used", () => {
    const english = { ...ctx, texts: textsFor("en") };
    expect(advance(start, { text: "hello", photos: [] }, english).replies[0]?.text).toBe(textsFor("en").describeProblem);
    const out = advance(start, { text: "The street light in Dongjie is broken", photos: [] }, english);
    expect(out.state.step).toBe("choose_category");
    expect(out.replies[0]?.text).toContain(textsFor("en").askCategory([], true).trim());
  });

  test("without buttons (WeChat) every prompt says what to reply and none asks to tap", () => {
    const noButtons = { ...ctx, buttons: false };
    const reply = (state: DialogueState, text: string) => advance(state, { text, photos: [] }, noButtons);
    const asked = reply(start, "我有个问题需要反映一下");
    const wrong = reply(asked.state, "99");
    const chosen = reply(wrong.state, "1");
    const community = chosen.state.step === "choose_community" ? reply(chosen.state, "1") : chosen;
    expect(community.state.step).toBe("confirm");
    const unclear = reply(community.state, "嗯");
    const prompts = [asked, wrong, chosen, community, unclear].flatMap((o) => o.replies);
    expect(prompts.length).toBeGreaterThanOrEqual(5);
    for (const p of prompts) {
      expect(p.buttons).toBeUndefined();
      expect(p.text).not.toMatch(/点|點/);
    }
    expect(asked.replies.at(-1)?.text).toContain("回复序号");
    expect(community.replies.at(-1)?.text).toContain("回复“确认”");
    expect(unclear.replies.at(-1)?.text).toContain("回复“确认”");
    expect(reply(unclear.state, "确认").submit).toBeDefined();

    const english = advance(start, { text: "I have a problem to report about something", photos: [] }, { ...noButtons, texts: textsFor("en") });
    expect(english.replies.at(-1)?.text).toContain("Reply with its number");
    expect(english.replies.at(-1)?.text).not.toMatch(/tap/i);
  });

  test("with buttons the same prompts offer them and say so", () => {
    const asked = say(start, "我有个问题需要反映一下");
    expect(asked.replies.at(-1)?.buttons?.flat().length).toBe(deployment.categories.length);
    expect(asked.replies.at(-1)?.text).toContain("点选");
  });
});

describe("emergencies, asking and repeats", () => {
  test("an emergency is filed at once, with no question before the receipt; its details are asked for after", () => {
    const out = say(start, "三楼有人家里着火了");
    expect(out.replies).toEqual([]);
    expect(out.submit).toMatchObject({ urgent: true, emergency: "fire", categoryId: "safety" });
    const after = out.afterFiling!("MQ-20261123-0001");
    expect(after.state).toMatchObject({ step: "supplement", draft: { addTo: "MQ-20261123-0001" } });
    expect(after.replies[0]?.text).toContain("MQ-20261123-0001");
    expect(after.replies[0]?.text).toContain("具体位置");
  });

  test("a broken gas cooker is no emergency: nothing is filed before the resident confirms", () => {
    const out = say(start, "我家燃气灶打不着火了");
    expect(out.submit).toBeUndefined();
    expect(out.state.step).toBe("choose_community");
    expect(out.state.draft).toMatchObject({ categoryId: "gas", urgent: false });
  });

  test("words after an emergency go to its case; “新诉求” files them as an appeal of their own instead", () => {
    const filed = say(start, "三楼有人家里着火了").afterFiling!("MQ-20261123-0001");
    const details = say(filed.state, "在东街社区3号楼2单元");
    expect(details.supplement).toEqual({ number: "MQ-20261123-0001", text: "在东街社区3号楼2单元", repeat: false });
    expect(details.state.step).toBe("supplement");
    const apart = say(details.state, "新诉求");
    expect(apart.supplement).toBeUndefined();
    expect(apart.state.draft.texts).toEqual(["在东街社区3号楼2单元"]);
    expect(apart.state.step).not.toBe("supplement");
  });

  test("an album of photos added to a case is acknowledged once; another album or words are acknowledged again", () => {
    const filed = say(start, "三楼有人家里着火了").afterFiling!("MQ-20261123-0001");
    const photo = (albumId: string) => ({ photos: [{ kind: "photo" as const, fileId: `f-${albumId}-${Math.random()}`, channel: "telegram" as const }], albumId });
    const first = advance(filed.state, photo("a1"), ctx);
    const second = advance(first.state, photo("a1"), ctx);
    const third = advance(second.state, photo("a1"), ctx);
    expect([first, second, third].map((o) => o.supplement?.quiet ?? false)).toEqual([false, true, true]);
    expect([first, second, third].every((o) => o.supplement?.number === "MQ-20261123-0001" && o.supplement.photos?.length === 1)).toBe(true);
    expect(advance(third.state, photo("a2"), ctx).supplement?.quiet).toBeUndefined();
    const words = advance(third.state, { text: "烟很大，在3号楼", photos: [], albumId: "a1" }, ctx);
    expect(words.supplement?.quiet).toBeUndefined();
  });

  test("when unsure, the likeliest two or three are offered first; 都不是 shows every category", () => {
    const asked = say(start, "东街社区路灯坏了，而且我们小区的电梯也坏了好几天");
    expect(asked.state.step).toBe("choose_category");
    const offered = asked.replies.at(-1)!.buttons!.flat().map((b) => b.data);
    expect(offered.length).toBeLessThanOrEqual(4);
    expect(offered.slice(0, 2).sort()).toEqual(["cat:city", "cat:housing"]);
    expect(offered.at(-1)).toBe("cat:*");
    expect(asked.replies.at(-1)!.text).toContain("可能属于");

    const typed = say(asked.state, "2");
    expect(typed.state.draft.categoryId).toBe(offered[1]!.slice(4));

    const all = advance(asked.state, { button: "cat:*", photos: [] }, ctx);
    expect(all.state.step).toBe("choose_category");
    expect(all.replies.at(-1)!.buttons!.flat()).toHaveLength(deployment.categories.length);
  });

  test("the same matter as one of the resident's open cases is added to it, not filed again", () => {
    const openCases = [{ number: "MQ-20261123-0007", text: "东街社区3号楼前的路灯坏了一个星期了", categoryId: "city", communityId: "dongjie" }];
    const again = advance(start, { text: "东街的路灯又坏了，还是没人修", photos: [], openCases }, ctx);
    expect(again.supplement).toEqual({ number: "MQ-20261123-0007", text: "东街的路灯又坏了，还是没人修", repeat: true });
    expect(again.submit).toBeUndefined();
    const other = advance(start, { text: "东街社区的垃圾桶满了没人清", photos: [], openCases }, ctx);
    expect(other.supplement).toBeUndefined();
    expect(other.state.step).toBe("confirm");
  });
});

test("thanks after an emergency's advice are not added to the case, and get no answer", () => {
  const filed = say(start, "三楼有人家里着火了").afterFiling!("MQ-20261123-0001");
  const thanks = say(filed.state, "谢谢！");
  expect(thanks.supplement).toBeUndefined();
  expect(thanks.replies).toEqual([]);
  expect(thanks.state).toEqual(filed.state);
});

describe("reporting an official (信访工作条例 Art. 30)", () => {
  test("the way in asks whom and what; the next words are a report, filed with no question about its kind", () => {
    const asked = say(start, "反映干部作风问题");
    expect(asked.replies.at(-1)?.text).toContain("请说明您要反映的单位或干部");
    const told = say(asked.state, "东街社区的王建国处理问题推三阻四");
    expect(told.state.step).toBe("confirm");
    expect(told.state.draft).toMatchObject({ categoryId: "other", report: true });
    expect(told.replies.map((r) => r.text).join("\n")).toContain("将由信访局办理");
  });

  test("words that accuse a department are a report though the resident chose no way in, and are never added to an open case", () => {
    const open = [{ number: "MQ-20261123-0001", text: "东街社区占道经营没人管", categoryId: "city", communityId: "dongjie" }];
    const out = advance(start, { text: "东街社区占道经营没人管，城管收了摊贩的钱不作为", photos: [], openCases: open }, ctx);
    expect(out.supplement).toBeUndefined();
    expect(out.state.draft.categoryId).toBe("other");
  });
});
