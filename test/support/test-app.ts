import type { PuppetInstance } from "../../adapters/wechat/wechat-adapter";
import { startApp, type App } from "../../src/app";
import type { Clock } from "../../src/clock";
import type { ClusterOptions } from "../../src/cluster/instance";
import type { GroupCommitOptions } from "../../src/inbound/group-commit";
import { loadSettings } from "../../src/config/load";
import type { Deployment } from "../../src/config/schema";
import type { Settings, WechatSettings } from "../../src/config/settings";
import { silentLogger, type Logger } from "../../src/log";
import { createTestDatabase, type Backend, type TestDatabase } from "./databases";

/** Telegram ids the test deployment binds: the 城市管理局 group and its cadres. */
export const tg = {
  chengguanGroup: "-1001000000001",
  zhujianGroup: "-1001000000002",
  wang: "501",
  zhou: "502",
  li: "503",
  zhao: "509",
} as const;

/** The shipped demo deployment, with Telegram groups and accounts bound for the tests. */
export function testDeployment(): Deployment {
  const d = structuredClone(loadSettings({}).deployment);
  const dept = (id: string) => d.departments.find((x) => x.id === id)!;
  const cadre = (id: string) => d.cadres.find((x) => x.id === id)!;
  dept("chengguan").groups.telegram = tg.chengguanGroup;
  dept("zhujian").groups.telegram = tg.zhujianGroup;
  cadre("wang").accounts.telegram = tg.wang;
  cadre("zhou").accounts.telegram = tg.zhou;
  cadre("li").accounts.telegram = tg.li;
  cadre("zhao").accounts.telegram = tg.zhao;
  d.operatorChats = { web: "g-xinfang" };
  return d;
}

/** An admin token for tests that read /metrics or the detail of /healthz. */
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789";

/** The header that carries it. */
export const adminHeaders = (token = TEST_ADMIN_TOKEN) => ({ authorization: `Bearer ${token}` });

export interface TestApp {
  app: App;
  baseUrl: string;
  database: TestDatabase;
  /** Resolves when every due message has been handed to its channel. */
  settled(): Promise<void>;
  /** Texts queued for a chat, oldest first. */
  outboxTexts(chatId: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startTestApp(options: {
  backend: Backend;
  telegram?: { apiUrl: string; token: string };
  /** WeChat on this puppet object (wechaty-puppet-mock); sends unpaced unless `pacing` says otherwise. */
  wechat?: { puppet: PuppetInstance; acceptFriends?: boolean; pacing?: WechatSettings["pacing"]; roomsFile?: string };
  deployment?: Deployment;
  clock?: Clock;
  logger?: Logger;
  /** MINQING_TRUSTED_PROXIES: e.g. ["127.0.0.1"] lets a test play many clients with X-Forwarded-For. */
  trustedProxies?: string[];
  /** A database the test made and drops itself, to restart the app on it; a new one by default. */
  database?: TestDatabase;
  /** MINQING_ADMIN_TOKEN: opens /metrics and the detail of /healthz (TEST_ADMIN_TOKEN will do). */
  adminToken?: string;
  /** MINQING_CHANNELS / MINQING_JOBS: what this instance runs; everything configured by default. */
  roles?: Settings["roles"];
  /** Whether the scheduler runs on its timer; off by default (tests tick it), undefined: as the roles say. */
  schedule?: boolean | "by-roles";
  /** Heartbeat and dead-after times of the instance (tests of several instances make them short). */
  cluster?: Partial<ClusterOptions>;
  /** Group commit of residents' messages; null: one transaction per message (to compare with). */
  groupCommit?: GroupCommitOptions | null;
}): Promise<TestApp> {
  // A database the caller owns outlives the app: a test can stop it and start again on it.
  const owned = options.database === undefined;
  const database = options.database ?? (await createTestDatabase(options.backend));
  const settings: Settings = {
    port: 0,
    // Only sign-in links carry it; tests take the token from the link.
    publicUrl: "http://minqing.test",
    database: database.settings,
    telegram: options.telegram,
    wechat: options.wechat && {
      puppet: "wechaty-puppet-mock",
      sessionFile: "",
      roomsFile: options.wechat.roomsFile,
      acceptFriends: options.wechat.acceptFriends ?? true,
      pacing: options.wechat.pacing ?? { perMinute: 60, delayMs: { min: 0, max: 0 } },
    },
    http: { trustedProxies: options.trustedProxies ?? [], ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }) },
    ...(options.roles === undefined ? {} : { roles: options.roles }),
    log: { level: "error", format: "pretty" },
    deployment: options.deployment ?? testDeployment(),
  };
  let app: App;
  try {
    app = await startApp({
      settings,
      logger: options.logger ?? silentLogger(),
      clock: options.clock,
      host: "127.0.0.1",
      dispatcher: { pollMs: 50 },
      ...(options.schedule === "by-roles" ? {} : { schedule: options.schedule ?? false }),
      wechatPuppet: options.wechat?.puppet,
      ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
      ...(options.groupCommit === undefined ? {} : { groupCommit: options.groupCommit }),
    });
  } catch (err) {
    if (owned) await database.drop();
    throw err;
  }
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${app.port}`,
    settled: () => app.outbox.settle(),
    async outboxTexts(chatId) {
      const rows: { text: string }[] = await app.database.dataSource.query(
        `SELECT payload->>'text' AS text FROM outbox WHERE chat_id = $1 ORDER BY id`,
        [chatId],
      );
      return rows.map((r) => r.text);
    },
    async stop() {
      await app.stop();
      if (owned) await database.drop();
    },
  };
}
