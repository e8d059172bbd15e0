import { backends } from "../support/databases";
import { startTestApp, type TestApp } from "../support/test-app";
import { webConversation } from "../support/web-conversation";

const days = (n: number) => n * 86_400_000;

/**
 * 复查 and 复核 (信访工作条例 Art. 35–36) in the demo county, through the web chat: a 城管 answer is
 * reviewed by the 信访局, whose review is re-reviewed by the 县人民政府; each has 30 days to answer;
 * each must be asked within 30 days of the answer it disputes; after the re-review, 不再受理.
 * The clock is the test's: a month passes in a line.
 */
describe.each(backends)("review and re-review by the higher body on the %s database", (backend) => {
  let t: TestApp;
  let now = new Date("2026-03-02T02:00:00Z");
  const clock = { now: () => new Date(now) };
  beforeAll(async () => {
    t = await startTestApp({ backend, clock });
  }, 60_000);
  afterAll(() => t?.stop());

  let conversation: ReturnType<typeof webConversation>;
  const c = () => (conversation ??= webConversation(t));
  const later = (ms: number) => (now = new Date(now.getTime() + ms));
  const about = async (chatId: string, number: string) => (await t.outboxTexts(chatId)).filter((x) => x.includes(number));
  const reviewEvents = async (number: string): Promise<{ data: { stage: string; from: string; to: string; department: string }; public: boolean }[]> => {
    const rows: { data: string | object; public: boolean | number }[] = await t.app.database.dataSource.query(
      `SELECT e.data, e.public FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = $1 AND e.type = 'review' ORDER BY e.id`,
      [number],
    );
    return rows.map((r) => ({ data: typeof r.data === "string" ? JSON.parse(r.data) : r.data, public: Boolean(r.public) }));
  };

  test("a review goes to the 信访局 with 30 days to answer, a re-review a level up to the county government, and a third request is not taken up", async () => {
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "东街社区路灯坏了一个星期了，晚上很黑");
    await c().cadreSays("wang", `/resolve ${number} 已更换灯泡`);

    // 复查, asked by its word (no slash) three days after the answer.
    later(days(3));
    await c().send(resident, { text: `复查 ${number} 换了以后第二天又不亮了` });
    const reviewed = await c().caseByNumber(number);
    expect(reviewed).toMatchObject({ state: "in_progress", departmentId: "xinfang", cadreId: "yang", reviewCount: 1 });
    expect(reviewed.finishDueAt!.getTime()).toBe(now.getTime() + days(30));
    expect(await c().last(resident)).toMatch(new RegExp(`已受理您对诉求 ${number} 的复查申请，由信访局复查，将于 .+ 前答复`));
    // The reviewing body gets the card, with whose answer is disputed and why.
    const reviewCard = (await about("g-xinfang", number)).at(-1) ?? "";
    expect(reviewCard).toContain("@杨帆");
    expect(reviewCard).toContain(`群众不服城市管理局的答复，申请复查诉求 ${number}，由本单位复查`);
    expect(reviewCard).toContain("换了以后第二天又不亮了");
    // The department that answered is told, and it is in the timeline (the resident's too).
    expect(await c().last("g-chengguan")).toBe(`ℹ️ 群众对本单位办结的诉求 ${number} 的答复申请复查，已由信访局复查。`);
    expect(await reviewEvents(number)).toEqual([{ data: { stage: "review", from: "chengguan", to: "xinfang", department: "xinfang" }, public: true }]);
    // The reviewing body's cadre now answers for it; the old department's lead no longer may.
    await c().cadreSays("wang", `/resolve ${number} 我们再去看看`);
    expect((await c().caseByNumber(number)).state).toBe("in_progress");
    await c().cadreSays("yang", `/resolve ${number} 复查意见：已责成城管局更换整套灯具`, undefined, "g-xinfang");
    expect((await c().caseByNumber(number)).state).toBe("resolved");

    // 复核: once more, within 30 days of the review's answer, to the 信访局's own higher body.
    later(days(29));
    await c().send(resident, { text: `复查 ${number} 还是不亮` });
    const reReviewed = await c().caseByNumber(number);
    expect(reReviewed).toMatchObject({ state: "in_progress", departmentId: "xianfu", cadreId: "lin", reviewCount: 2 });
    expect(reReviewed.finishDueAt!.getTime()).toBe(now.getTime() + days(30));
    expect(await c().last(resident)).toMatch(new RegExp(`已受理您对诉求 ${number} 的复核申请，由县人民政府复核，将于 .+ 前答复。复核意见为最终意见。`));
    expect((await about("g-xianfu", number)).at(-1)).toContain(`群众不服信访局的复查意见，申请复核诉求 ${number}，由本单位复核`);
    expect((await about("g-xinfang", number)).at(-1)).toBe(`ℹ️ 群众对本单位办结的诉求 ${number} 的复查意见申请复核，已由县人民政府复核。`);
    expect((await reviewEvents(number)).map((e) => e.data)).toEqual([
      { stage: "review", from: "chengguan", to: "xinfang", department: "xinfang" },
      { stage: "re_review", from: "xinfang", to: "xianfu", department: "xianfu" },
    ]);
    await c().cadreSays("lin", `/resolve ${number} 复核意见：维持复查意见`, undefined, "g-xianfu");

    // A third request, in time: 不再受理, with the reason; the case stays as the re-review left it.
    later(days(1));
    const groupsBefore = (await about("g-xianfu", number)).length;
    await c().send(resident, { text: `复查 ${number} 我还是不服` });
    expect(await c().last(resident)).toBe(
      `诉求 ${number} 已经复查、复核，不再受理。根据《信访工作条例》第三十六条，对复核意见不服，仍以同一事实和理由提出的，不再受理。`,
    );
    expect(await c().caseByNumber(number)).toMatchObject({ state: "resolved", departmentId: "xianfu", reviewCount: 2 });
    expect(await about("g-xianfu", number)).toHaveLength(groupsBefore);
    expect(await reviewEvents(number)).toHaveLength(2);

    // Nor is a new appeal on the same facts: nothing is filed.
    const filedBefore = await t.app.database.dataSource.query(`SELECT count(*) AS n FROM cases`);
    await c().send(resident, { text: "东街社区路灯坏了一个星期了，晚上很黑" });
    await c().send(resident, { button: "confirm" });
    expect(await c().last(resident)).toMatch(new RegExp(`^诉求 ${number} 已经复查、复核，不再受理。`));
    expect(await t.app.database.dataSource.query(`SELECT count(*) AS n FROM cases`)).toEqual(filedBefore);
    // Another matter is filed as ever.
    await c().fileAppeal(resident, "南湖社区金湖小区门口的下水道堵了，污水漫到路上");
  });

  test("a review asked more than 30 days after the answer is refused, and the case stays where it was", async () => {
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "西街社区的垃圾桶满了没人清");
    await c().cadreSays("wang", `/resolve ${number} 已清理`);
    const answered = await c().caseByNumber(number);
    later(days(30) + 60_000);
    await c().send(resident, { text: `复查 ${number} 又满了` });
    expect(await c().last(resident)).toBe(`诉求 ${number} 已超过可申请复查的期限（办结后 30 天）。`);
    expect(await c().caseByNumber(number)).toMatchObject({ state: answered.state, departmentId: "chengguan", reviewCount: 0 });
    expect(await about("g-xinfang", number)).toEqual([]);
    expect(await reviewEvents(number)).toEqual([]);
  });

  test("the 信访局's own answer is reviewed by the county government, whose higher body is not on this service", async () => {
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "东街社区路口的井盖丢了");
    await c().cadreSays("wang", `/transfer ${number} 信访局 涉及多个部门`);
    expect((await c().caseByNumber(number)).departmentId).toBe("xinfang");
    await c().cadreSays("yang", `/resolve ${number} 已答复`, undefined, "g-xinfang");
    await c().send(resident, { text: `复查 ${number} 答复不清楚` });
    expect(await c().caseByNumber(number)).toMatchObject({ departmentId: "xianfu", reviewCount: 1 });
    await c().cadreSays("lin", `/resolve ${number} 复查意见：维持`, undefined, "g-xianfu");
    await c().send(resident, { text: `复查 ${number} 还是不清楚` });
    expect(await c().last(resident)).toBe(`诉求 ${number} 的复查（复核）机关不在本平台，请直接向其上一级机关书面提出（《信访工作条例》第三十五、三十六条）。`);
    expect(await c().caseByNumber(number)).toMatchObject({ state: "resolved", departmentId: "xianfu", reviewCount: 1 });
  });
});
