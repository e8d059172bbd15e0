import { createHash } from "node:crypto";
import { backends } from "../support/databases";
import { startTestApp, tg, type TestApp } from "../support/test-app";
import { FakeTelegramApi, type FakeUser, type SentMessage, type UploadedFile } from "../fakes/fake-telegram-api";

/**
 * Issue 16: a Telegram resident receives their written notice itself, as a PDF document with
 * the message about the action as its caption, through the real client and a fake Bot API that
 * keeps the uploaded bytes; the bytes are the ones the timeline's hash commits to.
 */
describe.each(backends)("written notices sent as documents on Telegram, %s database", (backend) => {
  let fake: FakeTelegramApi;
  let t: TestApp;
  const group = Number(tg.chengguanGroup);
  const wang: FakeUser = { id: Number(tg.wang), first_name: "建国", last_name: "王" };
  let residentId = 9500;
  const newResident = (): FakeUser => ({ id: ++residentId, first_name: "张三", language_code: "zh-hans" });
  const year = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  beforeAll(async () => {
    fake = await FakeTelegramApi.start();
    t = await startTestApp({ backend, telegram: { apiUrl: fake.url, token: fake.token } });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  const to = (chatId: number, includes: string) => fake.waitForMessage((m) => m.chat_id === chatId && (m.text ?? "").includes(includes), 5000);

  async function fileAndAccept(resident: FakeUser, text: string): Promise<{ number: string; document: SentMessage }> {
    fake.pushUpdate(fake.privateText(resident, text));
    const summary = await to(resident.id, "请核对");
    fake.pushUpdate(fake.callbackPress(resident.id, resident, summary.message_id, "confirm"));
    const number = /MQ-\d{8}-\d{4}/.exec((await to(resident.id, "诉求已登记")).text ?? "")![0];
    await to(group, number);
    await t.settled();
    fake.pushUpdate(fake.groupText(group, wang, `/accept@MinqingBot ${number}`));
    const document = await fake.waitForMessage((m) => m.chat_id === resident.id && m.method === "sendDocument", 10_000);
    await t.settled();
    return { number, document };
  }

  async function noticeSha256Of(number: string): Promise<string> {
    const [event] = (await t.app.database.dataSource.query(
      `SELECT e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = $1 AND e.type = 'accept'`,
      [number],
    )) as { data: { noticeSha256: string } }[];
    return event!.data.noticeSha256;
  }

  test("accepting the case sends the resident its 受理告知书 as a PDF, the message as its caption, the bytes the timeline's", async () => {
    const resident = newResident();
    const { number, document } = await fileAndAccept(resident, "东街社区3号楼前的路灯坏了一个星期了");

    const file = document.document as UploadedFile;
    expect(file.fileName).toBe(`信访事项受理告知书-〔${year}〕1号.pdf`);
    expect(file.contentType).toBe("application/pdf");
    expect(file.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(sha256(file.bytes)).toBe(await noticeSha256Of(number));
    // The caption is the whole message about the action: no separate text repeats it.
    expect(document.text).toContain(number);
    expect(document.text).toContain(`《信访事项受理告知书》（〔${year}〕1号）`);
    expect(fake.sent(resident.id).filter((m) => (m.text ?? "").includes("受理告知书"))).toHaveLength(1);
  });

  test("a send the Bot API refused is tried again by the outbox, and the resident gets the document and its text once", async () => {
    const resident = newResident();
    fake.failNext("sendDocument", 1, { status: 429, retryAfter: 1 });
    const { number, document } = await fileAndAccept(resident, "西街社区路口的垃圾桶满了没人清理");

    expect(fake.calls("sendDocument").filter((c) => c.params["chat_id"] === resident.id)).toHaveLength(2);
    expect(sha256((document.document as UploadedFile).bytes)).toBe(await noticeSha256Of(number));
    const told = fake.sent(resident.id).filter((m) => (m.text ?? "").includes("受理告知书"));
    expect(told.map((m) => m.method)).toEqual(["sendDocument"]);
  });
});
