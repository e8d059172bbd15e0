import type { BrowserContext, Page } from "playwright-core";
import { chromiumMissing, collectScriptErrors, launchBrowser } from "../support/browser";
import { insertCases } from "../support/case-fixture";
import { backends } from "../support/databases";
import { busyDepartment } from "../support/inbox-fixture";
import { webMessage } from "../support/messages";
import { startTestApp, type TestApp } from "../support/test-app";

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 900 };
/** Set SHOTS=/tmp/somewhere to keep screenshots of the pages (never committed). */
const SHOTS = process.env["SHOTS"];

// A browser on a shared 2-core machine: a test of several steps takes longer than jest's default.
jest.setTimeout(90_000);

/**
 * The cadres' workspace in a real browser (Debian's Chromium), on a desk and on a phone, with a
 * department's forty open cases: the inbox, a case's buttons, live changes and the urgent alert.
 */
describe.each(backends.slice(0, 1))("the cadres' inbox in Chromium on the %s database", (backend) => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing()) throw new Error("Chromium is missing at /usr/bin/chromium: apt-get install -y chromium (.ci/run does it)");
    t = await startTestApp({ backend });
    await insertCases(t.app.database.dataSource.manager, busyDepartment(new Date()));
    // Accepted cases have a deadline to finish by, as the service gives them (the fixture sets only the first two).
    await t.app.database.dataSource.query(`UPDATE cases SET finish_due_at = accepted_at + interval '15 days' WHERE accepted_at IS NOT NULL AND resident_id = 0`);
    browser = await launchBrowser();
    await browser.context.grantPermissions(["notifications"], { origin: t.baseUrl });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  /** A page that records CSP violations, the notifications it shows and the tones it plays (headless, nothing is heard). */
  async function newPage(context: BrowserContext, viewport: { width: number; height: number }): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    collectScriptErrors(page, pageErrors);
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[]; __notes: string[]; __tones: number[] };
      w.__csp = [];
      w.__notes = [];
      w.__tones = [];
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
        // Only a running context makes a sound: a suspended one would play nothing.
        if (this.context.state === "running") w.__tones.push(this.frequency.value);
        start.call(this, when);
      };
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      const Real = window.Notification;
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          w.__notes.push(title);
        }
      }
      window.Notification = Recorded;
    });
    return page;
  }

  async function signIn(page: Page, account: string, path = "/workspace?lang=zh-Hans"): Promise<void> {
    await page.goto(`${t.baseUrl}${path}`);
    // One browser profile for every test: whoever signed in before signs out first.
    await page.locator("#sign-in-account, .workspace-header").first().waitFor();
    if (await page.locator(".workspace-header").count()) await page.getByRole("button", { name: "退出" }).click();
    await page.getByLabel("账号").fill(account);
    await page.getByLabel("密码").fill("demo");
    await page.getByRole("button", { name: "登录" }).click();
  }

  const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
  };

  async function fileByChat(text: string): Promise<string> {
    const resident = `r-${backend}-inbox-${Math.random().toString(36).slice(2)}`;
    await t.app.inbound.handle(webMessage({ chatId: resident, text }));
    await t.app.inbound.handle(webMessage({ chatId: resident, button: "confirm" }));
    await t.settled();
    return resident;
  }

  test("on a desk: the views filter, a case is accepted and answered with its buttons, and its row changes", async () => {
    const context = browser.context;
    const page = await newPage(context, DESK);
    await signIn(page, "wang");
    const cards = page.locator("a.case-card");
    await cards.first().waitFor();
    expect(await cards.count()).toBe(40);
    // Urgent first: the three urgent cases lead the list.
    expect(await page.locator("a.case-card").nth(2).locator(".urgency-mark").count()).toBe(1);
    expect(await page.locator("a.case-card").nth(3).locator(".urgency-mark").count()).toBe(0);
    await shot(page, "inbox-desk");

    // Each view lists as many cases as its chip counts, and only the cases it names.
    const showView = async (view: string) => {
      await page.locator(`button[data-view=${view}]`).click();
      const count = Number(await page.locator(`button[data-view=${view}] .inbox-filter-count`).textContent());
      await page.waitForFunction((n) => document.querySelectorAll("a.case-card").length === n && !document.querySelector(".el-skeleton"), count);
      return count;
    };
    expect(await showView("mine")).toBe(20);
    expect(await page.locator("a.case-card .case-card-mine").count()).toBe(20);
    const overdue = await showView("overdue");
    expect(overdue).toBeGreaterThan(0);
    expect(await page.locator("a.case-card .deadline-over").count()).toBe(overdue);
    const dueSoon = await showView("due_soon");
    expect(await page.locator("a.case-card .deadline-over").count()).toBe(0);
    expect(dueSoon).toBeGreaterThan(0);
    await showView("unassigned");
    expect(await page.locator('a.case-card:not([data-state="submitted"])').count()).toBe(0);

    // A new case by chat appears in the inbox at once, and the cadre acts on it.
    await page.locator("button[data-view=open]").click();
    await cards.nth(39).waitFor();
    const resident = await fileByChat("东街社区菜市场门口井盖丢了，晚上很危险");
    await page.waitForFunction(() => document.querySelectorAll("a.case-card").length === 41);
    const number = (await t.app.database.dataSource.query(`SELECT number FROM cases WHERE resident_id <> 0 ORDER BY id DESC LIMIT 1`))[0].number as string;
    const card = page.locator(`a.case-card[data-case="${number}"]`);
    expect(await card.getAttribute("data-state")).toBe("submitted");

    await card.click();
    await page.locator(`header.case-header[data-case="${number}"]`).waitFor();
    await page.locator("button[data-action=accept]").click();
    await page.locator("form[data-action=accept]").getByRole("button", { name: "受理" }).click();
    await page.locator('header.case-header[data-state="accepted"]').waitFor();

    await page.locator("button[data-action=reply]").click();
    await page.getByLabel("常用语").click({ force: true });
    await page.getByRole("option", { name: "已派人现场查看" }).click();
    expect(await page.getByLabel("答复内容（群众可见）").inputValue()).toContain("已安排工作人员到现场查看");
    await page.getByLabel("答复内容（群众可见）").fill("已通知维修队，今天下午补上井盖");
    await page.locator("form[data-action=reply]").getByRole("button", { name: "答复" }).click();
    await page.locator('header.case-header[data-state="in_progress"]').waitFor();
    await page.locator(".case-timeline").getByText("已通知维修队，今天下午补上井盖").waitFor();
    await t.settled();
    expect((await t.outboxTexts(resident)).at(-1)).toContain("已通知维修队，今天下午补上井盖");

    // Another cadre notes it in the group chat: the open case shows it without a reload.
    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", group: true, senderId: "zhou", text: `/note ${number} 施工队明早八点到` }));
    await page.locator(".case-timeline [data-event=note]").getByText("施工队明早八点到").waitFor();
    await shot(page, "case-desk");

    // Back in the inbox, the row reads as the case is now.
    await page.getByRole("link", { name: /返回列表/ }).click();
    await page.locator(`a.case-card[data-case="${number}"][data-state="in_progress"]`).waitFor();

    // A note and a transfer: the row leaves this department's inbox at once.
    await page.locator(`a.case-card[data-case="${number}"]`).click();
    await page.locator("button[data-action=transfer]").click();
    await page.getByLabel("转给哪个部门").click({ force: true });
    await page.getByRole("option", { name: "住房和城乡建设局" }).click();
    await page.locator("form[data-action=transfer]").getByRole("button", { name: "转办" }).click();
    // Out of this department's sight: the page says so and goes back to the inbox, where the row is gone.
    await page.getByText(`已转办：${number} 已不在本部门的案件中`).waitFor();
    await page.waitForFunction(() => document.querySelectorAll("a.case-card").length === 40);
    expect(await page.locator(`a.case-card[data-case="${number}"]`).count()).toBe(0);

    expect(await cspViolations(page)).toEqual([]);
    await page.close();
  });

  test("on a phone: an urgent case sounds the alarm, notifies, counts in the title, and the count goes once it is opened", async () => {
    const page = await newPage(browser.context, PHONE);
    await signIn(page, "ma");
    await page.locator("button[data-view=urgent]").waitFor();
    // The first click lets the page ask for notifications and start its sound.
    await page.locator("button[data-view=urgent]").click();
    await page.getByText("没有紧急案件").waitFor();

    await fileByChat("幸福小区三楼有人家里着火了，烟很大");
    const urgent = (await t.app.database.dataSource.query(`SELECT number, urgent, department_id AS d FROM cases WHERE resident_id <> 0 ORDER BY id DESC LIMIT 1`))[0] as { number: string; urgent: boolean; d: string };
    expect(urgent).toMatchObject({ urgent: true, d: "yingji" });

    await page.locator(`a.case-card[data-case="${urgent.number}"] .urgency-mark`).waitFor();
    await page.waitForFunction(() => /^\(1\) /.test(document.title));
    const notes = await page.evaluate(() => (window as unknown as { __notes: string[] }).__notes);
    expect(notes).toEqual([`紧急案件 ${urgent.number}`]);
    // Two beeps, high then low, on a running audio context.
    expect(await page.evaluate(() => (window as unknown as { __tones: number[] }).__tones)).toEqual([880, 660]);
    await shot(page, "inbox-phone-urgent");

    await page.locator(`a.case-card[data-case="${urgent.number}"]`).click();
    await page.locator(`header.case-header[data-case="${urgent.number}"]`).waitFor();
    await page.waitForFunction(() => !/^\(\d+\) /.test(document.title));
    await shot(page, "case-phone");
    expect(await cspViolations(page)).toEqual([]);
    await page.close();
  });

  test("the forms are labelled and work from the keyboard", async () => {
    const page = await newPage(browser.context, DESK);
    await signIn(page, "wang");
    await page.locator("button[data-view=unassigned]").click();
    const first = page.locator('a.case-card[data-state="submitted"]').first();
    await first.waitFor();
    const number = await first.getAttribute("data-case");
    await first.focus();
    await page.keyboard.press("Enter");
    await page.locator(`header.case-header[data-case="${number}"]`).waitFor();

    await page.locator("button[data-action=note]").focus();
    await page.keyboard.press("Enter");
    const note = page.getByLabel("备注内容（仅内部可见）");
    await note.waitFor();
    // An empty form is refused beside its field, not sent.
    await page.locator("form[data-action=note]").getByRole("button", { name: "备注" }).click();
    await page.locator("form[data-action=note]").getByText("请填写此项").waitFor();
    await note.focus();
    await page.keyboard.type("已电话联系居民，约明天上午查看");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator(".case-timeline").getByText("已电话联系居民，约明天上午查看").waitFor();
    await page.locator(".case-timeline [data-event=note]").first().waitFor();

    // Esc closes a form without acting.
    await page.locator("button[data-action=reject]").click();
    await page.getByLabel("不予受理的理由（群众可见）").waitFor();
    await page.keyboard.press("Escape");
    await page.locator("form[data-action=reject]").waitFor({ state: "detached" });
    expect(await page.locator("header.case-header").getAttribute("data-state")).toBe("submitted");
    expect(await cspViolations(page)).toEqual([]);
    await page.close();
  });

  test("/cadre sends the browser to the workspace's group chats, which show the department's cards", async () => {
    const page = await newPage(browser.context, PHONE);
    const answer = await fetch(`${t.baseUrl}/cadre`, { redirect: "manual" });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/workspace#/chats");
    await page.goto(`${t.baseUrl}/cadre`);
    await page.locator(".chat-tab").first().waitFor();
    expect(page.url()).toContain("/workspace#/chats");
    await page.locator(".msg.bot").first().waitFor();
    await shot(page, "chats-phone");
    expect(await cspViolations(page)).toEqual([]);
    await page.close();
  });
});
