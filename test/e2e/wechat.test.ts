import { Case } from "../../src/db/entities/case";
import type { Deployment } from "../../src/config/schema";
import { FakeTelegramApi, type FakeUser } from "../fakes/fake-telegram-api";
import { MockWechat, type MockContact, type MockRoom } from "../fakes/mock-wechat";
import { backends } from "../support/databases";
import { adminHeaders, startTestApp, TEST_ADMIN_TOKEN, testDeployment, tg, type TestApp } from "../support/test-app";
import { waitUntil } from "../support/wait-until";
import { bindRoom } from "../support/wechat-binding";
import type { WechatAdapter } from "../../adapters/wechat/wechat-adapter";

/** The department rooms and cadres' WeChat ids this test's deployment binds. */
const wx = {
  /** 城市管理局's room, configured by its exact topic and bound by the code an operator types in it. */
  chengguanTopic: "城管局诉求办理群",
  /** 人社局's room, bound by its id. */
  rensheRoom: "renshe-room@chatroom",
  /** The supervisors' room, by topic: bound like a department's. */
  supervisorsTopic: "民情通督办组",
  wang: "wxid_wang",
  zhou: "wxid_zhou",
  zhang: "wxid_zhang",
} as const;
const opsChat = -1001000000099;
/** This file sends more than the real pace (20 a minute) allows; pacing has its own tests. */
const unpaced = { perMinute: 10_000, delayMs: { min: 0, max: 0 } };

/** 城管 answers on WeChat only; 住建 on Telegram only; 人社 on WeChat by room id; operators sit in a Telegram chat. */
function wechatDeployment(): Deployment {
  const d = testDeployment();
  const dept = (id: string) => d.departments.find((x) => x.id === id)!;
  const cadre = (id: string) => d.cadres.find((x) => x.id === id)!;
  dept("chengguan").groups = { wechat: wx.chengguanTopic };
  dept("renshe").groups = { wechat: wx.rensheRoom };
  cadre("wang").accounts.wechat = wx.wang;
  cadre("zhou").accounts.wechat = wx.zhou;
  cadre("zhang").accounts.wechat = wx.zhang;
  d.operatorChats = { telegram: String(opsChat) };
  d.supervisorsGroup = { ...d.supervisorsGroup, wechat: wx.supervisorsTopic };
  return d;
}

/**
 * The real Wechaty on wechaty-puppet-mock, and Telegram's fake Bot API, in one app: residents
 * on WeChat, cadres in WeChat rooms, and cases that cross from one channel to the other.
 */
