import type { BrowserContext, Page } from "playwright-core";
import { chromiumMissing, launchBrowser } from "../support/browser";
import { backends } from "../support/databases";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * The web chat's two pages in a real browser (Debian's Chromium): no credential ever travels in
 * a URL, the session and the resident's identity are cookies no script can read, and a reload
 * keeps the resident's chat. Only the first backend: the pages do not care which database runs.
 */
describe.each(backends.slice(0, 1))("the web chat's pages in Chromium on the %s database", (backend) => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const pageErrors: string[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing()) throw new Error("Chromium is missing at /usr/bin/chromium: apt-get install -y chromium (.ci/run does it)");
    t = await startTestApp({ backend });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("request", (request) => urls.push(request.url()));
    return page;
  }

  /** The values of the service's cookies in this browser, and whether each is HttpOnly and SameSite=Strict. */
  async function cookies(context: BrowserContext) {
    return (await context.cookies(t.baseUrl)).filter((c) => c.name.startsWith("mq_"));
  }

  test("the resident's page: the chat lives in an HttpOnly cookie, no URL names it, and a reload keeps the history", async () => {
    urls.length = 0;
    const page = await newPage(browser.context);
    await page.goto(`${t.baseUrl}/`);
    await page.locator("#text").fill("西街社区路口的井盖松动了，晚上很危险");
    await page.locator("#composer button[type=submit]").click();
    // The bot's summary to check names the category it recognised.
    const summary = page.locator(".msg.bot").filter({ hasText: "市容环境" });
    await summary.waitFor({ timeout: 10_000 });

    const [resident] = await cookies(browser.context);
    expect(resident).toMatchObject({ name: "mq_resident", httpOnly: true, sameSite: "Strict" });
    expect(await page.evaluate(() => document.cookie)).toBe("");
    const chat: string = (await t.app.database.dataSource.query(`SELECT payload->'chat'->>'id' AS chat FROM inbound_messages WHERE channel = 'web' ORDER BY id DESC LIMIT 1`))[0].chat;
    expect(chat).toMatch(/^r-/);

    await page.reload();
    await page.locator(".msg.mine").filter({ hasText: "西街社区路口的井盖松动了" }).waitFor();
    await summary.waitFor();

    const events = urls.filter((u) => u.includes("/chat/events"));
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) {
      expect(url).not.toContain(chat);
      expect(url).not.toContain(resident!.value);
      expect(url).not.toMatch(/[?&](chat|token)=/);
    }
    await page.close();
  });

  test("the cadre's page: signs in to a cookie, streams without a token in the URL, and the dashboard shares the sign-in", async () => {
    urls.length = 0;
    const page = await newPage(browser.context);
    // /cadre is the workspace's group chats now (in the browser's language, English here).
    await page.goto(`${t.baseUrl}/cadre`);
    await page.getByLabel("Account").fill("wang");
    await page.getByLabel("Password").fill("demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".chat-tab").first().waitFor();
    expect(page.url()).toContain("/workspace#/chats");

    const session = (await cookies(browser.context)).find((c) => c.name === "mq_cadre");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(await page.evaluate(() => document.cookie)).toBe("");
    expect(await page.evaluate(() => JSON.stringify(window.sessionStorage))).toBe("{}");
    await page.locator(".chat-status").getByText("Live").waitFor();
    expect(urls.some((u) => u.includes("/cadre/events?chat="))).toBe(true);

    // The workspace's other places in another tab of the same browser are signed in already.
    const dashboard = await newPage(browser.context);
    await dashboard.goto(`${t.baseUrl}/workspace#/inbox`);
    await dashboard.getByText("王建国 · 城市管理局").waitFor();

    for (const url of urls) {
      expect(url).not.toContain(session!.value);
      expect(url).not.toContain("token=");
    }
    await dashboard.close();
    await page.close();
  });
});
