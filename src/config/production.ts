import { isPasswordHash } from "./password-hash";
import type { Deployment } from "./schema";

/** Which channels the service will run: the web chat always, Telegram and WeChat when their settings are there. */
export interface ChannelsOn {
  web: true;
  telegram: boolean;
  wechat: boolean;
}

/** What switches each channel on, for the messages that tell an operator how to switch one on. */
const switchOf: Record<"telegram" | "wechat", string> = { telegram: "TELEGRAM_BOT_TOKEN", wechat: "WECHATY_PUPPET" };

export interface DeploymentCheck {
  /** Why the service refuses to start, each with its key and what to do. */
  problems: string[];
  /** What is allowed but probably a mistake: logged at start. */
  warnings: string[];
}

/**
 * Department groups against the channels that are on. A card for a group on a channel that is off
 * waits in the outbox for good, so a department with no group on a channel that is on hears of
 * nothing: refused in production, a warning elsewhere (the demo and tests bind groups freely).
 */
export function checkGroups(deployment: Deployment, on: ChannelsOn, where: string, production: boolean): DeploymentCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  deployment.departments.forEach((d, i) => {
    const channels = Object.keys(d.groups) as (keyof ChannelsOn)[];
    const off = channels.filter((ch) => ch !== "web" && !on[ch]);
    const live = channels.filter((ch) => ch === "web" || on[ch]);
    const howToSwitchOn = off.map((ch) => `${switchOf[ch as "telegram" | "wechat"]} (${ch})`).join(" or ");
    if (live.length === 0) {
      const what =
        channels.length === 0
          ? `department "${d.id}" has no group chat, so its cases reach no group; bind one (groups.web, groups.telegram or groups.wechat)`
          : `department "${d.id}" has groups only on ${off.join(" and ")}, which ${off.length > 1 ? "are" : "is"} off, so its cards would reach nobody; set ${howToSwitchOn}, or bind a group on a channel that is on (groups.web)`;
      (production ? problems : warnings).push(`${where}: departments.${i}.groups: ${what}`);
    } else if (off.length > 0) {
      warnings.push(
        `${where}: departments.${i}.groups: department "${d.id}" has a group on ${off.join(" and ")}, which ${off.length > 1 ? "are" : "is"} off: its messages there wait until ${howToSwitchOn} is set`,
      );
    }
  });
  return { problems, warnings };
}

/**
 * What a deployment on the open internet must not ship with: the demo's passwords, placeholder
 * API keys, the demo's supervisors' group. Each problem names the key and says what to do.
 */
export function checkForProduction(deployment: Deployment, defaults: { supervisorsGroup: Record<string, string | undefined> }, where: string): string[] {
  const problems: string[] = [];
  deployment.cadres.forEach((c, i) => {
    if (c.webPassword !== undefined && !isPasswordHash(c.webPassword))
      problems.push(
        `${where}: cadres.${i}.webPassword: cadre "${c.id}" has a plain-text password; in production put a hash there from \`npm run hash-password\` (or remove it: the cadre then signs in with a link from the bot, /dashboard)`,
      );
  });
  deployment.apiKeys.forEach((k, i) => {
    const placeholder = k.key.toLowerCase().includes("change-me");
    if (placeholder || k.key.length < 32)
      problems.push(
        `${where}: apiKeys.${i}.key: the key of "${k.id}" ${placeholder ? "is the example's placeholder (change-me…)" : `has ${k.key.length} characters, fewer than the 32 production needs`}; make one with: openssl rand -base64 32 | tr +/ -_ | tr -d =`,
      );
  });
  for (const [channel, chatId] of Object.entries(deployment.supervisorsGroup)) {
    if (chatId !== undefined && defaults.supervisorsGroup[channel] === chatId)
      problems.push(
        `${where}: supervisorsGroup.${channel}: "${chatId}" is the demo county's supervisors' group; set supervisorsGroup to your supervisors' group chat (督办群), e.g. { telegram: -100… } from /chatid`,
      );
  }
  return problems;
}
