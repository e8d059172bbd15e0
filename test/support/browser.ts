import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium; `.ci/run` installs it with apt when it is missing. Playwright never downloads a browser here. */
export const CHROMIUM = "/usr/bin/chromium";

export function chromiumMissing(): boolean {
  return !existsSync(CHROMIUM);
}

/** A headless Chromium with a fresh profile, nothing of it fetched from the network on its own. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "minqing-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Collects the page's script errors into `errors`. A refused request (a wrong password, a 429)
 * shows in the console as a failed resource, by design: only script errors count.
 */
export function collectScriptErrors(page: Page, errors: string[]): void {
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) errors.push(msg.text());
  });
}
