import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { chromiumMissing, collectScriptErrors, launchBrowser } from "../support/browser";
import { insertCases } from "../support/case-fixture";
import { backends } from "../support/databases";
import { webMessage } from "../support/messages";
import { enqueue } from "../../src/outbox/enqueue";
import { realisticCases } from "../support/realistic-cases";
import { startTestApp, type TestApp } from "../support/test-app";
import { GROUP_GRID, GROUP_ROW_PX, HEAT_GRID, HEAT_ROW_PX, TREND_GRID, TREND_HEIGHT_PX, heatAxes, type HeatCellIds } from "../../front/workspace/dashboard/chart-layout";

/** Screenshots for people to look at, never committed: MINQING_SCREENSHOTS=/tmp/dir to keep them. */
const SHOTS = process.env.MINQING_SCREENSHOTS;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

/**
 * The dashboard part of the workspace (台账 · 统计 · 督办 · 未送达) in a real browser (Debian's
 * Chromium through playwright-core), as a supervisor and a handler use it, on a desk and a phone,
 * over a county's worth of cases.
 */
describe.each(backends)("the dashboard in Chromium on the %s database", (backend) => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing()) throw new Error("Chromium is missing at /usr/bin/chromium: apt-get install -y chromium (.ci/run does it)");
    t = await startTestApp({ backend });
    await insertCases(t.app.database.dataSource.manager, realisticCases(new Date()));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    // Shorter than a test's own limit, so a failure names the step that waited.
    page.setDefaultTimeout(10_000);
    collectScriptErrors(page, pageErrors);
    // Said on the console too, but named here so a failure says which rule the page broke.
    await page.addInitScript(() => {
      // Headless Chromium speaks English; these cadres read the county's Chinese (English is a test of its own).
      if (!localStorage.getItem("minqing.lang")) localStorage.setItem("minqing.lang", "zh-Hans");
      document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  beforeEach(async () => {
    await page.setViewportSize(DESKTOP);
    // Every test but the sign-in's starts signed in as the supervisor (the cookie is the browser's).
    if ((await browser.context.cookies()).length === 0) {
      const res = await page.request.post(`${t.baseUrl}/dashboard/api/login`, { data: { account: "zhao", password: "demo" }, headers: { origin: t.baseUrl } });
      expect(res.status()).toBe(200);
    }
  });
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  const shot = async (name: string) => {
    if (!SHOTS) return;
    await page.screenshot({ path: `${SHOTS}/${backend}-${name}.png`, fullPage: true });
    // A phone's page in screens, as a person scrolls it: a full page that tall is too small to judge.
    const viewport = page.viewportSize()!;
    if (viewport.width > PHONE.width) return;
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let i = 0; i * viewport.height < Math.min(height, 6 * viewport.height); i++) {
      await page.screenshot({ path: `${SHOTS}/${backend}-${name}-${i}.png`, fullPage: true, clip: { x: 0, y: i * viewport.height, width: viewport.width, height: viewport.height } });
    }
  };
  async function fileByChat(text: string): Promise<string> {
    const resident = `r-${backend}-browser-${Math.random().toString(36).slice(2)}`;
    await t.app.inbound.handle(webMessage({ chatId: resident, text }));
    await t.app.inbound.handle(webMessage({ chatId: resident, button: "confirm" }));
    await t.settled();
    const [row] = (await t.app.database.dataSource.manager.query("SELECT number FROM cases WHERE chat_id = $1", [resident])) as { number: string }[];
    return row!.number;
  }
  const kpi = (key: string) => page.locator(`[data-kpi=${key}] .kpi-value`);
  async function signIn(account: string): Promise<void> {
    await page.getByLabel("账号").fill(account);
    await page.getByLabel("密码").fill("demo");
    await page.getByRole("button", { name: "登录" }).click();
  }

  test("/dashboard opens the statistics, and a supervisor's figures change live as a case is filed and resolved", async () => {
    await browser.context.clearCookies();
    await page.goto(`${t.baseUrl}/dashboard`);
    await signIn("zhao");
    await page.waitForURL(/\/workspace\?from=dashboard#\/stats$/);
    await kpi("filed").waitFor();
    await page.locator("#chart-heat canvas").first().waitFor();
    await shot("stats-desktop");
    const filed = Number(await kpi("filed").textContent());
    const open = Number(await kpi("open").textContent());
    // Averages read as a person says them: never "0.0 小时".
    for (const key of ["toAccept", "toAnswer", "toFinish"]) expect(await kpi(key).textContent()).toMatch(/^(\d+(\.\d)? (分钟|小时|天)|不到 1 分钟)$/);

    const number = await fileByChat("东街社区幸福小区门口的路灯坏了，晚上很黑");
    await page.waitForFunction(([n]) => document.querySelector("[data-kpi=filed] .kpi-value")?.textContent === String(n), [filed + 1]);
    expect(Number(await kpi("open").textContent())).toBe(open + 1);

    await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "wang", group: true, text: `/resolve ${number} 已换好灯泡` }));
    await page.waitForFunction(([n]) => document.querySelector("[data-kpi=open] .kpi-value")?.textContent === String(n), [open]);
    expect(page.url()).toMatch(/#\/stats$/);
  });

  test("drill-down: a heat-map cell, a department's bar and a month open the ledger filtered to the cases they count", async () => {
    await page.goto(`${t.baseUrl}/workspace#/stats`);
    const heatBox = await page.locator("#chart-heat canvas").first().boundingBox();
    const charts = (await page.evaluate(() => fetch("/dashboard/api/charts").then((r) => r.json()))) as { heat: HeatCellIds[] };
    // The top row's first cell, where the page draws it (chart-layout.ts orders the rows and columns).
    const axes = heatAxes(charts.heat);
    const column = axes.communities.findIndex((id) => charts.heat.some((c) => c.categoryId === axes.categories[0] && c.communityId === id && id !== null));
    const first = charts.heat.find((c) => c.categoryId === axes.categories[0] && c.communityId === axes.communities[column])!;
    const cellWidth = (heatBox!.width - HEAT_GRID.left - HEAT_GRID.right) / axes.communities.length;
    await page.mouse.click(heatBox!.x + HEAT_GRID.left + cellWidth * (column + 0.5), heatBox!.y + HEAT_GRID.top + HEAT_ROW_PX / 2);
    await page.waitForURL(/#\/ledger\?/);
    const query = new URLSearchParams(page.url().split("?").at(-1));
    expect(query.get("category")).toBe(first.categoryId);
    expect(query.get("community")).toBe(first.communityId);
    await page.getByText(`共 ${first.cases} 件`).waitFor();
    await shot("ledger-drilled-desktop");

    // Back, and the department's name on the bar chart: that department's cases.
    await page.goBack();
    const groups = (await page.evaluate(() => fetch("/dashboard/api/stats?by=department").then((r) => r.json()))) as { rows: { key: string; filed: number }[] };
    const groupBox = await page.locator("#chart-groups canvas").first().boundingBox();
    await page.mouse.click(groupBox!.x + GROUP_GRID.left - 24, groupBox!.y + GROUP_GRID.top + GROUP_ROW_PX / 2);
    await page.waitForURL(/#\/ledger\?department=/);
    expect(new URLSearchParams(page.url().split("?").at(-1)).get("department")).toBe(groups.rows[0]!.key);
    await page.getByText(`共 ${groups.rows[0]!.filed} 件`).waitFor();

    // And a month's bar of the trend: the cases filed in that month.
    await page.goBack();
    const trend = (await page.evaluate(() => fetch("/dashboard/api/charts").then((r) => r.json()))) as { trend: { month: string; filed: number }[] };
    const trendBox = await page.locator("#chart-trend canvas").first().boundingBox();
    const slot = (trendBox!.width - TREND_GRID.left - TREND_GRID.right) / trend.trend.length;
    const last = trend.trend.length - 1;
    // The filed bar sits just left of its month's middle; its foot is always there.
    await page.mouse.click(trendBox!.x + TREND_GRID.left + slot * (last + 0.5) - 8, trendBox!.y + TREND_HEIGHT_PX - TREND_GRID.bottom - 2);
    await page.waitForURL(/#\/ledger\?from=/);
    const month = new URLSearchParams(page.url().split("?").at(-1));
    expect(month.get("from")).toBe(`${trend.trend[last]!.month}-01`);
    await page.getByText(`共 ${trend.trend[last]!.filed} 件`).waitFor();
  });

  test("the ledger filters by words and state, opens a case, and exports what it shows as CSV for Excel", async () => {
    await page.goto(`${t.baseUrl}/workspace#/ledger`);
    await page.getByText(/^共 \d+ 件$/).waitFor();
    await page.getByLabel("搜索").fill("路灯");
    await page.getByLabel("搜索").press("Enter");
    await page.waitForURL(/q=/);
    // The rows that were there stay until the new ones come: wait for the new ones.
    await page.waitForFunction(() => {
      const texts = [...document.querySelectorAll(".case-table .case-text")].map((x) => x.textContent ?? "");
      return texts.length > 0 && texts.every((x) => x.includes("路灯"));
    });

    // Element Plus's select opens from the keyboard too.
    await page.getByLabel("状态").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("option", { name: "已结案" }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(/state=closed/);
    await page.waitForFunction(() => {
      const states = [...document.querySelectorAll(".case-table [data-state]")].map((x) => x.getAttribute("data-state"));
      return states.length > 0 && states.every((x) => x === "closed");
    });
    await page.getByText(/^共 \d+ 件$/).waitFor();

    const shown = await page.locator(".case-table tbody tr").count();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-ledger").click()]);
    expect(download.suggestedFilename()).toMatch(/^minqing-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^编号,状态/);
    expect(lines).toHaveLength(shown + 1);

    const number = await page.locator(".case-table a.case-number").first().textContent();
    await page.locator(".case-table a.case-number").first().click();
    await page.waitForURL(new RegExp(`#/cases/${number}$`));
  });

  test("on a phone the ledger and the statistics read as cards, nothing wider than the screen, case numbers whole", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${t.baseUrl}/workspace#/ledger`);
    await page.locator(".case-card").first().waitFor();
    expect(await page.locator(".case-table").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // Every number on one line: one box per link.
    const lines = await page.locator(".case-card .case-number").evaluateAll((links) => links.map((a) => a.getClientRects().length));
    expect(new Set(lines)).toEqual(new Set([1]));
    await shot("ledger-phone");

    await page.goto(`${t.baseUrl}/workspace#/stats`);
    await kpi("filed").waitFor();
    await page.locator(".group-card").first().waitFor();
    await page.locator("#chart-heat canvas").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot("stats-phone");
  });

  test("by keyboard alone: labelled filters, the search button, and a group's figures open its cases", async () => {
    await page.goto(`${t.baseUrl}/workspace#/stats`);
    await kpi("filed").waitFor();
    for (const label of ["部门", "类别", "社区", "紧急程度", "提交日期从", "提交日期至"]) expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
    const link = page.locator(".group-table a.group-name").first();
    const name = await link.textContent();
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/#\/ledger\?department=/);
    await page.getByText(/^共 \d+ 件$/).waitFor();
    expect(new Set(await page.locator(".case-table tbody tr td:nth-child(3)").allTextContents())).toEqual(new Set([name]));
    // The heat map as a table, for the keyboard: its links open the same ledger as the cells.
    await page.goBack();
    await page.locator("#chart-heat summary").focus();
    await page.keyboard.press("Enter");
    const cell = page.locator("#chart-heat details a").first();
    const cases = Number(await cell.textContent());
    await cell.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/#\/ledger\?category=/);
    await page.getByText(`共 ${cases} 件`).waitFor();

    // Words typed in the search box and Enter: the ledger searches them.
    await page.getByLabel("搜索").focus();
    await page.keyboard.type("漏水");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=%E6%BC%8F%E6%B0%B4|q=漏水/);
  });

  test("未送达: a supervisor sends an undelivered message again, or discards it after saying so", async () => {
    const rows = page.locator(".letter-table tbody tr");
    await page.goto(`${t.baseUrl}/workspace#/dead-letters`);
    await page.locator(".dead-letters .letter-table, .dead-letters .el-empty").first().waitFor();
    const before = await rows.count();
    // A message to a web chat nobody can ever open: the channel refuses it at once, and it is set aside (the newest, last).
    await t.app.database.dataSource.transaction((tx) => enqueue(tx, { channel: "web", chatId: "g-nowhere" }, { text: "送不到的消息" }, null, new Date()));
    t.app.outbox.kick();
    await t.settled();
    await page.reload();
    await rows.nth(before).waitFor();
    expect(await rows.nth(before).textContent()).toContain("平台拒收");
    await shot("dead-letters-desktop");
    await rows.nth(before).getByRole("button", { name: "重新投递" }).click();
    await page.getByText("已重新投递。").waitFor();
    await t.settled();
    await page.reload();
    await rows.nth(before).waitFor();
    await rows.nth(before).getByRole("button", { name: "丢弃" }).click();
    await page.getByRole("dialog").getByText("丢弃后这条消息不会再发送。确定丢弃吗？").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "确定" }).click();
    await page.getByText("已丢弃。").waitFor();
    expect(await rows.count()).toBe(before);
  });

  test("a handler sees their department only and no 未送达; the old dashboard's links still land", async () => {
    await page.goto(`${t.baseUrl}/dashboard#/dead-letters`);
    await page.waitForURL(/\/workspace\?from=dashboard#\/dead-letters$/);
    await page.getByRole("heading", { name: "未送达的消息" }).waitFor();

    await page.getByRole("button", { name: "退出" }).click();
    await page.goto(`${t.baseUrl}/dashboard#/ledger?overdue=true`);
    await signIn("wang");
    await page.waitForURL(/#\/ledger\?overdue=true$/);
    await page.getByText(/^共 \d+ 件$/).waitFor();
    expect(await page.getByLabel("部门", { exact: true }).count()).toBe(0);
    expect(await page.getByLabel("只看超期").isChecked()).toBe(true);
    const departments = new Set(await page.locator(".case-table tbody tr td:nth-child(3)").allTextContents());
    expect(departments).toEqual(new Set(["城市管理局"]));
    expect(await page.getByRole("menuitem", { name: "未送达" }).count()).toBe(0);
    await shot("ledger-handler-desktop");
    await browser.context.clearCookies();
  });

  test("the bot's one-time link (/dashboard/#login=…) signs a cadre in and leaves the address", async () => {
    await browser.context.clearCookies();
    await t.app.inbound.handle(webMessage({ chatId: "c-zhou", senderId: "zhou", text: "/dashboard" }));
    await t.settled();
    const link = /http:\/\/minqing\.test(\/dashboard\/#login=[A-Za-z0-9_-]+)/.exec((await t.outboxTexts("c-zhou")).join("\n"))![1]!;
    await page.goto(`${t.baseUrl}${link}`);
    await kpi("filed").waitFor();
    expect(page.url()).not.toContain("login=");
    await page.getByText("周明 · 城市管理局").waitFor();
    await browser.context.clearCookies();
  });
});
