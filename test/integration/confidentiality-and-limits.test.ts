import { backends } from "../support/databases";
import { captureLogger } from "../support/capture-logger";
import { webMessage } from "../support/messages";
import { adminHeaders, startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/test-app";
import { webConversation } from "../support/web-conversation";

const token = "123456:SECRET-token-value-AAAAAAAAAAAAAAAAAAAA";

describe.each(backends)("confidentiality, authority, floods, logs and metrics on the %s database", (backend) => {
  let t: TestApp;
  const log = captureLogger({ secrets: [token, "demo"] });
  beforeAll(async () => {
    t = await startTestApp({ backend, logger: log.logger, adminToken: TEST_ADMIN_TOKEN });
  }, 60_000);
  afterAll(() => t?.stop());

  let conversation: ReturnType<typeof webConversation>;
  const c = () => (conversation ??= webConversation(t));
  const groupTexts = async () => {
    const rows: { text: string }[] = await t.app.database.dataSource.query(`SELECT payload->>'text' AS text FROM outbox WHERE chat_id LIKE 'g-%'`);
    return rows.map((r) => r.text).join("\n");
  };

  test("no group message carries the resident's name, account or phone; the cadre sees the phone in private", async () => {
    const chat = c().newResident();
    await t.app.inbound.handle({ ...webMessage({ chatId: chat, text: "东街社区路灯坏了，我叫王小明，电话13812345678，身份证110101199003071234" }), sender: { id: chat, displayName: "王小明的微信" } });
    await c().send(chat, { button: "confirm" });
    const number = /MQ-\d{8}-\d{4}/.exec(await c().last(chat))?.[0] ?? "";
    await c().cadreSays("wang", `/reply ${number} 收到，马上处理`);
    await c().cadreSays("wang", `/case ${number}`);

    const seenByGroups = await groupTexts();
    expect(seenByGroups).toContain(number);
    for (const secret of [chat, "王小明的微信", "13812345678", "110101199003071234"]) expect(seenByGroups).not.toContain(secret);
    expect(seenByGroups).toContain("138****5678");

    await t.app.inbound.handle(webMessage({ chatId: "c-wang", senderId: "wang", text: `/case ${number}` }));
    await t.settled();
    expect(await c().last("c-wang")).toContain("13812345678");
  });

  test("only the case's department and the supervisors may read its details", async () => {
    const number = await c().fileAppeal(c().newResident(), "西街社区的下水道堵了，污水横流");
    await c().cadreSays("li", `/case ${number}`, undefined, "g-zhujian");
    expect(await c().last("g-zhujian")).toContain("不属于您的部门");
    await c().cadreSays("zhao", `/case ${number}`, undefined, "g-supervisors");
    expect(await c().last("g-supervisors")).toContain("西街社区的下水道");
  });

  test("a resident who floods is asked once to slow down; another resident is not affected", async () => {
    const flooder = c().newResident();
    const other = c().newResident();
    for (let i = 0; i < 30; i++) await t.app.inbound.handle(webMessage({ chatId: flooder, text: `/status` }));
    await c().send(other, { text: "/status" });
    await t.settled();
    expect((await t.outboxTexts(flooder)).filter((x) => x.includes("太快了"))).toHaveLength(1);
    expect((await t.outboxTexts(flooder)).filter((x) => x.includes("还没有提交过诉求"))).toHaveLength(20);
    expect(await c().last(other)).toContain("还没有提交过诉求");
  });

  test("the fourth ordinary appeal in an hour waits, kept for later; an urgent one always passes", async () => {
    const resident = c().newResident();
    for (const place of ["东街", "西街", "南湖"]) await c().fileAppeal(resident, `${place}社区的路灯坏了好几天`);
    await c().send(resident, { text: "新城社区的路灯也坏了好几天" });
    await c().send(resident, { button: "confirm" });
    expect(await c().last(resident)).toContain("一小时内已经提交了 3 件");
    await c().send(resident, { text: "河西村有人受伤了，电线掉在地上" });
    await c().send(resident, { button: "confirm" });
    expect((await t.outboxTexts(resident)).filter((x) => x.includes("诉求已登记"))).toHaveLength(4);
  });

  test("logs carry case numbers for correlation and never a secret", async () => {
    const number = await c().fileAppeal(c().newResident(), "南湖社区的井盖被偷了，很危险");
    log.logger.error(`a platform error quoting https://api.telegram.org/bot${token}/sendMessage`, { password: "demo" });
    const lines = log.lines().join("\n");
    expect(lines).toContain(number);
    expect(lines).not.toContain(token);
    expect(lines).not.toMatch(/"password":"demo"/);
    expect(lines).toContain("[secret]");
  });

  test("/metrics reports cases by state, the outbox backlog and deliveries", async () => {
    const res = await fetch(`${t.baseUrl}/metrics`, { headers: adminHeaders() });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/minqing_cases\{state="submitted"\} [1-9]\d*/);
    expect(body).toMatch(/minqing_deliveries_total\{channel="web",outcome="sent"\} [1-9]\d*/);
    expect(body).toMatch(/minqing_inbound_messages_total\{channel="web",outcome="handled"\} [1-9]\d*/);
    expect(body).toContain("minqing_outbox_pending");
  });
});
