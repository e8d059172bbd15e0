/**
 * The composition root: configuration → database → core services → adapters → outbox.
 * The only file of src/ that knows the adapters; the core below it never imports one.
 */
import { TelegramAdapter } from "../adapters/telegram/telegram-adapter";
import { WebAdapter } from "../adapters/web/web-adapter";
import type { WebLogin } from "../adapters/web/types";
import { CadreDesk } from "./cadre/cadre-desk";
import { CaseService } from "./cases/case-service";
import { Notifier } from "./cases/notifier";
import { Views } from "./cases/views";
import type { ChannelAdapter, ChannelName } from "./channels/port";
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
import { WorkingCalendar } from "./calendar/working-calendar";
import { TimeLimits } from "./cases/time-limits";
import { Digests } from "./reminders/digest";
import { Scheduler } from "./reminders/scheduler";
import { ReminderSweep } from "./reminders/sweep";

export interface AppOptions {
  settings: Settings;
  logger: Logger;
  clock?: Clock;
  /** Interface to listen on; all by default. */
  host?: string;
  dispatcher?: Partial<DispatcherOptions>;
  /** Whether reminders and digests run on their timer; tests drive `scheduler.tick()` themselves. */
  schedule?: boolean;
}

export interface App {
  readonly port: number;
  readonly database: Database;
  readonly adapters: ReadonlyMap<ChannelName, ChannelAdapter>;
  readonly inbound: InboundHandler;
  readonly outbox: OutboxDispatcher;
  readonly scheduler: Scheduler;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const startedAt = Date.now();
  const database = await openDatabase(settings.database);
  logger.info("database ready", { kind: database.kind, ms: Date.now() - startedAt });

  const deployment = settings.deployment;
  const directory = new Directory(deployment);
  const views = new Views(directory);
  const notifier = new Notifier(directory, views);
  const calendar = new WorkingCalendar({ timezone: deployment.timezone, ...deployment.calendar });
  const cases = new CaseService(directory, notifier, new TimeLimits(deployment, calendar), clock);

  const http = new HttpServer(logger);
  const adapters = new Map<ChannelName, ChannelAdapter>();
  adapters.set("web", new WebAdapter({ http, logins: webLogins(settings.deployment), logger: logger.child({ channel: "web" }) }));
  if (settings.telegram) {
    const { token, apiUrl, webhook } = settings.telegram;
    adapters.set("telegram", new TelegramAdapter({ token, apiUrl, webhook, http, logger: logger.child({ channel: "telegram" }) }));
  }

  const dispatcherOptions = { ...(settings.outboxLeaseMs === undefined ? {} : { leaseMs: settings.outboxLeaseMs }), ...options.dispatcher };
  const outbox = new OutboxDispatcher(database.dataSource, adapters, clock, logger.child({ part: "outbox" }), dispatcherOptions);
  const inbound = new InboundHandler(
    database.dataSource,
    directory,
    new ResidentDesk(directory, cases, views, clock),
    new CadreDesk(directory, cases, views, clock),
    clock,
    logger.child({ part: "inbound" }),
    () => outbox.kick(),
  );
  http.mount("/healthz", healthRoute(database, adapters));
  const scheduler = new Scheduler(
    new ReminderSweep(database.dataSource, cases, notifier, calendar, deployment.reminders, clock),
    new Digests(database.dataSource, directory, calendar, clock),
    deployment.timezone,
    logger.child({ part: "reminders" }),
    () => outbox.kick(),
  );

  const port = await http.listen(settings.port, options.host);
  outbox.start();
  for (const adapter of adapters.values()) await adapter.start(inbound.handle);
  if (options.schedule !== false) scheduler.start();
  logger.info("Minqing is running", { url: `http://localhost:${port}`, channels: [...adapters.keys()], ms: Date.now() - startedAt });

  return {
    port,
    database,
    adapters,
    inbound,
    outbox,
    scheduler,
    async stop() {
      // Stop taking messages first, then finish sending, then close the database.
      await scheduler.stop();
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
      chats:
        c.role === "supervisor"
          ? [
              ...(deployment.supervisorsGroup.web ? [{ id: deployment.supervisorsGroup.web, title: "督办" }] : []),
              ...deployment.departments.flatMap((d) => groupOf(d.id)),
            ]
          : groupOf(c.department),
    }));
}
