import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { isProxyEntry } from "./proxy-entry";
import { checkForProduction, checkGroups } from "./production";
import { deploymentSchema, type Deployment } from "./schema";
import type { ChannelName } from "../channels/port";
import type { InstanceJob, Settings, WechatSettings } from "./settings";

/** Lists every mistake at once, each with its key and what was expected. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Found by walking up, so it is the same file from the sources (tests) and from dist/. */
const defaultsFile = findUp(__dirname, join("config", "default.yaml"));

function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) return join(from, relative);
  }
}

const channelNames = ["web", "telegram", "wechat"] as const satisfies readonly ChannelName[];
const jobNames = ["reminders", "outbox"] as const satisfies readonly InstanceJob[];

/** "a, b" → ["a", "b"], each one of `names` and none twice; "none" → [] where `none` allows it. */
function listOf<T extends string>(names: readonly [T, ...T[]], expected: string, none = false) {
  return z
    .string()
    .transform((v) => (none && v.trim() === "none" ? [] : v.split(",").map((x) => x.trim()).filter((x) => x !== "")))
    .pipe(z.array(z.enum(names, expected)).min(none ? 0 : 1, expected))
    .refine((list) => new Set(list).size === list.length, "each name once")
    .transform((list) => [...list]);
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "a postgres:// URL").optional(),
  MINQING_DATA_DIR: z.string().default("data"),
  MINQING_CONFIG: z.string().optional(),
  MINQING_PUBLIC_URL: z.url().regex(/^https?:\/\//, "an http:// or https:// URL").optional(),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, "a bot token from @BotFather, like 123456:ABC-DEF").optional(),
  TELEGRAM_API_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_URL: z.url().startsWith("https://", "an https:// URL").optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 characters A-Z a-z 0-9 _ -").optional(),
  WECHATY_PUPPET: z
    .string()
    .regex(/^(@[a-z0-9][\w.-]*\/)?wechaty-puppet-[\w.-]+$/, "a puppet's npm name, such as wechaty-puppet-wechat4u or wechaty-puppet-service")
    .optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  WECHAT_ACCEPT_FRIENDS: z.enum(["true", "false"]).default("true"),
  WECHAT_SEND_PER_MINUTE: z.coerce.number().int().min(1).max(60).default(20),
  WECHAT_SEND_DELAY_MS: z
    .string()
    .regex(/^\d{1,5}(-\d{1,5})?$/, 'milliseconds, or a range such as "1000-3000"')
    .transform((v) => {
      const [min = 0, max = min] = v.split("-").map(Number);
      return { min, max };
    })
    .refine(({ min, max }) => min <= max && max <= 10_000, "a range from low to high, at most 10000 ms")
    .default({ min: 1000, max: 3000 }),
  MINQING_TRUSTED_PROXIES: z
    .string()
    .transform((v) => v.split(",").map((x) => x.trim()).filter((x) => x !== ""))
    .refine((list) => list.every(isProxyEntry), "IP addresses or CIDR ranges, comma-separated, such as 127.0.0.1,10.0.0.0/8")
    .default([]),
  MINQING_ADMIN_TOKEN: z.string().min(32, "at least 32 characters (openssl rand -hex 32)").optional(),
  MINQING_OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  /** A cadre's session unused this long ends; never later than 12 hours after the sign-in. */
  MINQING_SESSION_IDLE_MINUTES: z.coerce.number().int("whole minutes").min(5, "at least 5 minutes").max(720, "at most 720 minutes (12 hours, when every session ends)").optional(),
  /** In production the embedded database only on purpose: it is meant for trials and a very small office. */
  MINQING_EMBEDDED_IN_PRODUCTION: z.enum(["true", "false"]).default("false"),
  MINQING_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int("a whole number of tries").min(1).max(1000).optional(),
  MINQING_OUTBOX_MAX_AGE_HOURS: z.coerce.number().positive("hours, more than 0").max(720, "at most 720 hours (30 days)").optional(),
  MINQING_WEB_HISTORY_PER_CHAT: z.coerce.number().int("a whole number of messages").min(1).max(10_000).optional(),
  MINQING_WEB_HISTORY_DAYS: z.coerce.number().int("a whole number of days").min(1).max(3650, "at most 3650 days (10 years)").optional(),
  MINQING_WEB_UNSENT_PHOTO_HOURS: z.coerce.number().int("a whole number of hours").min(1).max(720, "at most 720 hours (30 days)").optional(),
  /** Which channels this instance runs (receives and sends on); by default every configured one. */
  MINQING_CHANNELS: listOf(channelNames, "a comma-separated list of web, telegram, wechat, such as web,telegram").optional(),
  /** Which jobs this instance runs: reminders (the sweep and the digests' timer), outbox (sending); `none` for neither. */
  MINQING_JOBS: listOf(jobNames, "a comma-separated list of reminders, outbox, such as reminders,outbox; or none", true).optional(),
  LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  NODE_ENV: z.string().optional(),
});

