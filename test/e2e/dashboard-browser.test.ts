import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { chromiumMissing, collectScriptErrors, launchBrowser } from "../support/browser";
import { insertCases } from "../support/case-fixture";
import { backends } from "../support/databases";
import { webMessage } from "../support/messages";
import { statsFixture } from "../support/stats-fixture";
import { startTestApp, type TestApp } from "../support/test-app";

/** The dashboard in a real browser (Debian's Chromium through playwright-core), as a cadre uses it. */
describe.each(backends)("the dashboard in Chromium on the %s database", (backend) => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing()) throw new Error("Chromium is missing at /usr/bin/chromium: apt-get install -y chromium (.ci/run does it)");
    t = await startTestApp({ backend });
    await insertCases(t.app.database.dataSource.manager, statsFixture);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    collectScriptErrors(page, pageErrors);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  async function fileByChat(text: string): Promise<string> {
    const resident = `r-${backend}-browser-${Math.random().toString(36).slice(2)}`;
    await t.app.inbound.handle(webMessage({ chatId: resident, text }));
    await t.app.inbound.handle(webMessage({ chatId: resident, button: "confirm" }));
    await t.settled();
    return resident;
  }
  const rowNumbers = () => page.locator("table.cases tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-case")));

  test("sign in, filter the ledger, open a case and act on it", async () => {
    const resident = await fileByChat("东街社区菜市场门口井盖丢了，晚上很危险");
    await page.goto(`${t.baseUrl}/dashboard`);
    await page.getByLabel("账号").fill("wang");
    await page.getByLabel("密码").fill("wrong");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("账号或密码错误。").waitFor();
    await page.getByLabel("密码").fill("demo");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("王建国 · 城市管理局").waitFor();

    // A handler's ledger: 城市管理局's five fixture cases and the new one.
    await page.getByText("共 6 件").waitFor();
    await page.locator("select[name=state]").selectOption("submitted");
    await page.getByRole("button", { name: "查询" }).click();
    await page.getByText("共 2 件").waitFor();
    expect(await page.locator("table.cases tbody tr td:nth-child(2) .badge-state-submitted").count()).toBe(2);
    await page.locator("input[name=q]").fill("井盖");
    await page.getByRole("button", { name: "查询" }).click();
    await page.getByText("共 1 件").waitFor();
    const [number] = await rowNumbers();
    expect(page.url()).toContain("state=submitted");

    await page.getByRole("link", { name: number! }).click();
    await page.locator("article.case .badge-state-submitted").waitFor();
    await page.locator("button[data-action=accept]").click();
    await page.getByRole("button", { name: "提交" }).click();
    await page.getByText("已受理。").waitFor();
    expect(await page.locator("article.case .badge-state-accepted").count()).toBe(1);

    await page.locator("button[data-action=reply]").click();
    await page.locator("form.action-form textarea").fill("已通知维修队，今天下午补上井盖");
    await page.getByRole("button", { name: "提交" }).click();
    await page.locator("article.case .badge-state-in_progress").waitFor();
    await page.locator("ol.timeline").getByText("已通知维修队，今天下午补上井盖").waitFor();
    await t.settled();
    expect((await t.outboxTexts(resident)).at(-1)).toContain("已通知维修队，今天下午补上井盖");

    // Back to the ledger as it was filtered.
    await page.getByRole("link", { name: "← 返回台账" }).click();
    await page.locator("input[name=q]").waitFor();
    expect(await page.locator("input[name=q]").inputValue()).toBe("井盖");
  });

  test("the statistics' charts render, and the ledger exports as CSV for Excel", async () => {
    await page.getByRole("link", { name: "统计" }).click();
    await page.locator("#chart-trend svg").waitFor();
    expect(await page.locator("#chart-trend svg rect.bar.bar-filed").count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator("#chart-trend svg polyline.line-rate").count()).toBe(1);
    expect(await page.locator("#chart-backlog svg rect.bar.bar-open").count()).toBe(6);
    expect(await page.locator("#chart-backlog svg rect.bar.bar-overdue").count()).toBeGreaterThan(0);
    expect(await page.locator("#chart-heat svg rect.heat-cell").count()).toBeGreaterThan(0);
    await page.locator(".kpi-responseRate .kpi-value").waitFor();
    expect(await page.locator("table.stats tr.total td").first().textContent()).toBe("合计");
    await page.locator(".overdue-list table.cases").waitFor();

    await page.getByRole("link", { name: "台账" }).click();
    await page.locator("select[name=category]").selectOption("city");
    await page.getByRole("button", { name: "查询" }).click();
    await page.getByText(/^共 \d+ 件$/).waitFor();
    const shown = await page.locator("table.cases tbody tr").count();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-ledger").click()]);
    expect(download.suggestedFilename()).toMatch(/^minqing-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^编号,状态/);
    expect(lines).toHaveLength(shown + 1);
    expect(lines.slice(1).every((l) => l.includes("市容环境"))).toBe(true);
  });

  test("on a phone the ledger is a list of cards, and English is one choice away", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${t.baseUrl}/dashboard?lang=en#/ledger`);
    await page.getByText(/^\d+ cases$/).waitFor();
    expect(await page.locator("table.cases thead").isVisible()).toBe(false);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(await page.getByRole("button", { name: "Search" }).count()).toBe(1);
  });
});
