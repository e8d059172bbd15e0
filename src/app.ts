/**
 * The composition root: configuration → database → core services → adapters → outbox.
 * The only file of src/ that knows the adapters; the core below it never imports one.
 */
import { TelegramAdapter } from "../adapters/telegram/telegram-adapter";
import { WebAdapter } from "../adapters/web/web-adapter";
import { ApiClients } from "./http/open311/api-clients";
import { CadreAuth, type CadreAccount } from "./auth/cadre-auth";
import { DatabaseLoginAttempts } from "./auth/database-login-attempts";
import { DatabaseSessionStore } from "./auth/database-session-store";
import { LoginThrottle } from "./auth/login-throttle";
import { SiteCookies } from "./http/cookies";
import type { PuppetInstance } from "../adapters/wechat/wechat-adapter";
import { CadreDesk } from "./cadre/cadre-desk";
import { CaseService } from "./cases/case-service";
import { Notifier } from "./cases/notifier";
import { Views } from "./cases/views";
import { reassignDepartedCadres } from "./cases/reassign-departed";
import { channelWording, type ChannelAdapter, type ChannelName, type TraitsOf } from "./channels/port";
import { Instance, type ClusterOptions } from "./cluster/instance";
import { systemClock, type Clock } from "./clock";
import { signInName, type Deployment } from "./config/schema";
import type { Settings } from "./config/settings";
import { CaseEventHub } from "./http/dashboard/inbox/case-event-hub";
import { mountFrontPages } from "./http/front-files";
import { FRONT_PAGE_PATHS } from "./http/front-page-paths";
import { openDatabase, type Database } from "./db/database";
import { rebuildFinalCaseStats } from "./db/repositories/final-case-stats-repository";
import { transactor } from "./db/tx";
import { healthRoute, metricsRoute } from "./http/health";
import { AdminToken } from "./http/admin-token";
import { Metrics } from "./metrics/metrics";
import { TrustedProxies } from "./http/client-address";
import { HttpServer } from "./http/http-server";
import { defaultGroupCommit, InboundHandler } from "./inbound/inbound-handler";
import type { GroupCommitOptions } from "./inbound/group-commit";
import { ResidentDesk } from "./intake/resident-desk";
import { DatabaseKnownResidents } from "./limits/database-known-residents";
import { databaseRateLimiters } from "./limits/database-rate-limiter";
import { Understanding } from "./understanding";
import { localeFromLanguageCode, textsFor } from "./texts";
import type { Logger } from "./log";
import { OutboxDispatcher, type DispatcherOptions } from "./outbox/dispatcher";
import { operatorChatsOf } from "./outbox/dead-letter-alarm";
import { Directory } from "./config/directory";
import { WorkingCalendar } from "./calendar/working-calendar";
import { TimeLimits } from "./cases/time-limits";
import { Digests } from "./reminders/digest";
import { Scheduler } from "./reminders/scheduler";
import { ReminderSweep } from "./reminders/sweep";
import { noticeDocuments } from "./notices/notice-documents";
import { WebChatHistory } from "./web-chat/web-chat-history";
import { residentCasesOfWebChat } from "./web-chat/resident-cases";
import { WebPhotos } from "./web-chat/web-photos";
import type { WebLogin } from "./web-chat/web-chat-transport";
import { mountWebApi } from "./http/web-api";

export interface AppOptions {
  settings: Settings;
  logger: Logger;
  clock?: Clock;
  /** Interface to listen on; all by default. */
  host?: string;
  dispatcher?: Partial<DispatcherOptions>;
  /** Whether reminders and digests run on their timer; tests drive `scheduler.tick()` themselves. */
  schedule?: boolean;
  /** Where the WeChat login QR code is drawn (a terminal), if anywhere. */
  terminal?: NodeJS.WritableStream;
  /** A puppet object instead of the one WECHATY_PUPPET names (tests: wechaty-puppet-mock). */
  wechatPuppet?: PuppetInstance;
  /** How often this instance heartbeats and when the others take it for dead (tests: shorter). */
  cluster?: Partial<ClusterOptions>;
  /** Group commit of residents' messages (src/inbound/group-commit.ts); null: one transaction per message. */
  groupCommit?: GroupCommitOptions | null;
}

