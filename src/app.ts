/**
 * The composition root: configuration → database → core services → adapters → outbox.
 * The only file of src/ that knows the adapters; the core below it never imports one.
 */
import { TelegramAdapter } from "../adapters/telegram/telegram-adapter";
import { WebAdapter } from "../adapters/web/web-adapter";
import type { WebLogin } from "../adapters/web/types";
import type { PuppetInstance } from "../adapters/wechat/wechat-adapter";
import { CadreDesk } from "./cadre/cadre-desk";
import { CaseService } from "./cases/case-service";
import { Notifier } from "./cases/notifier";
import { Views } from "./cases/views";
import type { ChannelAdapter, ChannelName, TraitsOf } from "./channels/port";
import { systemClock, type Clock } from "./clock";
import type { Deployment } from "./config/schema";
import type { Settings } from "./config/settings";
import { openDatabase, type Database } from "./db/database";
import { healthRoute } from "./http/health";
import { HttpServer } from "./http/http-server";
import { InboundHandler } from "./inbound/inbound-handler";
import { ResidentDesk } from "./intake/resident-desk";
import type { Logger } from "./log";
import { OutboxDispatcher, type DispatcherOptions } from "./outbox/dispatcher";
import { Directory } from "./routing/directory";

export interface AppOptions {
  settings: Settings;
  logger: Logger;
  clock?: Clock;
  /** Interface to listen on; all by default. */
  host?: string;
  dispatcher?: Partial<DispatcherOptions>;
  /** Where the WeChat login QR code is drawn (a terminal), if anywhere. */
  terminal?: NodeJS.WritableStream;
  /** A puppet object instead of the one WECHATY_PUPPET names (tests: wechaty-puppet-mock). */
  wechatPuppet?: PuppetInstance;
}

export interface App {
  readonly port: number;
  readonly database: Database;
  readonly adapters: ReadonlyMap<ChannelName, ChannelAdapter>;
  readonly inbound: InboundHandler;
  readonly outbox: OutboxDispatcher;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const startedAt = Date.now();
  const database = await openDatabase(settings.database);
  logger.info("database ready", { kind: database.kind, ms: Date.now() - startedAt });

  const http = new HttpServer(logger);
  const adapters = new Map<ChannelName, ChannelAdapter>();
  // A channel that is off gets the wording that works everywhere: no buttons to tap.
  const traitsOf: TraitsOf = (channel) => ({
    buttons: adapters.get(channel)?.hasButtons ?? false,
    quoteReplies: adapters.get(channel)?.quoteReplies ?? false,
  });

  const directory = new Directory(settings.deployment);
  const views = new Views(directory);
  const cases = new CaseService(directory, new Notifier(directory, views, traitsOf), clock);

  adapters.set("web", new WebAdapter({ http, logins: webLogins(settings.deployment), logger: logger.child({ channel: "web" }) }));
  if (settings.telegram) {
    const { token, apiUrl, webhook } = settings.telegram;
    adapters.set("telegram", new TelegramAdapter({ token, apiUrl, webhook, http, logger: logger.child({ channel: "telegram" }) }));
  }
  if (settings.wechat) {
    // Loaded only when switched on: wechaty takes about a second to import. (require, not import():
    // this is a CommonJS build, where import() would need the compiled file's name.)
    const { WechatAdapter } = require("../adapters/wechat/wechat-adapter") as typeof import("../adapters/wechat/wechat-adapter");
    const { puppet, token, sessionFile, acceptFriends, pacing } = settings.wechat;
    const d = settings.deployment;
    adapters.set(
      "wechat",
      new WechatAdapter({
        puppet: options.wechatPuppet ?? puppet,
        token,
        sessionFile: options.wechatPuppet ? undefined : sessionFile,
        rooms: [...d.departments.map((x) => x.groups.wechat), d.operatorChats.wechat].filter((x) => x !== undefined),
        acceptFriends,
        pacing,
        http,
        terminal: options.terminal,
        logger: logger.child({ channel: "wechat" }),
      }),
    );
  }

  const outbox = new OutboxDispatcher(database.dataSource, adapters, clock, logger.child({ part: "outbox" }), options.dispatcher);
  const inbound = new InboundHandler(
    database.dataSource,
    directory,
    new ResidentDesk(directory, cases, views, clock, traitsOf),
    new CadreDesk(directory, cases, views, clock),
    clock,
    logger.child({ part: "inbound" }),
    () => outbox.kick(),
  );
  http.mount("/healthz", healthRoute(database, adapters));

  const port = await http.listen(settings.port, options.host);
  outbox.start();
  for (const adapter of adapters.values()) await adapter.start(inbound.handle);
  logger.info("Minqing is running", { url: `http://localhost:${port}`, channels: [...adapters.keys()], ms: Date.now() - startedAt });

  return {
    port,
    database,
    adapters,
    inbound,
    outbox,
    async stop() {
      // Stop taking messages first, then finish sending, then close the database.
      for (const adapter of adapters.values()) await adapter.stop();
      await outbox.stop();
      await http.close();
      await database.close();
    },
  };
}

/** Cadres with a web password sign in on the cadre page and see their department's web group (supervisors: all). */
function webLogins(deployment: Deployment): WebLogin[] {
  const groupOf = (departmentId: string) => {
    const d = deployment.departments.find((x) => x.id === departmentId);
    return d?.groups.web ? [{ id: d.groups.web, title: d.name }] : [];
  };
  return deployment.cadres
    .filter((c) => c.accounts.web && c.webPassword)
    .map((c) => ({
      account: c.accounts.web ?? "",
      name: c.name,
      password: c.webPassword ?? "",
      chats: c.role === "supervisor" ? deployment.departments.flatMap((d) => groupOf(d.id)) : groupOf(c.department),
    }));
}
