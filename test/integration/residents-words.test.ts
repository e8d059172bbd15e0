import { CaseEvent } from "../../src/db/entities/case-event";
import { statsBy } from "../../src/db/repositories/stats-repository";
import { backends } from "../support/databases";
import { startTestApp, type TestApp } from "../support/test-app";
import { webConversation } from "../support/web-conversation";
import { webMessage } from "../support/messages";

type Conversation = ReturnType<typeof webConversation>;

/**
 * How residents' words are understood, end to end on each database: the issue's complaints
 * routed with no question, emergencies filed at once with their advice first, and a matter
 * reported twice by the same resident kept as one case.
 */
describe.each(backends)("residents' words on the %s database", (backend) => {
  let t: TestApp;
  let c: Conversation;
  beforeAll(async () => {
    t = await startTestApp({ backend });
    c = webConversation(t);
  }, 60_000);
  afterAll(() => t?.stop());

  const casesOf = async (resident: string): Promise<string[]> => {
    const rows: { number: string }[] = await t.app.database.dataSource.query(
      `SELECT c.number FROM cases c JOIN residents r ON r.id = c.resident_id WHERE r.account_id = $1 ORDER BY c.id`,
      [resident],
    );
    return rows.map((r) => r.number);
  };
  const eventsOf = async (number: string) => {
    const { id } = await c.caseByNumber(number);
    return t.app.database.dataSource.getRepository(CaseEvent).find({ where: { caseId: id }, order: { id: "ASC" } });
  };

  test("Traditional characters are understood: 東街社區的路燈壞了 goes straight to the summary", async () => {
    const resident = c.newResident();
    await c.send(resident, { text: "東街社區的路燈壞了" });
    const summary = await c.last(resident);
    expect(summary).toContain("类别：市容环境");
    expect(summary).toContain("社区：东街社区");
  });

  test("药店卖过期药 goes to 市场监督管理局, asked only where it is", async () => {
    const resident = c.newResident();
    await c.send(resident, { text: "药店卖过期药" });
    expect(await c.last(resident)).toContain("哪个社区");
    await c.send(resident, { button: "com:" });
    expect(await c.last(resident)).toContain("类别：食品药品");
    await c.send(resident, { button: "confirm" });
    expect(await c.last(resident)).toContain("市场监督管理局");
    expect((await t.outboxTexts("g-shijian")).some((x) => x.includes("药店卖过期药"))).toBe(true);
  });

  test("a real fire is filed at once: the receipt and 119 first, no question, the details asked after and added to the case", async () => {
    const resident = c.newResident();
    await c.send(resident, { text: "三楼有人家里着火了" });
    const seen = (await t.outboxTexts(resident)).slice(1); // after the greeting
    expect(seen).toHaveLength(3);
    expect(seen[0]).toContain("诉求已登记");
    expect(seen[1]).toContain("119");
    expect(seen[2]).toContain("具体位置");
    for (const x of seen) expect(x).not.toMatch(/属于哪一类|哪个社区|请核对/);
    const [number] = await casesOf(resident);
    const card = (await t.outboxTexts("g-yingji")).find((x) => x.includes(number!))!;
    expect(card).toContain("【紧急】");

    await c.send(resident, { text: "在东街社区3号楼2单元，火很大" });
    expect(await casesOf(resident)).toEqual([number]);
    expect(await c.last(resident)).toContain(`已补充到诉求 ${number}`);
    expect(await c.last("g-yingji")).toContain("火很大");
    const events = await eventsOf(number!);
    expect(events.map((e) => [e.type, e.public])).toEqual([
      ["created", true],
      ["supplement", true],
    ]);
    expect(events[1]!.body).toBe("在东街社区3号楼2单元，火很大");
  });

  test("a photo sent while adding an emergency's details joins that case, to the cadres, rather than starting a new appeal", async () => {
    const resident = c.newResident();
    await c.send(resident, { text: "西街社区有人家里着火了" });
    const [number] = await casesOf(resident);
    await c.send(resident, { photos: ["fire-photo-1"] });
    expect(await casesOf(resident)).toEqual([number]);
    expect(await c.last(resident)).toContain(`已补充到诉求 ${number}`);
    const photos: { file: string; text: string }[] = await t.app.database.dataSource.query(
      `SELECT payload->'photo'->>'fileId' AS file, payload->>'text' AS text FROM outbox WHERE chat_id = 'g-yingji' AND payload ? 'photo' ORDER BY id`,
    );
    expect(photos).toEqual([{ file: "fire-photo-1", text: `${number} 附图` }]);
    expect((await eventsOf(number!)).at(-1)).toMatchObject({ type: "supplement", data: { photos: JSON.stringify([{ kind: "photo", fileId: "fire-photo-1", channel: "web" }]) } });
    // Words after the photo still go to the case, and the conversation has no appeal half-written.
    await c.send(resident, { text: "火从厨房窗户冒出来" });
    expect(await casesOf(resident)).toEqual([number]);
    expect(await c.last(resident)).toContain(`已补充到诉求 ${number}`);
  });

  test("a gas smell goes to gas safety, not housing; the advice says to leave and call from outside", async () => {
    const resident = c.newResident();
    await c.send(resident, { text: "楼道里闻到燃气味" });
    const seen = await t.outboxTexts(resident);
    const receipt = seen.findIndex((x) => x.includes("诉求已登记"));
    expect(receipt).toBeGreaterThan(0);
    expect(seen[receipt + 1]).toMatch(/离开.*不要开关任何电器.*室外.*燃气公司/s);
    const [number] = await casesOf(resident);
    expect((await c.caseByNumber(number!)).categoryId).toBe("gas");
  });

  test("我家燃气灶打不着火了 is no emergency: nothing is filed until the resident confirms", async () => {
    const resident = c.newResident();
    await c.send(resident, { text: "我家燃气灶打不着火了" });
    expect(await casesOf(resident)).toEqual([]);
    await c.send(resident, { button: "com:" });
    const summary = await c.last(resident);
    expect(summary).toContain("类别：燃气安全");
    expect(summary).not.toContain("紧急");
  });

  test("the same resident reporting the same broken streetlight twice gets one case; the second words are a 补充 the cadres see", async () => {
    const resident = c.newResident();
    const number = await c.fileAppeal(resident, "东街社区3号楼前的路灯坏了，晚上黑乎乎的");
    await c.send(resident, { text: "东街的路灯又坏了，还是没人修" });
    const answer = await c.last(resident);
    expect(answer).toMatch(new RegExp(`您在 .+ 已反映过此事（编号 ${number}）`));
    expect(await casesOf(resident)).toEqual([number]);
    expect(await c.last("g-chengguan")).toMatch(new RegExp(`再次反映诉求 ${number}.*\\n东街的路灯又坏了`));
    const events = await eventsOf(number);
    expect(events.at(-1)).toMatchObject({ type: "supplement", body: "东街的路灯又坏了，还是没人修", data: { repeat: true } });

    // "It is another one after all": filed as a new matter.
    await c.send(resident, { button: "new_matter" });
    expect(await c.last(resident)).toContain("请核对");
    await c.send(resident, { button: "confirm" });
    expect(await casesOf(resident)).toHaveLength(2);
  });

  test("different residents on the same matter: the card says so and counts them; /merge makes one case whose steps reach everyone", async () => {
    const [first, second, third] = [c.newResident(), c.newResident(), c.newResident()];
    const lead = await c.fileAppeal(first, "河西村村口的路灯坏了，晚上一片黑");
    const two = await c.fileAppeal(second, "河西村口那个路灯不亮好几天了");
    const cardOf = async (number: string) => (await t.outboxTexts("g-chengguan")).find((x) => x.includes(`新诉求 ${number}`)) ?? "";
    expect(await cardOf(two)).toContain(`可能与 ${lead} 为同一问题（2 人反映）`);
    expect(await cardOf(two)).toContain(`/merge ${two} ${lead}`);
    const three = await c.fileAppeal(third, "河西村的路灯坏了没人修");
    expect(await cardOf(three)).toContain(`可能与 ${lead} 为同一问题（3 人反映）`);

    await c.cadreSays("wang", `/merge ${two} ${lead}`);
    expect(await c.last("g-chengguan")).toContain(`已将 ${two} 并入 ${lead}`);
    expect(await c.last(second)).toContain(`已并入 ${lead}`);
    expect((await c.caseByNumber(two)).state).toBe("merged");
    await c.cadreSays("wang", `/merge ${three} ${three}`);
    expect(await c.last("g-chengguan")).toContain("只能并入另一件在办的诉求");

    await c.cadreSays("wang", `/reply ${lead} 已安排电工明天去修`);
    expect(await c.last(first)).toContain("已安排电工明天去修");
    expect(await c.last(second)).toContain("已安排电工明天去修");
    expect(await c.last(third)).not.toContain("已安排电工明天去修");
    await c.cadreSays("wang", `/resolve ${lead} 路灯已修好`);
    expect(await c.last(first)).toContain("打分");
    // The rating is the lead's resident's; the merged one hears the result.
    expect(await c.last(second)).toContain("路灯已修好");

    // The third resident, whose case is still open on its own, reports it again: one more 人次, no more 件.
    await c.send(third, { text: "河西村的路灯还是坏的，一直没人修" });
    expect(await c.last(third)).toContain(`已反映过此事（编号 ${three}）`);
    const stats = await statsBy(t.app.database.dataSource.manager, "community", { communityId: "hexi", categoryIds: ["city"] }, { now: new Date(), timeZone: "Asia/Shanghai", departmentScope: null });
    expect(stats.total).toMatchObject({ filed: 3, people: 4, matters: 2 });
  });
  test("a resident whose case was merged reports the matter again: told of their own case, the words a 补充 on the lead the cadres see; 新诉求 still files it apart", async () => {
    const [first, second] = [c.newResident(), c.newResident()];
    const lead = await c.fileAppeal(first, "西街社区菜市场门口的路灯坏了，晚上一片黑");
    const two = await c.fileAppeal(second, "西街菜市场门口那个路灯不亮好几天了");
    await c.cadreSays("wang", `/merge ${two} ${lead}`);
    const firstSaw = (await t.outboxTexts(first)).length;

    await c.send(second, { text: "西街菜市场门口的路灯还是不亮，晚上走路很危险" });
    const answer = await c.last(second);
    // The number they were given at filing, and the one it is handled with.
    expect(answer).toMatch(new RegExp(`您在 .+ 已反映过此事（编号 ${two}）`));
    expect(answer).toContain(lead);
    expect(await casesOf(second)).toEqual([two]);
    expect(await c.last("g-chengguan")).toMatch(new RegExp(`再次反映诉求 ${lead}.*\\n西街菜市场门口的路灯还是不亮`));
    expect((await eventsOf(lead)).at(-1)).toMatchObject({ type: "supplement", body: "西街菜市场门口的路灯还是不亮，晚上走路很危险", data: { repeat: true } });
    // Another resident's words are not the lead's resident's business.
    expect(await t.outboxTexts(first)).toHaveLength(firstSaw);
    await c.send(first, { text: `/case ${lead}` });
    expect(await c.last(first)).toContain(lead);
    expect(await c.last(first)).not.toContain("晚上走路很危险");
    expect((await c.caseByNumber(lead)).repeats).toBe(1);

    // More words follow to the lead, and "it is another one after all" files them apart.
    await c.send(second, { text: "西街菜市场门口的灯杆也歪了，快倒了" });
    expect((await eventsOf(lead)).at(-1)).toMatchObject({ type: "supplement", body: "西街菜市场门口的灯杆也歪了，快倒了", data: { repeat: false } });
    await c.send(second, { button: "new_matter" });
    expect(await c.last(second)).toContain("请核对");
    await c.send(second, { button: "confirm" });
    expect(await casesOf(second)).toHaveLength(2);
  });

  test("a lead withdrawn by its own resident: the residents merged into it keep their matter, handled again on its own", async () => {
    const [first, second] = [c.newResident(), c.newResident()];
    const lead = await c.fileAppeal(first, "南湖社区湖滨路的路灯坏了，晚上一片黑");
    const two = await c.fileAppeal(second, "湖滨路那个路灯不亮好几天了，南湖社区的");
    await c.cadreSays("wang", `/accept ${lead}`);
    await c.cadreSays("wang", `/merge ${two} ${lead}`);
    expect((await c.caseByNumber(two)).state).toBe("merged");

    await c.send(first, { text: `/withdraw ${lead}` });
    expect(await c.last(first)).toContain(`${lead} 已撤回`);
    expect(await c.last(second)).toContain(`您的诉求 ${two} 恢复单独办理`);
    expect((await t.outboxTexts(second)).some((x) => x.includes("已撤回"))).toBe(false);
    expect(await c.caseByNumber(two)).toMatchObject({ state: "accepted", leadCaseId: null, closedAt: null });
    expect(await c.last("g-chengguan")).toContain(`并入其中的诉求 ${two} 恢复单独办理`);
    expect((await eventsOf(two)).at(-1)).toMatchObject({ type: "unmerge", actorKind: "system", public: true, data: { lead } });

    // The cadres answer the restored case, and its resident hears it.
    await c.cadreSays("wang", `/reply ${two} 已安排电工明天去修`);
    expect(await c.last(second)).toContain("已安排电工明天去修");
  });

  test("two cadres merging A into B and B into A at the same time: one merge wins, the other is refused, nothing deadlocks", async () => {
    const a = await c.fileAppeal(c.newResident(), "南湖社区湖滨路的井盖丢了，很危险");
    const b = await c.fileAppeal(c.newResident(), "湖滨路那个井盖没了，南湖社区的");
    await Promise.all([
      t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "wang", group: true, text: `/merge ${a} ${b}` })),
      t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "zhou", group: true, text: `/merge ${b} ${a}` })),
    ]);
    await t.settled();
    const states = [(await c.caseByNumber(a)).state, (await c.caseByNumber(b)).state].sort();
    expect(states).toEqual(["merged", "submitted"]);
    const refusals = (await t.outboxTexts("g-chengguan")).filter((x) => x.includes("只能并入另一件在办的诉求") && (x.includes(a) || x.includes(b)));
    expect(refusals).toHaveLength(1);
  });
});
