import type { Page } from "playwright-core";
import { DEFAULT_RESIDENT_LIMITS } from "../../adapters/web/abuse-limits";
import { launchBrowser, chromiumMissing } from "../support/browser";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";

/**
 * The resident page when its network is over a limit (429): nothing typed is lost. The text goes
 * back into the box and the page says, in the page's language, when to send it again.
 */
describe("the resident page over a limit, in Chromium", () => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];
  let now = new Date("2026-11-23T02:00:00Z").getTime();

  beforeAll(async () => {
    if (chromiumMissing()) throw new Error("Chromium is missing at /usr/bin/chromium: apt-get install -y chromium (.ci/run does it)");
    const deployment = testDeployment();
    // One new resident an hour from this address (the browser and the test are both 127.0.0.1).
    deployment.limits.web = { ...DEFAULT_RESIDENT_LIMITS, newResidentsPerHourPerAddress: 1, urgentReserve: 0 };
    t = await startTestApp({ backend: "embedded", deployment, clock: { now: () => new Date(now) } });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    // The refused post shows in the console as a failed resource, by design; script errors must not.
    page.on("console", (msg) => {
      if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) pageErrors.push(msg.text());
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  /** A new browser identity: the page makes up a new id when it finds none in localStorage. */
  async function freshResident(lang: string): Promise<void> {
    await page.goto(`${t.baseUrl}/?lang=${lang}`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
  }

  async function write(text: string): Promise<void> {
    await page.locator("#text").fill(text);
    await page.locator("#text").press("Enter");
  }

  test("the text stays in the box, the page says when to try again, and then it goes", async () => {
    await freshResident("zh-Hans");
    await write("东街社区3号楼前的路灯坏了一个星期了");
    await page.getByText("请核对", { exact: false }).waitFor();

    await freshResident("zh-Hans");
    const typed = "西街社区菜市场门口的井盖丢了，晚上很危险";
    await write(typed);
    const notice = page.locator(".limit-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("60 分钟后再发送");
    expect(await notice.textContent()).toContain("110");
    expect(await page.locator("#text").inputValue()).toBe(typed);
    expect(await page.locator(".msg.mine").count()).toBe(0);

    now += 60 * 60_000 + 1;
    await page.getByRole("button", { name: "发送" }).click();
    await page.locator(".msg.mine", { hasText: typed }).waitFor();
    await page.getByText("请核对", { exact: false }).waitFor();
    expect(await notice.isHidden()).toBe(true);
    expect(await page.locator("#text").inputValue()).toBe("");
  }, 60_000);

  test("in English when the page is in English", async () => {
    now += 60 * 60_000 + 1;
    await freshResident("en");
    await write("The street light at East Street is broken");
    await page.locator(".msg.bot").first().waitFor();
    await freshResident("en");
    await write("A manhole cover is missing in West Street");
    await page.locator(".limit-notice").waitFor();
    expect(await page.locator(".limit-notice").textContent()).toContain("send it again in 60 minutes");
    expect(await page.locator("#text").inputValue()).toBe("A manhole cover is missing in West Street");
  }, 60_000);
});