export interface App {
  readonly port: number;
  readonly database: Database;
  readonly adapters: ReadonlyMap<ChannelName, ChannelAdapter>;
  readonly inbound: InboundHandler;
  readonly outbox: OutboxDispatcher;
  readonly scheduler: Scheduler;
  /** The one place cases change (tests and the bench take actions through it directly). */
  readonly cases: CaseService;
  /** This process among the instances on the database: its heartbeat and its leases. */
  readonly cluster: Instance;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const startedAt = Date.now();
  const database = await openDatabase(settings.database);
  logger.info("database ready", { kind: database.kind, ms: Date.now() - startedAt });

  const deployment = settings.deployment;
  await ensureFinalCaseStats(database, deployment.timezone, logger);
  // What this instance runs; other instances on the same database may run the rest.
  const configured = new Set<ChannelName>(["web", ...(settings.telegram ? (["telegram"] as const) : []), ...(settings.wechat ? (["wechat"] as const) : [])]);
  const runs = new Set<ChannelName>((settings.roles?.channels ?? [...configured]).filter((c) => configured.has(c)));
  const jobs = new Set(settings.roles?.jobs ?? ["reminders", "outbox"]);
  // A channel that is off gets the wording that works everywhere: no buttons to tap. A channel
  // another instance runs is on all the same: its cadres are still told, by that instance.
  const traitsOf: TraitsOf = (channel) => ({
    buttons: configured.has(channel) && channelWording[channel].buttons,
    quoteReplies: configured.has(channel) && channelWording[channel].quoteReplies,
    on: configured.has(channel),
  });
  // Alone on the embedded database (one process locks it): earlier runs' claims and leases are taken over at once.
  const cluster = new Instance(database.dataSource, logger.child({ part: "cluster" }), options.cluster, database.kind === "embedded");
  const directory = new Directory(deployment);
  // The text pipeline (jieba's dictionary, the classifier trained on the configuration): built on
  // first use, or just after the start on an instance that takes residents' messages (below).
  const understanding = new Understanding(deployment);
  const views = new Views(directory);
  const notifier = new Notifier(directory, views, traitsOf);
  const calendar = new WorkingCalendar({ timezone: deployment.timezone, ...deployment.calendar });
  const uncovered = calendar.uncoveredNationalYear(clock.now());
  if (uncovered !== null) logger.warn(`the State Council's holiday schedule for ${uncovered} does not ship: until it does, add its dates to calendar.holidays and calendar.workdays, or 春节 and 国庆 count as working days`);
  // Every change of a case is announced to the cadres' open workspaces, on every instance.
  const caseEvents = new CaseEventHub(database.notifications, (handler) => auth.onSessionEnded(handler));
  const cases = new CaseService(directory, notifier, new TimeLimits(deployment, calendar), clock, understanding, logger.child({ part: "cases" }), caseEvents);

