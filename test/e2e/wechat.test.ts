import { Case } from "../../src/db/entities/case";
import type { Deployment } from "../../src/config/schema";
import { FakeTelegramApi, type FakeUser } from "../fakes/fake-telegram-api";
import { MockWechat, type MockContact, type MockRoom } from "../fakes/mock-wechat";
import { backends } from "../support/databases";
import { startTestApp, testDeployment, tg, type TestApp } from "../support/test-app";

/** The department rooms and cadres' WeChat ids this test's deployment binds. */
const wx = {
  /** 城市管理局's room, bound by its exact topic (web-protocol room ids change at every login). */
  chengguanTopic: "城管局诉求办理群",
  /** 人社局's room, bound by its id. */
  rensheRoom: "renshe-room@chatroom",
  wang: "wxid_wang",
  zhou: "wxid_zhou",
  zhang: "wxid_zhang",
} as const;
const opsChat = -1001000000099;

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
    t = await startTestApp({ backend, deployment: wechatDeployment(), telegram: { apiUrl: telegram.url, token: telegram.token }, wechat: { puppet: wechat.puppet } });
    wechat.login();
    await waitUntil(() => t.app.adapters.get("wechat")?.state() === "logged_in");
    wang = wechat.contact(wx.wang, "王建国");
    stranger = wechat.contact("wxid_passerby", "路人甲");
    chengguan = wechat.room("chengguan-room@chatroom", wx.chengguanTopic, [wang, stranger]);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await telegram?.close();
  });

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
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