describe.each(backends)("WeChat end to end on the %s database", (backend) => {
  let wechat: MockWechat;
  let telegram: FakeTelegramApi;
  let t: TestApp;
  let wang: MockContact;
  let stranger: MockContact;
  let chengguan: MockRoom;
  let residentSeq = 0;
  const newResident = (): MockContact => wechat.contact(`wxid_resident_${backend}_${++residentSeq}`, `居民${residentSeq}`);

  beforeAll(async () => {
    wechat = new MockWechat();
    telegram = await FakeTelegramApi.start();
    t = await startTestApp({ backend, deployment: wechatDeployment(), telegram: { apiUrl: telegram.url, token: telegram.token }, wechat: { puppet: wechat.puppet, pacing: unpaced }, adminToken: TEST_ADMIN_TOKEN });
    wechat.login();
    await waitUntil(() => t.app.adapters.get("wechat")?.state() === "logged_in", 15_000);
    wang = wechat.contact(wx.wang, "王建国");
    stranger = wechat.contact("wxid_passerby", "路人甲");
    chengguan = wechat.room("chengguan-room@chatroom", wx.chengguanTopic, [wang, stranger]);
    await bindRoom({ baseUrl: t.baseUrl, adapter: adapter(), wechat, room: chengguan, group: wx.chengguanTopic, by: wang });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await telegram?.close();
  });

  const adapter = () => t.app.adapters.get("wechat") as WechatAdapter;
  const caseOf = (number: string) => t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });

  async function fileAppeal(resident: MockContact, text: string): Promise<string> {
    wechat.say(resident, text);
    const summary = await wechat.waitForText(resident.id, "请核对");
    expect(summary).toContain("回复“确认”");
    wechat.say(resident, "确认");
    const receipt = await wechat.waitForText(resident.id, "诉求已登记");
    return /MQ-\d{8}-\d{4}/.exec(receipt)![0];
  }

  test("a resident files in a private chat, the room gets the card with the cadre @-mentioned, the cadre's quote reply reaches the resident", async () => {
    const resident = newResident();
    const number = await fileAppeal(resident, "东街社区3号楼前的路灯坏了一个星期了");
    const card = await wechat.waitForSend((s) => s.to === chengguan.id && (s.text ?? "").includes(number));
    expect(card.text).toContain("@王建国");
    expect(card.mentionIds).toEqual([wx.wang]);
    expect(card.text).toContain("引用本消息回复");
    expect(card.text).not.toContain("居民");

    wechat.quote(wang, "民情通", card.text!.slice(0, 60), "已安排电工明天上午维修", chengguan);
    expect(await wechat.waitForText(resident.id, "明天上午维修")).toContain(number);
    await wechat.waitForText(chengguan.id, `已将答复转给群众（${number}）`);

    wechat.say(wang, `办结 ${number} 路灯已修好`, chengguan);
    const prompt = await wechat.waitForText(resident.id, "打分");
    expect(prompt).toContain("请直接回复数字 1 到 5");
    wechat.say(resident, "4");
    await wechat.waitForText(chengguan.id, "4分");
    wechat.say(resident, "查询");
    const status = await wechat.waitForSend((s) => s.to === resident.id && (s.text ?? "").startsWith("您的诉求："));
    expect(status.text).toContain(`${number}【已结案】`);
    // Nothing the bot told this resident asked them to tap a button.
    for (const text of wechat.textsTo(resident.id)) expect(text).not.toMatch(/点选|点“/);
  });

  test("commands and Chinese aliases work in the room; a non-cadre is refused and changes nothing; talk is left alone", async () => {
    const resident = newResident();
    const number = await fileAppeal(resident, "西街社区有人占道摆摊，车都过不去");
    const card = await wechat.waitForSend((s) => s.to === chengguan.id && (s.text ?? "").includes(number));

    let mark = wechat.sent.length;
    wechat.quote(stranger, "民情通", card.text!.slice(0, 60), "我来处理", chengguan);
    await wechat.waitForText(chengguan.id, "只有登记在册的工作人员", mark);
    mark = wechat.sent.length;
    wechat.say(stranger, `/accept ${number}`, chengguan);
    await wechat.waitForText(chengguan.id, "只有登记在册的工作人员", mark);
    expect((await caseOf(number)).state).toBe("submitted");
    expect(wechat.textsTo(resident.id).join("\n")).not.toContain("我来处理");

    // People talking in the room, and quoting each other, is not for the bot.
    mark = wechat.sent.length;
    wechat.say(wang, "今天下午谁去西街看看？", chengguan);
    wechat.quote(wang, "路人甲", `${number} 这个我知道`, "好的", chengguan);
    wechat.say(wang, "@民情通 受理 " + number.toLowerCase(), chengguan);
    await wechat.waitForText(chengguan.id, `已受理 ${number}`, mark);
    expect(wechat.sent.slice(mark).filter((s) => s.to === chengguan.id)).toHaveLength(1);
    await wechat.waitForText(resident.id, "已受理");

    wechat.say(wang, "/mine", chengguan);
    expect(await wechat.waitForText(chengguan.id, "待办诉求", mark)).toContain(number);
    wechat.say(wang, `查看 ${number}`, chengguan);
    expect(await wechat.waitForText(chengguan.id, "办理过程", mark)).toContain("受理");

    // The resident withdraws it after all: the room hears of it.
    wechat.say(resident, `撤回 ${number}`);
    await wechat.waitForText(resident.id, `诉求 ${number} 已撤回`);
    await wechat.waitForText(chengguan.id, `撤回诉求 ${number}`, mark);
  });

  test("a picture and a location from the resident are kept with the case; the room gets both after the card", async () => {
    const resident = newResident();
    wechat.picture(resident);
    await wechat.waitForText(resident.id, "已收到照片");
    wechat.location(resident, 30.12345, 120.54321);
    await wechat.waitForText(resident.id, "已收到位置");
    wechat.say(resident, "东街社区路口的井盖丢了，晚上很危险");
    const summary = await wechat.waitForText(resident.id, "请核对");
    expect(summary).toContain("照片1张，位置1处");
    wechat.say(resident, "确认");
    const number = /MQ-\d{8}-\d{4}/.exec(await wechat.waitForText(resident.id, "诉求已登记"))![0];

    const card = await wechat.waitForText(chengguan.id, number);
    expect(card).toContain("位置：30.12345, 120.54321");
    const caption = wechat.sent.findIndex((s) => s.to === chengguan.id && s.text === `${number} 附图`);
    await wechat.waitForSend((s) => s.to === chengguan.id && s.file !== undefined, caption);
    const c = await caseOf(number);
    expect(c.photos).toEqual([{ kind: "photo", channel: "wechat", fileId: expect.any(String) }]);
    expect(c.location).toEqual({ latitude: 30.12345, longitude: 120.54321 });
  });

  test("a long appeal is split to fit WeChat's message size, and nothing of it is lost", async () => {
    const resident = newResident();
    const sentence = "东街社区3号楼前的路灯坏了一个星期了，晚上出门很不方便。";
    const long = sentence.repeat(90); // about 2,500 characters: more than one message holds
    wechat.say(resident, long);
    await wechat.waitForText(resident.id, "回复“确认”");
    wechat.say(resident, "确认");
    const number = /MQ-\d{8}-\d{4}/.exec(await wechat.waitForText(resident.id, "诉求已登记"))![0];
    const first = await wechat.waitForSend((s) => s.to === chengguan.id && (s.text ?? "").includes(number));
    await wechat.waitForText(chengguan.id, "引用本消息回复", wechat.sent.indexOf(first));
    const parts = wechat.sent.slice(wechat.sent.indexOf(first)).filter((s) => s.to === chengguan.id).map((s) => s.text ?? "");
    const card = parts.slice(0, parts.findIndex((p) => p.includes("引用本消息回复")) + 1);
    expect(card.length).toBeGreaterThan(1);
    for (const part of card) expect(part.length).toBeLessThanOrEqual(2000);
    expect(card.join("").replace(/\s/g, "")).toContain(long.replace(/\s/g, ""));
    expect(first.mentionIds).toEqual([wx.wang]);
  });

  test("a friend request is accepted and the new contact greeted once", async () => {
    const newcomer = wechat.contact(`wxid_newcomer_${backend}`, "新朋友");
    wechat.friendRequest(newcomer, "你好，想反映个问题");
    await wechat.waitForText(newcomer.id, "您好！这里是");
    expect(wechat.accepted).toContain(`friendship-${newcomer.id}`);
    wechat.say(newcomer, "南湖社区公园的路灯不亮了");
    await wechat.waitForText(newcomer.id, "请核对");
    expect(wechat.textsTo(newcomer.id).filter((x) => x.startsWith("您好！"))).toHaveLength(1);
  });

  test("channels mix: a WeChat resident is served from a Telegram group, a Telegram resident from a WeChat room", async () => {
    const zhujian = Number(tg.zhujianGroup);
    const li: FakeUser = { id: Number(tg.li), first_name: "秀英", last_name: "李" };
    const resident = newResident();
    const number = await fileAppeal(resident, "东街社区小区电梯坏了半个月物业不修");
    const card = await telegram.waitForMessage((m) => m.chat_id === zhujian && (m.text ?? "").includes(number), 15_000);
    expect(card.text).toContain("回复本消息");
    // The card's id is written down just after Telegram took it; a reply maps through that id.
    await t.settled();
    telegram.pushUpdate(telegram.groupReply(zhujian, li, "已联系物业，今天下午修", card.message_id));
    expect(await wechat.waitForText(resident.id, "今天下午修")).toContain(number);

    const tgResident: FakeUser = { id: 8800 + residentSeq++, first_name: "张三", language_code: "zh-hans" };
    telegram.pushUpdate(telegram.privateText(tgResident, "西街社区菜市场门口垃圾三天没人清运"));
    const summary = await telegram.waitForMessage((m) => m.chat_id === tgResident.id && (m.text ?? "").includes("请核对"), 15_000);
    expect(summary.text).toContain("点“确认提交”");
    telegram.pushUpdate(telegram.callbackPress(tgResident.id, tgResident, summary.message_id, "confirm"));
    const receipt = await telegram.waitForMessage((m) => m.chat_id === tgResident.id && (m.text ?? "").includes("诉求已登记"), 15_000);
    const tgNumber = /MQ-\d{8}-\d{4}/.exec(receipt.text ?? "")![0];
    const wxCard = await wechat.waitForText(chengguan.id, tgNumber);
    await t.settled();
    wechat.quote(wang, "民情通", wxCard.slice(0, 50), "明早环卫车就去", chengguan);
    const answer = await telegram.waitForMessage((m) => m.chat_id === tgResident.id && (m.text ?? "").includes("明早环卫车就去"), 15_000);
    expect(answer.text).toContain(tgNumber);
  });

  test("a room bound by its id works like one bound by its topic; an unbound room cannot act", async () => {
    const zhang = wechat.contact(wx.zhang, "张伟");
    const renshe = wechat.room(wx.rensheRoom, "人社局工作群", [zhang]);
    const resident = newResident();
    const number = await fileAppeal(resident, "河西村工地的老板拖欠工资三个月了，一直不给");
    const card = await wechat.waitForSend((s) => s.to === renshe.id && (s.text ?? "").includes(number));
    expect(card.mentionIds).toEqual([wx.zhang]);
    wechat.quote(zhang, "民情通", card.text!.slice(0, 50), "已通知劳动监察大队介入", renshe);
    await wechat.waitForText(resident.id, "劳动监察大队");

    const unbound = wechat.room("somewhere@chatroom", "随便聊聊", [wang]);
    wechat.say(wang, `/accept ${number}`, unbound);
    expect(await wechat.waitForText(unbound.id, "还没有绑定部门")).toContain("somewhere@chatroom");
  });

  test("a logout is shown in /healthz and told to the operators; messages wait and go out after the next scan", async () => {
    const tgResident: FakeUser = { id: 8900 + residentSeq++, first_name: "李四", language_code: "zh-hans" };
    await wechat.logout("手机上退出了网页版");
    await waitUntil(() => t.app.adapters.get("wechat")?.state() === "logged_out");
    const health = (await (await fetch(`${t.baseUrl}/healthz`, { headers: adminHeaders() })).json()) as { channels: Record<string, string> };
    expect(health.channels.wechat).toBe("logged_out");
    const told = await telegram.waitForMessage((m) => m.chat_id === opsChat && (m.text ?? "").includes("退出登录"), 15_000);
    expect(told.text).toContain("手机上退出了网页版");

    // A Telegram resident's appeal for 城管 while WeChat is down: the card waits for the room.
    telegram.pushUpdate(telegram.privateText(tgResident, "南湖社区路边的井盖松动了，车一过就响"));
    const summary = await telegram.waitForMessage((m) => m.chat_id === tgResident.id && (m.text ?? "").includes("请核对"), 15_000);
    telegram.pushUpdate(telegram.callbackPress(tgResident.id, tgResident, summary.message_id, "confirm"));
    const receipt = await telegram.waitForMessage((m) => m.chat_id === tgResident.id && (m.text ?? "").includes("诉求已登记"), 15_000);
    const number = /MQ-\d{8}-\d{4}/.exec(receipt.text ?? "")![0];
    await t.settled();
    const waiting: { status: string; attempts: number }[] = await t.app.database.dataSource.query(
      `SELECT o.status, o.attempts FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.number = $1 AND o.channel = 'wechat'`,
      [number],
    );
    expect(waiting.length).toBeGreaterThan(0);
    for (const row of waiting) expect(row).toEqual({ status: "pending", attempts: 0 });

    const mark = wechat.sent.length;
    wechat.login();
    await wechat.waitForText(chengguan.id, number, mark);
    await telegram.waitForMessage((m) => m.chat_id === opsChat && (m.text ?? "").includes("重新登录"), 15_000);
  });
  test("a contact's room with the department's topic, made or renamed so, gets no card; the operators are told once; a wrong code binds nothing", async () => {
    const attacker = wechat.contact(`wxid_attacker_${backend}`, "冒充者");
    const impostor = (m: { chat_id: number | string; text?: string }) => m.chat_id === opsChat && (m.text ?? "").includes("不是已绑定的那个群");
    const fake = wechat.room(`fake-${backend}@chatroom`, wx.chengguanTopic, [attacker]);
    wechat.say(attacker, "大家好，这里是城管局诉求办理群", fake);
    const told = await telegram.waitForMessage(impostor, 15_000);
    expect(told.text).toContain(wx.chengguanTopic);
    const renamed = wechat.room(`renamed-${backend}@chatroom`, "吃瓜群", [attacker]);
    wechat.rename(renamed, wx.chengguanTopic, attacker);
    await waitUntil(() => telegram.sent(opsChat).filter(impostor).length === 2, 15_000, () => "the renamed room reported");
    // Guessing codes in the fake room: no answer, no binding.
    wechat.say(attacker, "绑定 12345678", fake);
    wechat.say(attacker, "/bind 00000000", fake);
    wechat.say(attacker, "再说一遍，这里才是城管局的群", fake);

    const resident = newResident();
    const number = await fileAppeal(resident, "东街社区垃圾桶满了好几天没人清理");
    await wechat.waitForText(chengguan.id, number);
    await t.settled();
    expect(wechat.sent.filter((x) => x.to === fake.id || x.to === renamed.id)).toEqual([]);
    expect(telegram.sent(opsChat).filter(impostor)).toHaveLength(2);
  });

  test("the supervisors' room is bound the same way: by the code typed in it, not by its topic", async () => {
    const zhao = wechat.contact(`wxid_zhao_${backend}`, "赵主任");
    const page = await (await fetch(`${t.baseUrl}${adapter().loginPagePath}`)).text();
    expect(page).toContain(`<td class="group">${wx.supervisorsTopic}</td>`);
    const room = wechat.room(`supervisors-${backend}@chatroom`, wx.supervisorsTopic, [zhao]);
    await bindRoom({ baseUrl: t.baseUrl, adapter: adapter(), wechat, room, group: wx.supervisorsTopic, by: zhao });
    await telegram.waitForMessage((m) => m.chat_id === opsChat && (m.text ?? "").includes(`“${wx.supervisorsTopic}”已绑定`), 15_000);
    expect(await (await fetch(`${t.baseUrl}${adapter().loginPagePath}`)).text()).not.toContain(wx.supervisorsTopic);
  });

  test("a message the bot cannot read is recorded once, and its sender is told it could not be read", async () => {
    const resident = newResident();
    const id = wechat.unreadable(resident, "东街社区的路灯坏了");
    await wechat.waitForText(resident.id, "暂时只能接收文字");
    wechat.redeliver(id);
    wechat.say(resident, "东街社区3号楼前的路灯坏了一个星期了");
    await wechat.waitForText(resident.id, "请核对");
    const rows: { payload: { unsupported?: string; sender: { id: string } } }[] = await t.app.database.dataSource.query(
      `SELECT payload FROM inbound_messages WHERE channel = 'wechat' AND delivery_id = $1`,
      [id],
    );
    expect(rows.map((r) => [r.payload.unsupported, r.payload.sender.id])).toEqual([["unreadable", resident.id]]);
    expect(wechat.textsTo(resident.id).filter((x) => x.includes("暂时只能接收文字"))).toHaveLength(1);
  });
});
