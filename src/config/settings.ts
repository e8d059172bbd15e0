import type { ChannelName } from "../channels/port";
import type { Deployment } from "./schema";

/** What an instance may run besides its channels: reminders (the sweep and the digests' timer) and outbox (sending). */
export type InstanceJob = "reminders" | "outbox";

/** Which database to open: PostgreSQL at a URL, or the embedded one in a directory. */
export type DatabaseSettings =
  | { kind: "postgres"; url: string; poolSize?: number }
  | { kind: "embedded"; dataDir: string };

export interface TelegramSettings {
  token: string;
  apiUrl?: string;
  webhook?: { url: string; path: string; secretToken: string };
}

export interface WechatSettings {
  /** The wechaty puppet's npm name, e.g. wechaty-puppet-wechat4u. */
  puppet: string;
  /** The token of a paid puppet (a puppet service). */
  token?: string;
  /** Where the puppet keeps its login, so a restart needs no new scan (wechaty's "memory card"). */
  sessionFile: string;
  /** Which room is which group, once bound by a code (MINQING_DATA_DIR/wechat-rooms.json). None: bound again at each start. */
  roomsFile?: string;
  /** Where WeChat's events wait until the core has recorded them, so a crash loses none (MINQING_DATA_DIR/wechat-inbound.jsonl). None: in memory only. */
  inboundJournalFile?: string;
  /** Accept friend requests by themselves (and greet the new contact). */
  acceptFriends: boolean;
  /** Sending like a person: at most `perMinute` messages, each after a random pause in `delayMs`. */
  pacing: { perMinute: number; delayMs: { min: number; max: number } };
}

/** Everything the service needs to start, read and validated once by `loadSettings`. */
export interface Settings {
  port: number;
  /** The service's address as cadres' browsers reach it, without a trailing slash. */
  publicUrl: string;
  database: DatabaseSettings;
  telegram?: TelegramSettings;
  wechat?: WechatSettings;
  http: {
    /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); none by default. */
    trustedProxies: string[];
    /** Opens /metrics and the detail of /healthz; without it /metrics is closed. */
    adminToken?: string;
  };
  /** A cadre's session unused this long ends (MINQING_SESSION_IDLE_MINUTES); default 2 hours. */
  sessionIdleMs?: number;
  /** How long a message being sent stays reserved to this instance (the outbox's lease); default 60 s. */
  outboxLeaseMs?: number;
  /** A message that failed more than this many times for reasons the channel cannot explain becomes a dead letter; default 12. */
  outboxMaxAttempts?: number;
  /** A message still failing this long after it was queued becomes a dead letter; default 24 h. */
  outboxMaxAgeMs?: number;
  /** Messages of each web chat kept for pages to replay (MINQING_WEB_HISTORY_PER_CHAT); default 200. */
  webHistoryPerChat?: number;
  /** How long web chat messages are kept (MINQING_WEB_HISTORY_DAYS); default 180 days. */
  webHistoryMaxAgeMs?: number;
  /** A photo a web resident uploaded and no message named is deleted after this long (MINQING_WEB_UNSENT_PHOTO_HOURS); default 24 hours. */
  webUnsentPhotoMaxAgeMs?: number;
  /**
   * What this instance runs (MINQING_CHANNELS, MINQING_JOBS), so an operator can split roles between
   * instances on one database. Without it: every configured channel, and every job.
   */
  roles?: { channels: ChannelName[]; jobs: InstanceJob[] };
  log: { level: string; format: "json" | "pretty" };
  deployment: Deployment;
  /** What the configuration allows but is probably a mistake, e.g. a group on a channel that is off: logged at start. */
  warnings?: string[];
}

/** Values that must never appear in a log line. */
export function secretsOf(settings: Settings): string[] {
  const db = settings.database.kind === "postgres" ? new URL(settings.database.url).password : "";
  return [
    settings.telegram?.token ?? "",
    settings.telegram?.webhook?.secretToken ?? "",
    settings.http.adminToken ?? "",
    decodeURIComponent(db),
    ...settings.deployment.cadres.map((c) => c.webPassword ?? ""),
  ].filter((s) => s !== "");
}
