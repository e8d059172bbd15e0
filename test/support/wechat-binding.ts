import type { WechatAdapter } from "../../adapters/wechat/wechat-adapter";
import type { MockContact, MockRoom, MockWechat } from "../fakes/mock-wechat";

/**
 * What the operators' login page says to type in a group's room (`绑定 <code>`), read the way an
 * operator reads it: from the page the log links to. Waits for the adapter to have shown it (it
 * checks the groups' rooms just after a login).
 */
export async function bindTextFromPage(baseUrl: string, adapter: WechatAdapter, group: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const escaped = group.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const row = new RegExp(`<td class="group">${escaped}</td><td><code>(绑定 \\d+)</code>`);
  for (;;) {
    const page = await (await fetch(`${baseUrl}${adapter.loginPagePath}`)).text();
    const found = row.exec(page)?.[1];
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`the login page shows no code for "${group}":\n${page}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Binds a room to a group as an operator does: reads the group's code on the login page and
 * types it in the room; resolves once the room hears that it is bound (the core's answer).
 */
export async function bindRoom(options: { baseUrl: string; adapter: WechatAdapter; wechat: MockWechat; room: MockRoom; group: string; by: MockContact }): Promise<void> {
  const { wechat, room } = options;
  const text = await bindTextFromPage(options.baseUrl, options.adapter, options.group);
  const mark = wechat.sent.length;
  wechat.say(options.by, text, room);
  await wechat.waitForText(room.id, "已绑定", mark);
}
