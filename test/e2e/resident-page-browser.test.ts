import type { Page } from "playwright-core";
import { BrowserClient } from "../support/browser-client";
import { chromiumMissing, collectScriptErrors, launchBrowser } from "../support/browser";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * The resident page (front/resident) in Chromium, on a phone (390 × 844) and on a desktop: a
 * resident files with a photo and a place by tapping, sees the cadre's answer arrive live, finds
 * the case and its new state in 我的诉求, is told politely when a file is no photo or too large;
 * every control has a name and works from the keyboard; the strict CSP is never violated.
 * Screenshots go to /tmp (never committed) for a person to look at.
 */
const viewports = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
] as const;

describe.each(viewports)("the resident page on a $name", (viewport) => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing()) throw new Error("Chromium is missing at /usr/bin/chromium: apt-get install -y chromium (.ci/run does it)");
    t = await startTestApp({ backend: "embedded" });
    browser = await launchBrowser();
    await browser.context.grantPermissions(["geolocation"], { origin: t.baseUrl });
    await browser.context.setGeolocation({ latitude: 31.2304, longitude: 121.4737 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  beforeEach(async () => {
    await browser.context.clearCookies();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    collectScriptErrors(page, errors);
  });
  afterEach(async () => {
    await page.close();
    // A CSP violation is a console error ("Refused to …"); so is any script error.
    expect(errors.splice(0)).toEqual([]);
  });

  const shot = (name: string) => page.screenshot({ path: `/tmp/minqing-resident-${viewport.name}-${name}.png` });

  /** A real photo, drawn by the browser: a blue square with a red disc. */
  async function photoBytes(type = "image/png"): Promise<Buffer> {
    const dataUrl = await page.evaluate((mime) => {
      const canvas = document.createElement("canvas");
      canvas.width = 2400;
      canvas.height = 1800;
      const g = canvas.getContext("2d")!;
      g.fillStyle = "#3a6ea5";
      g.fillRect(0, 0, 2400, 1800);
      g.fillStyle = "#d93025";
      g.beginPath();
      g.arc(1200, 900, 500, 0, Math.PI * 2);
      g.fill();
      return canvas.toDataURL(mime);
    }, type);
    return Buffer.from(dataUrl.split(",")[1]!, "base64");
  }

  async function signIn(account: string): Promise<BrowserClient> {
    const cadre = new BrowserClient(t.baseUrl);
    expect((await cadre.post("/dashboard/api/login", { account, password: "demo" })).status).toBe(200);
    return cadre;
  }

  test("a resident files with a photo and a place, sees the answer live, and follows the case in 我的诉求", async () => {
    await page.goto(`${t.baseUrl}/?lang=zh-Hans`);
    await page.getByRole("button", { name: "我的诉求" }).waitFor();
    await shot("1-start");

    await page.getByLabel("要发送的内容").fill("西街社区路口的井盖松动了，晚上很危险");
    await page.getByLabel("要发送的内容").press("Enter");
    await page.locator(".msg.bot").filter({ hasText: "市容环境" }).waitFor({ timeout: 10_000 });

    // A 2400 × 1800 PNG is sent as a JPEG of at most 1600 px a side.
    await page.getByLabel("添加照片").setInputFiles({ name: "manhole.png", mimeType: "image/png", buffer: await photoBytes() });
    await page.locator(".msg.bot").filter({ hasText: "已收到照片" }).waitFor({ timeout: 10_000 });
    const stored: { content_type: string; size: number; sha256: string }[] = await t.app.database.dataSource.query(`SELECT content_type, size, sha256 FROM web_photos`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ content_type: "image/jpeg" });
    expect(stored[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const mine = page.locator(".msg.mine img.photo");
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".msg.mine img.photo");
      return img !== null && img.complete && img.naturalWidth === 1600 && img.naturalHeight === 1200;
    });
    expect(await mine.count()).toBe(1);

    // The place, after the page's own question, then the browser's (granted here).
    await page.getByRole("button", { name: "分享我的位置" }).click();
    await page.getByRole("dialog", { name: "发送您现在的位置？" }).waitFor();
    await shot("2-location-consent");
    await page.getByRole("button", { name: "发送位置", exact: true }).click();
    await page.locator(".msg.mine").filter({ hasText: "我的位置" }).waitFor();
    await page.locator(".msg.bot").filter({ hasText: "已收到位置" }).waitFor({ timeout: 10_000 });

    // The summary's button (the last one not yet answered).
    await page.locator(".msg.bot .choice:enabled", { hasText: "确认提交" }).last().click();
    const receipt = page.locator(".msg.bot").filter({ hasText: "您的诉求已登记" });
    await receipt.waitFor({ timeout: 10_000 });
    const number = /MQ-\d{8}-\d{4}/.exec((await receipt.textContent()) ?? "")![0];
    // The receipt points at the chips, never at a slash command; its number is one unbreakable piece.
    expect(await receipt.textContent()).not.toContain("/status");
    expect(await receipt.locator(".mq-nowrap", { hasText: number }).count()).toBe(1);
    await shot("3-filed");

    // The case keeps the photo and the place; the cadres of its department see the photo, nobody else.
    const wang = await signIn("wang");
    const shown = await wang.get(`/dashboard/api/cases/${number}`);
    expect(shown.json.location).toEqual({ latitude: 31.2304, longitude: 121.4737 });
    expect(shown.json.photoUrls).toHaveLength(1);
    const photoUrl: string = shown.json.photoUrls[0];
    // The workspace's case view reads the same photo.
    expect((await wang.get(`/dashboard/api/inbox/cases/${number}`)).json.photoUrls).toEqual([photoUrl]);
    const seen = await wang.get(photoUrl);
    expect(seen.status).toBe(200);
    expect(seen.headers.get("content-type")).toBe("image/jpeg");
    expect((await (await signIn("li")).get(photoUrl)).status).toBe(404);
    expect((await new BrowserClient(t.baseUrl).get(photoUrl)).status).toBe(401);
    const fileId = photoUrl.split("/").at(-1)!;
    const stranger = new BrowserClient(t.baseUrl);
    await stranger.post("/chat/session");
    expect((await stranger.get(`/chat/photos/${fileId}`)).status).toBe(404);

    // 我的诉求: the case, its state and deadline; its timeline a tap away.
    await page.getByRole("button", { name: "我的诉求" }).click();
    const item = page.locator(`.case[data-case="${number}"]`);
    await item.waitFor();
    expect(await item.locator(".badge.state").textContent()).toBe("待受理");
    expect(await item.textContent()).toContain("预计");
    const summary = item.getByRole("button", { name: number });
    await summary.click();
    await item.locator(".step").first().waitFor();
    expect(await summary.getAttribute("aria-expanded")).toBe("true");
    await shot("4-my-cases");

    // The cadre answers: the list changes while the resident looks at it, and the answer is in the chat.
    expect((await wang.post(`/dashboard/api/cases/${number}/actions`, { type: "reply", text: "已安排维修人员，明天上午到场" })).status).toBe(200);
    await page.waitForFunction((n) => document.querySelector(`.case[data-case="${n}"] .badge.state`)?.textContent === "办理中", number, { timeout: 10_000 });
    await item.locator(".step").filter({ hasText: "已安排维修人员" }).waitFor();
    // No cadre's name reaches the resident's list.
    expect(await page.locator("#cases").textContent()).not.toContain("王建国");
    await shot("5-my-cases-answered");
    await page.getByRole("button", { name: "返回对话" }).click();
    await page.locator(".msg.bot").filter({ hasText: "已安排维修人员，明天上午到场" }).waitFor();
    await shot("6-answer");

    // After a reload the history comes back from the database, the photo from the server.
    await page.reload();
    await page.locator(".msg.bot").filter({ hasText: "已安排维修人员" }).waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".msg.mine img.photo");
      return img !== null && img.complete && img.naturalWidth === 1600 && img.getAttribute("src")!.startsWith("/chat/photos/");
    });
  }, 90_000);

  /** Files an appeal by typing and confirming, as a resident does; its case number. */
  async function fileByTyping(text: string): Promise<string> {
    const receipts = page.locator(".msg.bot").filter({ hasText: "您的诉求已登记" });
    const before = await receipts.count();
    await page.getByLabel("要发送的内容").fill(text);
    await page.getByLabel("要发送的内容").press("Enter");
    // Just after filing, words go to that case first: the resident taps to file them apart.
    const next = page.locator(".msg.bot .choice:enabled").filter({ hasText: /确认提交|作为新诉求提交/ }).last();
    await next.waitFor({ timeout: 10_000 });
    if ((await next.textContent())?.includes("作为新诉求提交")) await next.click();
    await page.locator(".msg.bot .choice:enabled", { hasText: "确认提交" }).last().click({ timeout: 10_000 });
    const receipt = receipts.nth(before);
    await receipt.waitFor({ timeout: 10_000 });
    return /MQ-\d{8}-\d{4}/.exec((await receipt.textContent()) ?? "")![0];
  }

  test("in 我的诉求 a resident withdraws a case with a button, and asks for a review of a resolved one with a reason", async () => {
    await page.goto(`${t.baseUrl}/?lang=zh-Hans`);
    const open = await fileByTyping("南湖社区5号楼的垃圾三天没人收了");
    const done = await fileByTyping("东街社区3号楼前的路灯坏了一个星期了");
    const wang = await signIn("wang");
    expect((await wang.post(`/dashboard/api/cases/${done}/actions`, { type: "resolve", text: "路灯已更换" })).status).toBe(200);
    await page.locator(".msg.bot").filter({ hasText: "路灯已更换" }).waitFor({ timeout: 10_000 });

    await page.getByRole("button", { name: "我的诉求" }).click();
    const openItem = page.locator(`.case[data-case="${open}"]`);
    const doneItem = page.locator(`.case[data-case="${done}"]`);
    await doneItem.waitFor();
    // Each case has the buttons that apply to it, the review's last day beside its button.
    expect(await openItem.getByRole("button", { name: "撤回", exact: true }).count()).toBe(1);
    expect(await openItem.getByRole("button", { name: "申请复查", exact: true }).count()).toBe(0);
    expect(await doneItem.getByRole("button", { name: "撤回", exact: true }).count()).toBe(0);
    expect(await doneItem.getByRole("button", { name: "申请复查", exact: true }).count()).toBe(1);
    expect(await doneItem.locator(".review-until").textContent()).toMatch(/^可申请复查至 \d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    await shot("11-case-actions");

    // 撤回 asks first: it cannot be undone. Saying no leaves the case as it was.
    await openItem.getByRole("button", { name: "撤回", exact: true }).click();
    const question = openItem.getByRole("group", { name: `确定撤回诉求 ${open} 吗？撤回后不能恢复，如仍需办理只能重新提交。` });
    await question.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("不撤回");
    await shot("12-withdraw-confirm");
    await question.getByRole("button", { name: "不撤回" }).click();
    expect(await openItem.locator(".badge.state").textContent()).toBe("待受理");
    await openItem.getByRole("button", { name: "撤回", exact: true }).click();
    await openItem.getByRole("button", { name: "确定撤回" }).click();
    await page.waitForFunction((n) => document.querySelector(`.case[data-case="${n}"] .badge.state`)?.textContent === "已撤回", open, { timeout: 10_000 });
    expect(await openItem.getByRole("button", { name: "撤回", exact: true }).count()).toBe(0);
    await openItem.getByRole("status").filter({ hasText: "结果会在对话里告诉您" }).waitFor();

    // 申请复查: a labelled reason, required; sent, the case is handled again.
    await doneItem.getByRole("button", { name: "申请复查", exact: true }).click();
    const reason = doneItem.getByLabel("复查理由（必填）");
    await reason.waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    expect(await doneItem.getByRole("button", { name: "提交复查申请" }).isDisabled()).toBe(true);
    await reason.fill("换了以后第二天又不亮了");
    await shot("13-review-form");
    await doneItem.getByRole("button", { name: "提交复查申请" }).click();
    await page.waitForFunction((n) => document.querySelector(`.case[data-case="${n}"] .badge.state`)?.textContent === "办理中", done, { timeout: 10_000 });
    expect(await doneItem.getByRole("button", { name: "申请复查", exact: true }).count()).toBe(0);
    await shot("14-after-actions");

    // The answers are in the chat, after the resident's own words.
    await page.getByRole("button", { name: "返回对话" }).click();
    await page.locator(".msg.mine").filter({ hasText: `撤回诉求 ${open}` }).waitFor();
    await page.locator(".msg.bot").filter({ hasText: `诉求 ${open} 已撤回` }).waitFor();
    await page.locator(".msg.mine").filter({ hasText: "换了以后第二天又不亮了" }).waitFor();
    await page.locator(".msg.bot").filter({ hasText: `已受理您对诉求 ${done} 的复查申请` }).waitFor();
    const [reviewed]: { body: string }[] = await t.app.database.dataSource.query(
      `SELECT e.body FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = $1 AND e.type = 'review'`,
      [done],
    );
    expect(reviewed!.body).toBe("换了以后第二天又不亮了");
  }, 90_000);

  test("offline, the page says so; back online it resumes after the last message it had, missing nothing", async () => {
    await page.goto(`${t.baseUrl}/?lang=zh-Hans`);
    await page.getByLabel("要发送的内容").fill("南湖社区5号楼的垃圾三天没人收了");
    await page.getByLabel("要发送的内容").press("Enter");
    await page.locator(".msg.bot").filter({ hasText: "请核对" }).waitFor({ timeout: 10_000 });
    await page.locator(".msg.bot .choice:enabled", { hasText: "确认提交" }).last().click();
    await page.locator(".msg.bot").filter({ hasText: "您的诉求已登记" }).waitFor({ timeout: 10_000 });
    const [filed]: { number: string }[] = await t.app.database.dataSource.query(`SELECT number FROM cases ORDER BY id DESC LIMIT 1`);

    // The network goes, and the open stream with it (the web chat restarting ends its streams).
    await page.context().setOffline(true);
    const web = t.app.adapters.get("web")!;
    await web.stop();
    await web.start(t.app.inbound.handle);
    await page.locator("#status").filter({ hasText: "正在重新连接" }).waitFor({ timeout: 10_000 });
    await shot("10-offline");
    const wang = await signIn("wang");
    expect((await wang.post(`/dashboard/api/cases/${filed!.number}/actions`, { type: "accept" })).status).toBe(200);
    await t.settled();
    await page.context().setOffline(false);
    await page.locator(".msg.bot").filter({ hasText: "已受理" }).waitFor({ timeout: 40_000 });
    await page.locator("#status").waitFor({ state: "detached" });
    // Each message once: the resumed stream started after the last one the page had.
    const ids = await page.locator(".msg").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-id")));
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);

  test("the chips send what the bot understands, and the bot's help names the chips, not slash commands", async () => {
    await page.goto(`${t.baseUrl}/?lang=zh-Hans`);
    await page.getByRole("button", { name: "帮助" }).click();
    const help = page.locator(".msg.bot").filter({ hasText: "您可以：" });
    await help.waitFor({ timeout: 10_000 });
    expect(await help.textContent()).not.toMatch(/\/(status|case|help|cancel)\b/);
    expect(await help.textContent()).toContain("我的诉求");
    await page.getByRole("button", { name: "查询进度" }).click();
    await page.locator(".msg.bot").filter({ hasText: "您还没有提交过诉求" }).waitFor({ timeout: 10_000 });
    await page.getByRole("button", { name: "反映问题" }).click();
    await page.getByRole("status").filter({ hasText: "说说遇到了什么事" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("text");
    await shot("7-chips");
  }, 60_000);

  test("a file that is no photo, or a photo too large, is refused politely and nothing is sent", async () => {
    await page.goto(`${t.baseUrl}/?lang=zh-Hans`);
    await page.getByRole("button", { name: "我的诉求" }).waitFor();
    const input = page.getByLabel("添加照片");
    await input.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") });
    await page.getByRole("alert").filter({ hasText: "这个文件不是照片" }).waitFor();
    // Named a photo, but its bytes are not one.
    await input.setInputFiles({ name: "fake.jpg", mimeType: "image/jpeg", buffer: Buffer.from("GIF89a but not really an image at all") });
    await page.getByRole("alert").filter({ hasText: "这张照片打不开" }).waitFor();
    await input.setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(26 * 1024 * 1024, 0xff) });
    await page.getByRole("alert").filter({ hasText: "这张照片太大了（最大 25 MB）" }).waitFor();
    await shot("8-refused");
    expect(await page.locator(".msg.mine").count()).toBe(0);
  }, 60_000);

  test("every control has a name and works from the keyboard", async () => {
    await page.goto(`${t.baseUrl}/?lang=en`);
    await page.getByRole("button", { name: "My cases" }).waitFor();
    await shot("9-english");
    for (const name of ["Report a problem", "My cases", "Check progress", "Help", "Share my location", "Send"]) {
      expect(await page.getByRole("button", { name, exact: true }).count()).toBe(1);
    }
    expect(await page.getByLabel("Your message").count()).toBe(1);
    expect(await page.getByLabel("Add a photo").count()).toBe(1);
    expect(await page.getByRole("combobox", { name: "Language" }).count()).toBe(1);

    // Tab reaches the chips; Enter on 我的诉求 opens the list, whose heading takes the focus.
    const chip = page.getByRole("button", { name: "My cases" });
    for (let i = 0; i < 12 && !(await chip.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    expect(await chip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "My cases" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("cases-title");
    await page.getByText("You have not submitted any appeals yet").waitFor();
    await page.getByRole("button", { name: "Back to the chat" }).press("Enter");

    // The place: the page's question takes the focus; Escape closes it without asking the browser.
    await page.getByRole("button", { name: "Share my location" }).press("Enter");
    const dialog = page.getByRole("dialog", { name: "Send where you are now?" });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Send location");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.locator(".msg.mine").count()).toBe(0);
  }, 60_000);
});