/** The one place that reads the environment and the configuration files. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Settings {
  const problems: string[] = [];
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) problems.push(...parsedEnv.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

  const defaults = readConfigFile(defaultsFile, problems);
  let merged: unknown = defaults;
  const deploymentFile = env.MINQING_CONFIG;
  if (deploymentFile) merged = mergeDeployment(merged, readConfigFile(resolve(root, deploymentFile), problems));
  const deployment = deploymentSchema.safeParse(merged);
  const where = deploymentFile ?? "config/default.yaml";
  if (!deployment.success) {
    problems.push(...deployment.error.issues.map((i) => `${where}: ${i.path.join(".") || "(top level)"}: ${i.message}`));
  }
  const wechat = parsedEnv.success ? wechatSettings(parsedEnv.data, root, problems) : undefined;

  const warnings: string[] = [];
  const production = env.NODE_ENV === "production";
  if (parsedEnv.success && production) problems.push(...productionEnvProblems(parsedEnv.data));
  if (parsedEnv.success) problems.push(...unconfiguredChannels(parsedEnv.data));
  if (parsedEnv.success && deployment.success) {
    const on = { web: true, telegram: parsedEnv.data.TELEGRAM_BOT_TOKEN !== undefined, wechat: wechat !== undefined } as const;
    const groups = checkGroups(deployment.data, on, where, production);
    problems.push(...groups.problems);
    warnings.push(...groups.warnings, ...emergencyCategoryWarnings(deployment.data, where));
    // Without a deployment file the one thing to fix is MINQING_CONFIG; the demo's own passwords are not news.
    if (production && deploymentFile) problems.push(...checkForProduction(deployment.data, { supervisorsGroup: supervisorsGroupOf(defaults) }, where));
  }
  if (!parsedEnv.success || !deployment.success || problems.length > 0) throw new ConfigError(problems);

  const e = parsedEnv.data;
  return {
    warnings,
    port: e.PORT,
    // Where cadres reach the service: the address in the sign-in links the bot sends.
    publicUrl: (e.MINQING_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    database: e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "embedded", dataDir: resolve(root, e.MINQING_DATA_DIR, "pg") },
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiUrl: e.TELEGRAM_API_URL,
          webhook: e.TELEGRAM_WEBHOOK_URL
            ? {
                url: e.TELEGRAM_WEBHOOK_URL,
                path: new URL(e.TELEGRAM_WEBHOOK_URL).pathname,
                // Stable across restarts without another setting to manage.
                secretToken: e.TELEGRAM_WEBHOOK_SECRET ?? createHash("sha256").update(`minqing-webhook:${e.TELEGRAM_BOT_TOKEN}`).digest("hex").slice(0, 48),
              }
            : undefined,
        }
      : undefined,
    wechat,
    http: { trustedProxies: e.MINQING_TRUSTED_PROXIES, ...(e.MINQING_ADMIN_TOKEN === undefined ? {} : { adminToken: e.MINQING_ADMIN_TOKEN }) },
    ...(e.MINQING_SESSION_IDLE_MINUTES === undefined ? {} : { sessionIdleMs: e.MINQING_SESSION_IDLE_MINUTES * 60_000 }),
    ...(e.MINQING_OUTBOX_LEASE_SECONDS === undefined ? {} : { outboxLeaseMs: e.MINQING_OUTBOX_LEASE_SECONDS * 1000 }),
    ...(e.MINQING_OUTBOX_MAX_ATTEMPTS === undefined ? {} : { outboxMaxAttempts: e.MINQING_OUTBOX_MAX_ATTEMPTS }),
    ...(e.MINQING_OUTBOX_MAX_AGE_HOURS === undefined ? {} : { outboxMaxAgeMs: Math.round(e.MINQING_OUTBOX_MAX_AGE_HOURS * 3_600_000) }),
    ...(e.MINQING_WEB_HISTORY_PER_CHAT === undefined ? {} : { webHistoryPerChat: e.MINQING_WEB_HISTORY_PER_CHAT }),
    ...(e.MINQING_WEB_HISTORY_DAYS === undefined ? {} : { webHistoryMaxAgeMs: e.MINQING_WEB_HISTORY_DAYS * 86_400_000 }),
    ...(e.MINQING_WEB_UNSENT_PHOTO_HOURS === undefined ? {} : { webUnsentPhotoMaxAgeMs: e.MINQING_WEB_UNSENT_PHOTO_HOURS * 3_600_000 }),
    roles: {
      channels: e.MINQING_CHANNELS ?? channelNames.filter((c) => c === "web" || (c === "telegram" ? e.TELEGRAM_BOT_TOKEN : e.WECHATY_PUPPET) !== undefined),
      jobs: e.MINQING_JOBS ?? [...jobNames],
    },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (e.NODE_ENV === "production" ? "json" : "pretty") },
    deployment: deployment.data,
  };
}

/** What the environment must say before the service may face the open internet (NODE_ENV=production). */
function productionEnvProblems(e: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (e.MINQING_CONFIG === undefined)
    problems.push(
      'MINQING_CONFIG: not set, so Minqing would run the demo county, whose cadres all have the password "demo"; point MINQING_CONFIG at your deployment file (start from examples/county.yaml)',
    );
  if (e.DATABASE_URL === undefined && e.MINQING_EMBEDDED_IN_PRODUCTION !== "true")
    problems.push(
      "DATABASE_URL: not set, so the county's cases would live in the embedded database, meant for trials and a very small office; set DATABASE_URL=postgres://… (recommended), or MINQING_EMBEDDED_IN_PRODUCTION=true to use the embedded database on purpose",
    );
  return problems;
}