  const http = new HttpServer(logger, new TrustedProxies(settings.http.trustedProxies));
  // One cadre sign-in for every page of the workspace (src/http/sign-in); its sessions and throttle
  // are in the database, so every instance knows them and a restart keeps them.
  const { dataSource } = database;
  const now = () => clock.now().getTime();
  const auth = new CadreAuth(cadreAccounts(settings.deployment), {
    now,
    sessions: new DatabaseSessionStore(dataSource.manager, database.notifications),
    throttle: new LoginThrottle(new DatabaseLoginAttempts(dataSource.manager), { now }),
    ...(settings.sessionIdleMs === undefined ? {} : { idleMs: settings.sessionIdleMs }),
  });
  // The cadre session cookie (and the web resident's) is one for both; Secure when the public address is https.
  const cookies = new SiteCookies(settings.publicUrl);
  const adapters = new Map<ChannelName, ChannelAdapter>();
  // Web residents' photos: stored by the web chat, shown to the cases' cadres by the dashboard.
  const webPhotos = new WebPhotos(dataSource.manager, clock);
  const logins = webLogins(settings.deployment);
  const webChat = runs.has("web")
    ? new WebAdapter({
        logins,
        sessions: auth,
        logger: logger.child({ channel: "web" }),
        store: new WebChatHistory(database, { perChat: settings.webHistoryPerChat, maxAgeMs: settings.webHistoryMaxAgeMs, unsentPhotoMaxAgeMs: settings.webUnsentPhotoMaxAgeMs }, clock, logger.child({ part: "web chat" })),
      })
    : undefined;
  if (webChat) adapters.set("web", webChat);
  if (settings.telegram && runs.has("telegram")) {
    const { token, apiUrl, webhook } = settings.telegram;
    adapters.set("telegram", new TelegramAdapter({ token, apiUrl, webhook, http, lease: cluster.lease("telegram"), documents: noticeDocuments(dataSource.manager), logger: logger.child({ channel: "telegram" }) }));
  }
  if (settings.wechat && runs.has("wechat")) {
    // Loaded only when switched on: wechaty takes about a second to import. (require, not import():
    // this is a CommonJS build, where import() would need the compiled file's name.)
    const { WechatAdapter } = require("../adapters/wechat/wechat-adapter") as typeof import("../adapters/wechat/wechat-adapter");
    const { puppet, token, sessionFile, roomsFile, inboundJournalFile, acceptFriends, pacing } = settings.wechat;
    const d = settings.deployment;
    adapters.set(
      "wechat",
      new WechatAdapter({
        puppet: options.wechatPuppet ?? puppet,
        token,
        sessionFile: options.wechatPuppet ? undefined : sessionFile,
        // Every group the core sends to by name: each is bound to its room once, by a code typed in it.
        rooms: [...new Set([...d.departments.map((x) => x.groups.wechat), d.supervisorsGroup.wechat, d.operatorChats.wechat].filter((x) => x !== undefined))],
        roomsFile,
        journalFile: inboundJournalFile,
        acceptFriends,
        pacing,
        http,
        terminal: options.terminal,
        lease: cluster.lease("wechat"),
        logger: logger.child({ channel: "wechat" }),
      }),
    );
  }

  const metrics = new Metrics(database.dataSource);
  const dispatcherOptions: Partial<DispatcherOptions> = {
    ...(settings.outboxLeaseMs === undefined ? {} : { leaseMs: settings.outboxLeaseMs }),
    ...(settings.outboxMaxAttempts === undefined ? {} : { maxAttempts: settings.outboxMaxAttempts }),
    ...(settings.outboxMaxAgeMs === undefined ? {} : { maxAgeMs: settings.outboxMaxAgeMs }),
    instance: cluster,
    // Dead letters are announced where the operators hear of WeChat's logouts, once per channel per 5 minutes.
    alarm: { operatorChats: operatorChatsOf(deployment.operatorChats), locale: deployment.locale, link: `${settings.publicUrl}/workspace#/dead-letters`, coalesceMs: 5 * 60_000 },
    ...options.dispatcher,
  };
  // Without the outbox job this instance sends nothing: its queued messages wait, pending, for an instance that sends.
  const outbox = new OutboxDispatcher(database.dataSource, jobs.has("outbox") ? adapters : new Map(), clock, logger.child({ part: "outbox" }), dispatcherOptions, metrics);
  const inbound = new InboundHandler(
    database.dataSource,
    directory,
    new ResidentDesk(directory, cases, views, clock, traitsOf, understanding),
    new CadreDesk(directory, cases, views, clock, settings.publicUrl),
    clock,
    logger.child({ part: "inbound" }),
    () => outbox.kick(),
    metrics,
    options.groupCommit === undefined ? defaultGroupCommit : options.groupCommit,
  );
  const admin = new AdminToken(settings.http.adminToken);
  http.mount("/healthz", healthRoute(database, adapters, admin));
  http.mount("/metrics", metricsRoute(metrics, admin));
  const scheduler = new Scheduler(
    new ReminderSweep(transactor(database.dataSource), cases, notifier, calendar, deployment.reminders, clock),
    new Digests(transactor(database.dataSource), directory, calendar, clock),
    deployment.timezone,
    logger.child({ part: "reminders" }),
    () => outbox.kick(),
    metrics,
  );
  mountFrontPages(http, { pages: FRONT_PAGE_PATHS });
  const workspace = { db: dataSource.manager, transact: transactor(dataSource), directory, cases, auth, cookies, clock, logger: logger.child({ part: "dashboard" }), onCommitted: () => outbox.kick() };
  mountWebApi(http, {
    workspace,
    caseEvents,
    photos: webPhotos,
    open311: { db: dataSource.manager, transact: transactor(dataSource), directory, understanding, cases, clients: new ApiClients(settings.deployment.apiKeys), clock, logger: logger.child({ part: "api" }), onCommitted: () => outbox.kick() },
    ...(webChat && {
      webChat: {
        transport: webChat,
        logins,
        resident: {
          limits: deployment.limits.web,
          looksUrgent: (text) => understanding.emergencyIn(text) !== null,
          refusalText: (languageCode, seconds) => textsFor(localeFromLanguageCode(languageCode, deployment.locale)).webTooManyRequests(seconds),
          // Counted in the database: N instances allow what one allows.
          rateLimiters: databaseRateLimiters(dataSource.manager),
          knownResidents: new DatabaseKnownResidents(dataSource.manager),
          clock,
          residentCases: (chatId, languageCode) => residentCasesOfWebChat(dataSource.manager, { views, cases }, chatId, localeFromLanguageCode(languageCode, deployment.locale)),
        },
      },
    }),
  });

