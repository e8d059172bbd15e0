import { Case } from "../../src/db/entities/case";
import { backends } from "../support/databases";
import { startTestApp, tg, type TestApp } from "../support/test-app";
import { FakeTelegramApi, type FakeUser, type SentMessage } from "../fakes/fake-telegram-api";

/**
 * The real node-telegram-bot-api client, long polling a fake Bot API server on 127.0.0.1:
 * a resident's appeal reaches the department's group and the cadre's answers come back.
 */
describe.each(backends)("Telegram end to end on the %s database", (backend) => {
  let fake: FakeTelegramApi;
  let t: TestApp;
  const group = Number(tg.chengguanGroup);
  const wang: FakeUser = { id: Number(tg.wang), first_name: "建国", last_name: "王" };
  const stranger: FakeUser = { id: 777, first_name: "路人" };
  let residentId = 9000;
  const newResident = (): FakeUser => ({ id: ++residentId, first_name: "张三", username: `zhangsan${residentId}`, language_code: "zh-hans" });

  beforeAll(async () => {
    fake = await FakeTelegramApi.start();
    t = await startTestApp({ backend, telegram: { apiUrl: fake.url, token: fake.token } });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  const to = (chatId: number, includes: string) => fake.waitForMessage((m) => m.chat_id === chatId && (m.text ?? "").includes(includes), 5000);
  const buttons = (m: SentMessage) => m.reply_markup?.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : "")) ?? [];

  async function fileAppeal(resident: FakeUser, text: string): Promise<{ number: string; card: SentMessage }> {
    fake.pushUpdate(fake.privateText(resident, text));
    const summary = await to(resident.id, "请核对");
    expect(buttons(summary)).toEqual(["confirm", "cancel"]);
    fake.pushUpdate(fake.callbackPress(resident.id, resident, summary.message_id, "confirm"));
    const receipt = await to(resident.id, "诉求已登记");
    const number = /MQ-\d{8}-\d{4}/.exec(receipt.text ?? "")![0];
    const card = await to(group, number);
    // The card's id is written down just after Telegram took it; a reply maps through that id.
    await t.settled();
    return { number, card };
  }

  test("resident files → card in the group → cadre replies to the card → resolves → resident rates → /status shows it closed", async () => {
    const resident = newResident();
    const { number, card } = await fileAppeal(resident, "东街社区3号楼前的路灯坏了一个星期了");

    // The card names the responsible cadre with a real mention, and nothing about the resident.
    const mention = card.entities?.find((e) => e.type === "text_mention");
    expect(mention?.user?.id).toBe(wang.id);
    expect(card.text).toContain("@王建国");
    for (const secret of ["张三", resident.username!, String(resident.id)]) expect(card.text).not.toContain(secret);

    fake.pushUpdate(fake.groupReply(group, wang, "已安排电工明天上午维修", card.message_id));
    expect((await to(resident.id, "明天上午维修")).text).toContain(number);

    fake.pushUpdate(fake.groupText(group, wang, `/resolve@MinqingBot ${number} 路灯已修好`));
    await to(resident.id, "路灯已修好");
    const prompt = await to(resident.id, "打分");
    expect(buttons(prompt)).toContain(`rate:${number}:5`);
    fake.pushUpdate(fake.callbackPress(resident.id, resident, prompt.message_id, `rate:${number}:4`));
    await to(group, "4分");

    fake.pushUpdate(fake.privateText(resident, "/status"));
    const status = await fake.waitForMessage((m) => m.chat_id === resident.id && (m.text ?? "").startsWith("您的诉求："), 5000);
    expect(status.text).toContain(`${number}【已结案】`);
  });

  test("a photo sent with the appeal reaches the group after the card", async () => {
    const resident = newResident();
    const photo = fake.photo(resident.id, resident, "西街社区3号楼下水道井盖破了");
    fake.pushUpdate(photo);
    const summary = await to(resident.id, "请核对");
    expect(summary.text).toContain("照片1张");
    fake.pushUpdate(fake.callbackPress(resident.id, resident, summary.message_id, "confirm"));
    const number = /MQ-\d{8}-\d{4}/.exec((await to(resident.id, "诉求已登记")).text ?? "")![0];
    const largest = photo.message.photo!.at(-1)!.file_id;
    const sentPhoto = await fake.waitForMessage((m) => m.chat_id === group && m.method === "sendPhoto", 5000);
    expect(sentPhoto.photo).toBe(largest);
    expect(sentPhoto.text).toContain(number);
  });

  test("a non-cadre's reply to a card is refused and changes nothing", async () => {
    const { number, card } = await fileAppeal(newResident(), "西街社区路口的垃圾堆了三天没人清运");
    fake.pushUpdate(fake.groupReply(group, stranger, "我来处理吧", card.message_id));
    await to(group, "只有登记在册的工作人员");
    const c = await t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number });
    expect(c.state).toBe("submitted");
  });

  test("a redelivered update is ignored: one relay, not two", async () => {
    const resident = newResident();
    const { card } = await fileAppeal(resident, "南湖社区公园里的路灯全都不亮");
    const reply = fake.pushUpdate(fake.groupReply(group, wang, "今晚就派人检查线路", card.message_id));
    await to(resident.id, "今晚就派人检查线路");
    fake.redeliver(reply);
    // A later message proves the redelivery was processed before we count.
    fake.pushUpdate(fake.groupText(group, wang, "/mine"));
    await to(group, "待办诉求");
    await t.settled();
    expect(fake.sent(resident.id).filter((m) => (m.text ?? "").includes("今晚就派人检查线路"))).toHaveLength(1);
  });

  test("a group upgraded to a supergroup keeps getting its cards", async () => {
    const zhujian = Number(tg.zhujianGroup);
    const supergroup = -1009999999999;
    fake.pushUpdate(fake.migration(zhujian, supergroup, { id: Number(tg.li), first_name: "秀英" }));
    const resident = newResident();
    fake.pushUpdate(fake.privateText(resident, "东街社区小区电梯坏了半个月物业不修"));
    const summary = await to(resident.id, "请核对");
    fake.pushUpdate(fake.callbackPress(resident.id, resident, summary.message_id, "confirm"));
    const number = /MQ-\d{8}-\d{4}/.exec((await to(resident.id, "诉求已登记")).text ?? "")![0];
    const card = await to(supergroup, number);
    fake.pushUpdate(fake.groupReply(supergroup, { id: Number(tg.li), first_name: "秀英" }, "已联系物业今天修", card.message_id));
    await to(resident.id, "已联系物业今天修");
  });

  test("a resident who blocked the bot does not hold up anyone else", async () => {
    const blocked = newResident();
    const other = newResident();
    fake.failNext("sendMessage", 1, { status: 403, description: "Forbidden: bot was blocked by the user" });
    fake.pushUpdate(fake.privateText(blocked, "/help"));
    fake.pushUpdate(fake.privateText(other, "/help"));
    await to(other.id, "/status");
  });
});
