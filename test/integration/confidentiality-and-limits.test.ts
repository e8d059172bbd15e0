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

  /** What left for anyone but the resident about this case: groups, supervisors, cadres' private chats. */
  const seenByCadres = async (number: string, resident: string) => {
    const rows: { text: string }[] = await t.app.database.dataSource.query(
      `SELECT o.payload->>'text' AS text FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.number = $1 AND o.chat_id <> $2`,
      [number, resident],
    );
    return rows.map((r) => r.text).join("\n");
  };
  /** The digits as a reader sees them, full-width folded and separators dropped. */
  const digitsOf = (text: string) => text.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000+\-.]/g, "");

  test("a resident's review reason reaches the reviewing body's group with the phone in it masked", async () => {
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "东街社区的垃圾桶满了没人清");
    await c().cadreSays("wang", `/resolve ${number} 已清理`);
    await c().send(resident, { text: `/review ${number} 还是没清，请打我电话 +86 138 1234 5678 或座机（０５９１）８７６５ ４３２１` });

    const notice = (await t.outboxTexts("g-xinfang")).findLast((x) => x.includes(number) && x.includes("复查")) ?? "";
    expect(notice).toContain("还是没清");
    expect(notice).toContain("138 **** 5678");
    expect(digitsOf(notice)).not.toContain("1381234");
    expect(digitsOf(notice)).not.toContain("87654321");
    expect(digitsOf(await seenByCadres(number, resident))).not.toMatch(/1381234|87654321/);
  });

  test("/case in a group masks the whole timeline; only the responsible cadre, in private, reads it as written", async () => {
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "东街社区路灯不亮，电话138-1234-5678");
    await c().cadreSays("wang", `/reply ${number} 已和您通话（13812345678），明天上午维修`);
    await c().cadreSays("wang", `/note ${number} 居民身份证 110101 19900307 123X`);
    await c().cadreSays("wang", `/case ${number}`);

    const inGroup = await c().last("g-chengguan");
    expect(inGroup).toContain("明天上午维修");
    expect(inGroup).toContain("138****5678");
    expect(digitsOf(inGroup)).not.toMatch(/1381234|19900307/);

    for (const [account, chat] of [["zhou", "c-zhou"], ["zhao", "c-zhao"]] as const) {
      await t.app.inbound.handle(webMessage({ chatId: chat, senderId: account, text: `/case ${number}` }));
      await t.settled();
      expect(await c().last(chat)).toContain("明天上午维修");
      expect(digitsOf(await c().last(chat))).not.toMatch(/1381234|19900307/);
    }

    await t.app.inbound.handle(webMessage({ chatId: "c-wang", senderId: "wang", text: `/case ${number}` }));
    await t.settled();
    const own = await c().last("c-wang");
    expect(own).toContain("138-1234-5678");
    expect(own).toContain("（13812345678）");
    expect(own).toContain("110101 19900307 123X");
  });

  test("reasons for a transfer, an extension and a refusal reach groups and supervisors masked", async () => {
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "西街社区的下水道井盖松动");
    await c().cadreSays("wang", `/accept ${number}`);
    await c().cadreSays("wang", `/extend ${number} 5 需等施工方，联系人手机１３９１２３４５６７８`);
    await c().cadreSays("zhao", `/deny ${number} 请直接打施工方 0591-87654321 催`, undefined, "g-supervisors");
    await c().cadreSays("wang", `/transfer ${number} 住建局 业主车牌闽A12345 身份证110101199003071234`);

    const seen = await seenByCadres(number, resident);
    expect(seen).toContain("需等施工方");
    expect(seen).toContain("由城市管理局转来");
    expect(digitsOf(seen)).not.toMatch(/1391234|87654321|A12345|19900307/);
    expect(await c().last("g-zhujian")).toContain("闽A****5");
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