/** A channel this instance is told to run needs its settings: said at start, not found out when a message waits. */
function unconfiguredChannels(e: z.infer<typeof envSchema>): string[] {
  const needs = { telegram: ["TELEGRAM_BOT_TOKEN", "the bot token from @BotFather"], wechat: ["WECHATY_PUPPET", "a puppet's npm name, such as wechaty-puppet-wechat4u"] } as const;
  return (e.MINQING_CHANNELS ?? []).flatMap((c) => {
    if (c === "web" || e[needs[c][0]] !== undefined) return [];
    return [`MINQING_CHANNELS: names ${c}, but ${needs[c][0]} is not set; set ${needs[c][0]} (${needs[c][1]}), or leave ${c} out of MINQING_CHANNELS`];
  });
}

/** The demo's supervisors' group, to recognise one left over in a deployment. */
function supervisorsGroupOf(defaults: unknown): Record<string, string | undefined> {
  const group = isPlainObject(defaults) ? defaults["supervisorsGroup"] : undefined;
  return isPlainObject(group) ? Object.fromEntries(Object.entries(group).map(([k, v]) => [k, String(v)])) : {};
}

/**
 * The deployment file over the defaults. Like a list, a per-channel chat map that names a set of
 * chats replaces the default wholesale: merged, the demo's web group would stay in every county's
 * supervisors' group, with no way to remove it.
 */
/**
 * A county that replaces the categories keeps the default emergencies unless it lists its own;
 * an emergency whose category is not one of its own then goes where its words read (a warning,
 * not a refusal: the emergency is still filed at once).
 */
function emergencyCategoryWarnings(d: Deployment, where: string): string[] {
  const categories = new Set(d.categories.map((c) => c.id));
  return d.emergencies.flatMap((e, i) =>
    e.category !== undefined && !categories.has(e.category)
      ? [`${where}: emergencies.${i}.category: "${e.category}" is not one of the categories (${[...categories].join(", ")}); ${e.kind} emergencies go to the category their words read as`]
      : [],
  );
}

function mergeDeployment(defaults: unknown, file: unknown): unknown {
  const merged = mergeOver(defaults, file);
  if (isPlainObject(merged) && isPlainObject(file) && file["supervisorsGroup"] !== undefined) merged["supervisorsGroup"] = file["supervisorsGroup"];
  return merged;
}

/** WeChat is on when WECHATY_PUPPET names a puppet. Checked here, at start, not when wechaty first loads the puppet. */
function wechatSettings(e: z.infer<typeof envSchema>, root: string, problems: string[]): WechatSettings | undefined {
  const puppet = e.WECHATY_PUPPET;
  if (puppet === undefined) return undefined;
  if (!existsSync(findUp(__dirname, join("node_modules", puppet, "package.json")))) {
    problems.push(`WECHATY_PUPPET: ${puppet} is not installed; install it with: npm install ${puppet}`);
  }
  if (puppet === "wechaty-puppet-service" && e.WECHATY_PUPPET_SERVICE_TOKEN === undefined) {
    problems.push("WECHATY_PUPPET_SERVICE_TOKEN: required by wechaty-puppet-service; expected the token your puppet service provider gave you");
  }
  return {
    puppet,
    token: e.WECHATY_PUPPET_SERVICE_TOKEN,
    sessionFile: resolve(root, e.MINQING_DATA_DIR, "wechat"),
    roomsFile: resolve(root, e.MINQING_DATA_DIR, "wechat-rooms.json"),
    inboundJournalFile: resolve(root, e.MINQING_DATA_DIR, "wechat-inbound.jsonl"),
    acceptFriends: e.WECHAT_ACCEPT_FRIENDS === "true",
    pacing: { perMinute: e.WECHAT_SEND_PER_MINUTE, delayMs: e.WECHAT_SEND_DELAY_MS },
  };
}

function readConfigFile(path: string, problems: string[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    problems.push(`MINQING_CONFIG: cannot read ${path}; expected a JSON or YAML file`);
    return {};
  }
  try {
    return extname(path) === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    problems.push(`${path}: not valid ${extname(path) === ".json" ? "JSON" : "YAML"}: ${(err as Error).message}`);
    return {};
  }
}

/** Objects merge key by key; anything else (lists included) in `over` replaces `base`. */
export function mergeOver(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeOver(base[k], v);
  return out;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