  // Before any message comes in: no open case may wait on a cadre the deployment file no longer lists.
  await reassignDepartedCadres({ pool: dataSource.manager, transact: transactor(dataSource) }, directory, cases, logger.child({ part: "cases" }));

  const port = await http.listen(settings.port, options.host);
  // Registered before anything is claimed or received; the adapters start knowing whether they hold their leases.
  await cluster.start();
  if (jobs.has("outbox")) outbox.start();
  for (const adapter of adapters.values()) await adapter.start(inbound.handle);
  if (options.schedule ?? jobs.has("reminders")) scheduler.start();
  // Off the start path (about 0.2 s and 50 MB, jieba's dictionary above all), but before residents'
  // words are likely to arrive; an instance with no channel builds it only if the API needs it.
  if (adapters.size > 0) setImmediate(() => understanding.prepare()).unref();
  logger.info("Minqing is running", { url: `http://localhost:${port}`, channels: [...adapters.keys()], jobs: [...jobs], ms: Date.now() - startedAt });

  return {
    port,
    database,
    adapters,
    inbound,
    outbox,
    scheduler,
    cases,
    cluster,
    async stop() {
      // Stop taking messages first, then finish sending, then let the other instances take over at once, then close the database.
      await scheduler.stop();
      for (const adapter of adapters.values()) await adapter.stop();
      await outbox.stop();
      await cluster.stop();
      await http.close();
      await database.close();
    },
  };
}

/**
 * Every active cadre can sign in: with their password if they have one, else with a link the bot
 * sends (/dashboard). One marked `active: false` is listed for the history alone.
 */
function cadreAccounts(deployment: Deployment): CadreAccount[] {
  return deployment.cadres.filter((c) => c.active).map((c) => ({ account: signInName(c), cadreId: c.id, ...(c.webPassword ? { password: c.webPassword } : {}) }));
}

/** Cadres with a web account use the workspace's group chats and see their department's web group (supervisors: all). */
function webLogins(deployment: Deployment): WebLogin[] {
  const groupOf = (departmentId: string) => {
    const d = deployment.departments.find((x) => x.id === departmentId);
    return d?.groups.web ? [{ id: d.groups.web, title: d.name }] : [];
  };
  return deployment.cadres.flatMap((c) =>
    c.accounts.web && c.active
      ? [
          {
            account: c.accounts.web,
            name: c.name,
            chats:
              c.role === "supervisor"
                ? [...(deployment.supervisorsGroup.web ? [{ id: deployment.supervisorsGroup.web, title: "督办" }] : []), ...deployment.departments.flatMap((d) => groupOf(d.id))]
                : groupOf(c.department),
          },
        ]
      : [],
  );
}

/**
 * The statistics of final cases are kept per local day (final-case-stats-repository.ts): made for
 * another zone or with other definitions (an upgrade changed one), they are made again before
 * anything reads them. Writers of cases wait meanwhile; several instances starting at once make
 * them once.
 */
async function ensureFinalCaseStats(database: Database, timeZone: string, logger: Logger): Promise<void> {
  const t0 = Date.now();
  const rebuilt = await transactor(database.dataSource)((tx) => rebuildFinalCaseStats(tx, timeZone, { ifStale: true }));
  if (rebuilt) logger.info("statistics of final cases made again", { timeZone, ms: Date.now() - t0 });
}
