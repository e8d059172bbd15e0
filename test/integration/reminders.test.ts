import { fromLocal } from "../../src/calendar/local-time";
import { startApp, type App } from "../../src/app";
import { silentLogger } from "../../src/log";
import { backends } from "../support/databases";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";
import { webConversation } from "../support/web-conversation";

const tz = "Asia/Shanghai";
const local = (when: string) => fromLocal(when.slice(0, 10), when.slice(11), tz);
const hours = (n: number) => n * 3_600_000;
const days = (n: number) => n * 86_400_000;

/**
 * Time limits, reminders and escalation, with a clock the test moves: days pass in milliseconds.
 * What cadres, supervisors and residents are told is read from the outbox.
 */
describe.each(backends)("reminders on the %s database", (backend) => {
  let t: TestApp;
  let now = local("2026-11-23 10:00"); // a Monday
  const clock = { now: () => new Date(now) };
  const group = "g-chengguan";
  const supervisors = "g-supervisors";

  beforeAll(async () => {
    const deployment = testDeployment();
    // Friday 27 November is a holiday in this county; Saturday 28th is worked in exchange.
    deployment.calendar.holidays = ["2026-11-27"];
    deployment.calendar.workdays = ["2026-11-28"];
    t = await startTestApp({ backend, deployment, clock });
  }, 60_000);
  afterAll(() => t?.stop());

  let conversation: ReturnType<typeof webConversation>;
  const c = () => (conversation ??= webConversation(t));
  const at = async (when: string | Date) => {
    now = typeof when === "string" ? local(when) : when;
    await t.app.scheduler.tick();
    await t.settled();
  };
  const texts = (chatId: string) => t.outboxTexts(chatId);
  const count = async (chatId: string, pattern: RegExp) => (await texts(chatId)).filter((x) => pattern.test(x)).length;

  test("an unaccepted case: a warning before the deadline, then an overdue nudge escalated to the supervisors, each once", async () => {
    await at("2026-11-23 10:00");
    const number = await c().fileAppeal(c().newResident(), "西街社区路口的垃圾堆了三天没人清运");
    const theCase = await c().caseByNumber(number);
    // 1 working day: by the end of Tuesday.
    expect(theCase.acceptDueAt.toISOString()).toBe(local("2026-11-24 18:00").toISOString());

    await at("2026-11-24 13:00");
    expect(await count(group, new RegExp(`${number} 即将到受理时限`))).toBe(0);
    await at("2026-11-24 14:00");
    expect(await c().last(group)).toMatch(new RegExp(`${number} 即将到受理时限.*@王建国`));
    await at("2026-11-24 14:30");
    expect(await count(group, new RegExp(`${number} 即将到受理时限`))).toBe(1);

    await at("2026-11-24 18:01");
    expect(await c().last(group)).toContain(`${number} 已超过受理时限`);
    expect(await c().last(supervisors)).toMatch(new RegExp(`督办.*${number}.*责任人：王建国`));
    await at("2026-11-24 19:00");
    expect(await count(supervisors, new RegExp(number))).toBe(1);
  });

  test("quiet hours hold an ordinary nudge until the morning; an urgent one goes at once", async () => {
    await at("2026-11-23 10:00");
    const ordinary = await c().fileAppeal(c().newResident(), "东街社区有人占道摆摊卖水果");
    const urgent = await c().fileAppeal(c().newResident(), "东街社区3号楼漏电了，有人触电");
    expect((await c().caseByNumber(urgent)).urgent).toBe(true);
    // Both are overdue by 23:00; only the urgent one may wake people (住建局 handles electricity).
    await at("2026-11-24 23:00");
    expect(await count("g-zhujian", new RegExp(`${urgent} 已超过`))).toBe(1);
    expect(await count(group, new RegExp(`${ordinary} 已超过受理时限`))).toBe(0);
    await at("2026-11-25 07:59");
    expect(await count(group, new RegExp(`${ordinary} 已超过受理时限`))).toBe(0);
    await at("2026-11-25 08:00");
    expect(await count(group, new RegExp(`${ordinary} 已超过受理时限`))).toBe(1);
  });

  test("after downtime, one sweep sends one nudge per case, not a burst of stale ones", async () => {
    await at("2026-11-23 10:00");
    const number = await c().fileAppeal(c().newResident(), "南湖社区公园的健身器材坏了好几天");
    // Down for four days: accept and first-answer deadlines, with their warnings, all passed.
    await at("2026-11-27 10:00");
    const nudges = (await texts(group)).filter((x) => new RegExp(`${number} (即将到|已超过)`).test(x));
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toContain(`${number} 已超过答复时限`);
  });

  test("working days skip a holiday and count a make-up Saturday", async () => {
    await at("2026-11-26 10:00"); // Thursday
    const number = await c().fileAppeal(c().newResident(), "河西村村口的桥栏杆断了，很危险的样子");
    // Friday 27th is a holiday, Saturday 28th is worked: one working day ends on Saturday.
    expect((await c().caseByNumber(number)).acceptDueAt.toISOString()).toBe(local("2026-11-28 18:00").toISOString());
  });

  test("an extension: within the legal bound, approved by a supervisor, once; the resident is told the new date and why", async () => {
    await at("2026-11-23 10:00");
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "西街社区老旧小区的路面塌陷需要重新铺设");
    await c().cadreSays("wang", `/accept ${number}`);
    const before = (await c().caseByNumber(number)).finishDueAt!;

    await c().cadreSays("wang", `/extend ${number} 31 需要招标`);
    expect(await c().last(group)).toContain("1 到 30 天");
    await c().cadreSays("wang", `/extend ${number} 10 需要招标采购材料`);
    expect(await c().last(group)).toContain("等待主管领导批准");
    expect(await c().last(supervisors)).toContain(`/approve ${number}`);
    await c().cadreSays("wang", `/approve ${number}`);
    expect(await c().last(group)).toContain("只有主管领导");

    await c().cadreSays("zhao", `/approve ${number}`, undefined, supervisors);
    const after = (await c().caseByNumber(number)).finishDueAt!;
    expect(after.getTime() - before.getTime()).toBe(days(10));
    const told = await c().last(resident);
    expect(told).toContain("延期 10 天");
    expect(told).toContain("需要招标采购材料");

    await c().cadreSays("wang", `/extend ${number} 5 还要再等等`);
    expect(await c().last(group)).toContain("已经延期过一次");
  });

  test("a review after resolution goes to the reviewing body with a 30-day deadline; too late, it is refused", async () => {
    await at("2026-11-23 10:00");
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "新城社区垃圾分类亭一直没人管，臭气熏天");
    await c().cadreSays("zhou", `/resolve ${number} 已安排专人每日清理`);

    await at(new Date(now.getTime() + days(3)));
    await c().send(resident, { text: `/review ${number} 还是没人清理` });
    const reviewed = await c().caseByNumber(number);
    expect(reviewed).toMatchObject({ state: "in_progress", reviewCount: 1, departmentId: "xinfang" });
    expect(reviewed.finishDueAt!.getTime()).toBe(now.getTime() + days(30));
    expect(await c().last(resident)).toContain("复查申请");
    expect((await texts("g-xinfang")).findLast((x) => x.includes(number))).toContain("@杨帆");

    await c().cadreSays("yang", `/resolve ${number} 已更换保洁公司`, undefined, "g-xinfang");
    await at(new Date(now.getTime() + days(31)));
    await c().send(resident, { text: `/review ${number} 又不行了` });
    expect(await c().last(resident)).toContain("已超过可申请复查的期限");
  });

  test("a resident who hears nothing is told the case is still being handled, once per period", async () => {
    await at("2026-11-23 10:00");
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "东街社区菜市场噪音扰民，凌晨四点就开始");
    await c().cadreSays("wang", `/reply ${number} 已联系市场管理方`);
    await c().cadreSays("wang", `/extend ${number} 3 等待市场回复`); // internal: the resident does not hear of it
    await at(new Date(now.getTime() + days(5) - hours(1)));
    expect(await count(resident, /仍在办理中/)).toBe(0);
    await at(new Date(now.getTime() + hours(2)));
    expect(await count(resident, /仍在办理中/)).toBe(1);
    await at(new Date(now.getTime() + days(1)));
    expect(await count(resident, /仍在办理中/)).toBe(1);
    await at(new Date(now.getTime() + days(5)));
    expect(await count(resident, /仍在办理中/)).toBe(2);
  });

  test("an unanswered rating prompt is repeated once, then the case closes unrated", async () => {
    await at("2026-11-23 10:00");
    const resident = c().newResident();
    const number = await c().fileAppeal(resident, "南湖社区的路灯已经坏了两个星期");
    await c().cadreSays("zhou", `/resolve ${number} 路灯已修复`);
    await at(new Date(now.getTime() + days(2) + hours(1)));
    expect(await count(resident, /还没有评价/)).toBe(1);
    await at(new Date(now.getTime() + days(6)));
    const closed = await c().caseByNumber(number);
    expect(closed.state).toBe("closed");
    expect(closed.rating).toBeNull();
    expect(await c().last(resident)).toContain("自动结案");
    expect(await count(resident, /还没有评价/)).toBe(1);
  });

  test("the daily report goes to each department group once, and late rather than never", async () => {
    await at("2026-12-08 08:59");
    expect(await count(group, /2026-12-08 诉求日报/)).toBe(0);
    // Down at 09:00; started again at 11:00: the report is caught up, once.
    await at("2026-12-08 11:00");
    await at("2026-12-08 11:05");
    expect(await count(group, /2026-12-08 诉求日报/)).toBe(1);
    expect(await c().last(group)).toMatch(/新增 \d+｜在办 \d+｜今日到期 \d+｜超期 \d+｜待评价 \d+/);
    expect(await count("g-zhujian", /2026-12-08 诉求日报/)).toBe(1);
    // Tuesday: the weekly report of this week (from Monday) went to the supervisors once.
    expect(await count(supervisors, /2026-12-07 诉求周报/)).toBe(1);
  });

  test("two schedulers on one database send each reminder exactly once", async () => {
    await at("2026-12-09 10:00");
    const numbers: string[] = [];
    for (let i = 0; i < 6; i++) numbers.push(await c().fileAppeal(c().newResident(), `西街社区第${i + 1}处井盖缺失，路人容易摔倒`));
    now = local("2026-12-10 18:30");
    let other: App | undefined;
    try {
      if (backend === "postgres") {
        // A second instance: its own process state and connections, the same database.
        other = await startApp({ settings: { port: 0, publicUrl: "http://minqing.test", http: { trustedProxies: [] }, database: t.database.settings, log: { level: "error", format: "pretty" }, deployment: testDeployment() }, logger: silentLogger(), clock, host: "127.0.0.1", schedule: false });
        await Promise.all([t.app.scheduler.tick(), other.scheduler.tick(), t.app.scheduler.sweep.run(), other.scheduler.sweep.run()]);
        await other.outbox.settle();
      } else {
        // The embedded database is one process's: two sweeps in that process compete instead.
        await Promise.all([t.app.scheduler.sweep.run(), t.app.scheduler.sweep.run(), t.app.scheduler.tick()]);
      }
      await t.settled();
    } finally {
      await other?.stop();
    }
    for (const number of numbers) expect(await count(supervisors, new RegExp(`督办.*${number}`))).toBe(1);
  });

  test("one sweep over many cases of several departments: each group hears of its own cases once, in the order they were filed", async () => {
    await at("2026-12-14 10:00"); // a Monday
    const appeals = ["西街社区路口的垃圾堆了三天没人清运", "东街社区小区电梯坏了半个月物业不修"];
    const filed: { number: string; group: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const number = await c().fileAppeal(c().newResident(), `${appeals[i % 2]}（第${i + 1}次反映）`);
      filed.push({ number, group: (await c().caseByNumber(number)).departmentId === "zhujian" ? "g-zhujian" : group });
    }
    expect(new Set(filed.map((f) => f.group))).toEqual(new Set([group, "g-zhujian"]));
    // All of them overdue for acceptance at once: one sweep queues two dozen messages to three chats.
    await at("2026-12-15 18:30");
    // The cases each chat was nudged about (or, for the supervisors, 督办), message by message.
    const nudged = async (chat: string) =>
      (await texts(chat)).flatMap((x) => filed.filter((f) => x.includes(`${f.number} 已超过受理时限`) || (x.includes("督办") && x.includes(f.number))).map((f) => f.number));
    for (const chat of [group, "g-zhujian"]) expect(await nudged(chat)).toEqual(filed.filter((f) => f.group === chat).map((f) => f.number));
    expect(await nudged(supervisors)).toEqual(filed.map((f) => f.number));
  });

  // The embedded database has one connection: a transaction held open there would block the sweep itself.
  (backend === "postgres" ? test : test.skip)("a case a cadre is changing while the sweep runs is nudged at the next sweep, once", async () => {
    await at("2026-12-21 10:00");
    const number = await c().fileAppeal(c().newResident(), "东街社区菜市场门口的垃圾堆了好几天没人清运");
    const nudged = () => count(group, new RegExp(`${number} 即将到受理时限`));
    now = local("2026-12-22 14:00");
    await t.app.database.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT id FROM cases WHERE number = $1 FOR UPDATE`, [number]);
      await t.app.scheduler.tick(); // the case is locked: left alone, its reminder still pending
    });
    await t.settled();
    expect(await nudged()).toBe(0);
    await at("2026-12-22 14:01");
    expect(await nudged()).toBe(1);
    await at("2026-12-22 14:02");
    expect(await nudged()).toBe(1);
  });
});
