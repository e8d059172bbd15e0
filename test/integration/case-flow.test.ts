import { Case } from "../../src/db/entities/case";
import { CaseEvent } from "../../src/db/entities/case-event";
import { backends } from "../support/databases";
import { webMessage } from "../support/messages";
import { startTestApp, type TestApp } from "../support/test-app";
import { webConversation } from "../support/web-conversation";

type Conversation = ReturnType<typeof webConversation>;

/**
 * The life of a case through the core, on each database: what residents and cadres would see,
 * read from the outbox (the same messages every channel sends).
 */
describe.each(backends)("case flow on the %s database", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend });
  }, 60_000);
  afterAll(() => t?.stop());

  const group = "g-chengguan";
  let send: Conversation["send"], cadreSays: Conversation["cadreSays"], last: Conversation["last"];
  let cardMessageId: Conversation["cardMessageId"], fileAppeal: Conversation["fileAppeal"], newResident: Conversation["newResident"];
  beforeAll(() => {
    ({ send, cadreSays, last, cardMessageId, fileAppeal, newResident } = webConversation(t));
  });

  test("a resident files an appeal, a cadre answers from the group, resolves it, and the resident rates it", async () => {
    const resident = newResident();
    await send(resident, { text: "东街社区3号楼前的路灯坏了一个星期了，晚上很黑" });
    const seen = await t.outboxTexts(resident);
    expect(seen[0]).toContain("民情通"); // greeted on first contact
    expect(seen.at(-1)).toContain("市容环境");
    expect(seen.at(-1)).toContain("东街社区");

    await send(resident, { button: "confirm" });
    const receipt = await last(resident);
    expect(receipt).toMatch(/编号：MQ-\d{8}-\d{4}/);
    expect(receipt).toContain("城市管理局");
    const number = /MQ-\d{8}-\d{4}/.exec(receipt)![0];

    const card = (await t.outboxTexts(group)).find((x) => x.includes(number))!;
    expect(card).toContain("@王建国");
    expect(card).toContain("路灯坏了");
    expect(card).not.toContain(resident);

    await cadreSays("wang", "已安排电工明天上午维修", await cardMessageId(number));
    expect(await last(resident)).toContain("已安排电工明天上午维修");
    expect(await last(group)).toContain(number);
    let c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
    expect(c.state).toBe("in_progress");

    await cadreSays("wang", `/resolve ${number} 路灯已修好`);
    const afterResolve = await t.outboxTexts(resident);
    expect(afterResolve.at(-2)).toContain("路灯已修好");
    expect(afterResolve.at(-1)).toContain("打分");

    await send(resident, { button: `rate:${number}:5` });
    await send(resident, { text: "/status" });
    expect(await last(resident)).toContain(`${number}【已结案】`);
    c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
    expect(c.rating).toBe(5);

    const events = await t.app.database.dataSource.getRepository(CaseEvent).find({ where: { caseId: c.id }, order: { id: "ASC" } });
    expect(events.map((e) => [e.type, e.actorKind])).toEqual([
      ["created", "resident"],
      ["reply", "cadre"],
      ["resolve", "cadre"],
      ["rate", "resident"],
    ]);
  });

  test("a redelivered message does not file a second case", async () => {
    const resident = newResident();
    await send(resident, { text: "西街菜市场门口的垃圾三天没人清运了" });
    await send(resident, { button: "confirm", deliveryId: `${resident}-confirm` });
    await send(resident, { button: "confirm", deliveryId: `${resident}-confirm` });
    const rows: { n: string }[] = await t.app.database.dataSource.query(
      `SELECT count(*) AS n FROM cases c JOIN residents r ON r.id = c.resident_id WHERE r.account_id = $1`,
      [resident],
    );
    expect(Number(rows[0]!.n)).toBe(1);
    expect((await t.outboxTexts(resident)).filter((x) => x.includes("诉求已登记")).length).toBe(1);
  });

  test("the bot asks only for what it could not infer", async () => {
    const resident = newResident();
    // Nothing here says whose it is (a neighbour singing at midnight is 治安 now, and is read as such).
    await send(resident, { text: "我想反映个情况，好久了一直没人管" });
    expect(await last(resident)).toContain("属于哪一类");
    await send(resident, { text: "1" });
    expect(await last(resident)).toContain("哪个社区");
    await send(resident, { text: "南湖社区" });
    const summary = await last(resident);
    expect(summary).toContain("类别：市容环境");
    expect(summary).toContain("社区：南湖社区");
    await send(resident, { text: "确认" });
    expect(await last(resident)).toContain("城市管理局");
    // 南湖 is 周明's community, so the card names him.
    const card = (await t.outboxTexts(group)).at(-1) ?? "";
    expect(card).toContain("@周明");
  });

  test("a resident can cancel at any step and nothing is filed", async () => {
    const resident = newResident();
    await send(resident, { text: "新城社区的下水道堵了，污水漫到路上" });
    await send(resident, { text: "取消" });
    expect(await last(resident)).toContain("已取消");
    await send(resident, { text: "/status" });
    expect(await last(resident)).toContain("还没有提交过诉求");
  });

  test("an urgent appeal is flagged in the receipt and posted as an alarm", async () => {
    const resident = newResident();
    const number = await fileAppeal(resident, "东街社区5栋楼道里闻到很浓的燃气泄漏味道");
    const seen = await t.outboxTexts(resident);
    expect(seen.some((x) => x.includes("119"))).toBe(true);
    const rows: { payload: { text: string; alarm?: boolean } }[] = await t.app.database.dataSource.query(
      `SELECT o.payload FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.number = $1 AND o.chat_id = 'g-zhujian' ORDER BY o.id LIMIT 1`,
      [number],
    );
    expect(rows[0]!.payload.alarm).toBe(true);
    expect(rows[0]!.payload.text).toContain("【紧急】");
  });

  test("residents cannot see or touch each other's cases", async () => {
    const owner = newResident();
    const other = newResident();
    const number = await fileAppeal(owner, "南湖社区公园的路灯不亮了");
    await send(other, { text: `/case ${number}` });
    expect(await last(other)).toContain("没有找到");
    await send(other, { text: `/withdraw ${number}` });
    expect(await last(other)).toContain("没有找到");
    await send(other, { text: `/case MQ-20000101-9999` });
    expect(await last(other)).toContain("没有找到");
    const c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
    expect(c.state).toBe("submitted");

    await send(owner, { text: `/withdraw ${number}` });
    expect(await last(owner)).toContain("已撤回");
    expect(await last(group)).toContain(`撤回诉求 ${number}`);
  });

  test("only registered cadres of the department act on a case", async () => {
    const resident = newResident();
    const number = await fileAppeal(resident, "西街社区有人占道摆摊，车都过不去");
    const card = await cardMessageId(number);
    await cadreSays("stranger", "我来处理", card);
    expect(await last(group)).toContain("只有登记在册的工作人员");
    await cadreSays("li", `/accept ${number}`); // 住建局's handler
    expect(await last(group)).toContain("不属于您的部门");
    await cadreSays("wang", "/accept", card);
    expect(await last(group)).toContain(`已受理 ${number}`);
    expect(await last(resident)).toContain("已受理");
    const c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
    expect(c.state).toBe("accepted");
  });

  test("an internal note stays internal; a transfer reaches the other department", async () => {
    const resident = newResident();
    const number = await fileAppeal(resident, "东街社区小区电梯坏了半个月物业不修");
    // 电梯/物业/小区 are 住房物业: 住建局 got it; 李秀英 notes and transfers it to 城管 to test the path.
    const zhujianCard = await cardMessageId(number, "g-zhujian");
    await cadreSays("li", "/note 已电话联系物业经理", zhujianCard, "g-zhujian");
    await cadreSays("li", `/transfer ${number} 城管 涉及占道施工`, undefined, "g-zhujian");
    expect(await last("g-zhujian")).toContain("城市管理局");
    expect(await last(resident)).toContain("已转交城市管理局");
    const newCard = (await t.outboxTexts(group)).find((x) => x.includes(number))!;
    expect(newCard).toContain("由住房和城乡建设局转来");

    await send(resident, { text: `/case ${number}` });
    expect(await last(resident)).not.toContain("物业经理");
    await cadreSays("wang", `/case ${number}`);
    expect(await last(group)).toContain("物业经理");
  });

  test("a low rating reopens the case and tells the cadres", async () => {
    const resident = newResident();
    const number = await fileAppeal(resident, "新城社区广场舞噪音太大，每天晚上十点后还在跳");
    await cadreSays("zhou", `/resolve ${number} 已劝导`);
    await send(resident, { text: "2" });
    expect(await last(resident)).toContain("重新交由");
    expect(await last(group)).toContain("不满意");
    const c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
    expect(c.state).toBe("in_progress");
  });

  test("nobody acts on cases from a group that is not bound to a department", async () => {
    const number = await fileAppeal(newResident(), "河西村村口的路灯坏了好几天");
    await cadreSays("wang", `/accept ${number}`, undefined, "g-unbound");
    expect(await last("g-unbound")).toContain("还没有绑定部门");
    await cadreSays("wang", "/chatid", undefined, "g-unbound");
    expect(await last("g-unbound")).toContain("g-unbound");
    const c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
    expect(c.state).toBe("submitted");
  });

  test("commands with missing or unknown words get a clear answer", async () => {
    const resident = newResident();
    await send(resident, { text: "/frobnicate" });
    expect(await last(resident)).toContain("没有这个命令");
    await cadreSays("wang", "/resolve MQ-20000101-0001 好了");
    expect(await last(group)).toContain("没有找到");
    await cadreSays("wang", "/reply");
    expect(await last(group)).toContain("用法");
  });

  test("a quote of a case message (text, no id: WeChat) acts on that case, with the same checks as a reply", async () => {
    const resident = newResident();
    const number = await fileAppeal(resident, "东街社区公园的井盖丢了，老人容易摔伤");
    const card = (await t.outboxTexts(group)).find((x) => x.includes(number))!;
    const quote = `民情通：${card.slice(0, 40)}`;
    await cadreSays("stranger", "我来处理", undefined, group, quote);
    expect(await last(group)).toContain("只有登记在册的工作人员");
    await cadreSays("li", "这个我们管", undefined, group, quote);
    expect(await last(group)).toContain("不属于您的部门");
    expect(await last(resident)).not.toContain("这个我们管");
    // A quote of ordinary talk is people talking: no answer, no change.
    const before = await t.outboxTexts(group);
    await cadreSays("wang", "好的", undefined, group, "周明：明天开会");
    expect(await t.outboxTexts(group)).toEqual(before);

    await cadreSays("wang", "明天上午去修", undefined, group, quote);
    expect(await last(resident)).toContain("明天上午去修");
    const c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
    expect(c.state).toBe("in_progress");

    // In a private chat a cadre's quote is for the cadre desk too, not the start of an appeal.
    await t.app.inbound.handle(webMessage({ chatId: "c-wang", senderId: "wang", text: "材料已备好", quoted: `民情通：已将答复转给群众（${number}）。` }));
    await t.settled();
    expect(await last(resident)).toContain("材料已备好");
  });

  test("a new contact is greeted once: at the friend request, not again at the first message", async () => {
    const resident = newResident();
    await t.app.inbound.handle({ kind: "contact_added", channel: "web", deliveryId: `add-${resident}`, chatId: resident, sender: { id: resident } });
    await t.settled();
    expect(await t.outboxTexts(resident)).toEqual([expect.stringContaining("民情通")]);
    await send(resident, { text: "南湖社区的路灯不亮" });
    const seen = await t.outboxTexts(resident);
    expect(seen.filter((x) => x.startsWith("您好"))).toHaveLength(1);
  });

  test("operators hear of a channel logging out, and of its return, on their other channels", async () => {
    const ops = "g-xinfang";
    const before = (await t.outboxTexts(ops)).length;
    await t.app.inbound.handle({ kind: "channel_status", channel: "wechat", deliveryId: "status-1", status: "logged_out", detail: "手机上退出了网页版" });
    await t.app.inbound.handle({ kind: "channel_status", channel: "wechat", deliveryId: "status-2", status: "logged_in", detail: "民情通" });
    // News of the web chat would have to travel on itself: not sent.
    await t.app.inbound.handle({ kind: "channel_status", channel: "web", deliveryId: "status-3", status: "logged_out" });
    await t.settled();
    const told = (await t.outboxTexts(ops)).slice(before);
    expect(told).toHaveLength(2);
    expect(told[0]).toContain("微信账号已退出登录（手机上退出了网页版）");
    expect(told[0]).toContain("重新登录后自动补发");
    expect(told[1]).toContain("微信账号已重新登录");
  });

  describe("assign (指派)", () => {
    const privately = async (account: string, text: string) => {
      await t.app.inbound.handle(webMessage({ chatId: account, senderId: account, text }));
      await t.settled();
    };

    test("the department's lead assigns a case to a named colleague: the colleague is told in private, /mine shows it, the resident hears nothing", async () => {
      const resident = newResident();
      const number = await fileAppeal(resident, "东街社区5号楼下水道堵了，污水漫到路上");
      expect((await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number })).cadreId).toBe("wang");
      const residentSaw = (await t.outboxTexts(resident)).length;

      await cadreSays("wang", `/assign ${number} 周明 请今天去现场看看`);
      expect(await last(group)).toContain(`已将 ${number} 指派给周明`);
      const told = await last("zhou");
      expect(told).toContain(number);
      expect(told).toContain("王建国");
      expect(told).toContain("请今天去现场看看");
      expect((await t.outboxTexts(resident)).length).toBe(residentSaw);

      const c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
      expect(c.cadreId).toBe("zhou");
      const events = await t.app.database.dataSource.getRepository(CaseEvent).find({ where: { caseId: c.id }, order: { id: "ASC" } });
      expect(events.at(-1)).toMatchObject({ type: "assign", actorKind: "cadre", actorId: "wang", public: false, body: "请今天去现场看看", data: { from: "wang", to: "zhou" } });

      await privately("zhou", "/mine");
      expect(await last("zhou")).toContain(number);
      await privately("wang", "/mine");
      expect(await last("wang")).not.toContain(number);
    });

    test("the Chinese 指派 works, and a cadre who is not a lead, an unknown name or another department's cadre get a clear answer", async () => {
      const number = await fileAppeal(newResident(), "东街社区路口的井盖松动了，车一过就响");
      await cadreSays("zhou", `指派 ${number} 王建国`);
      expect(await last(group)).toContain("只有部门负责人或主管领导可以指派");
      await cadreSays("wang", `/assign ${number} 张三`);
      expect(await last(group)).toContain("没有找到工作人员“张三”");
      await cadreSays("wang", `/assign ${number} li`);
      expect(await last(group)).toContain("只能指派给");
      expect((await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number })).cadreId).toBe("wang");

      await cadreSays("wang", `指派 ${number} zhou`);
      expect(await last(group)).toContain(`已将 ${number} 指派给周明`);
      expect(await last("zhou")).toContain(number);
    });

    test("a supervisor may assign any department's case", async () => {
      const number = await fileAppeal(newResident(), "东街社区广场的健身器材坏了，有孩子差点受伤");
      await privately("zhao", `/assign ${number} 周明`);
      expect(await last("zhao")).toContain(`已将 ${number} 指派给周明`);
      expect((await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number })).cadreId).toBe("zhou");
    });
  });
});
