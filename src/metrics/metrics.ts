import { Counter, Gauge, Registry } from "prom-client";
import type { ChannelName } from "../channels/port";
import { systemClock, type Clock } from "../clock";
import { countCasesByState } from "../db/repositories/metrics-repository";
import { countDeadByChannel, pendingBacklog } from "../db/repositories/outbox-repository";
import type { Queryable } from "../db/tx";

/**
 * How old the cases-by-state count may be when it is scraped. Counting by state reads the whole
 * cases table (every closed case of past years too): seconds on millions of rows, and Prometheus
 * scrapes every 15 s, from two servers in a usual HA pair. Counted at most once a minute, whatever
 * scrapes, the cost is bounded; a count a minute old serves the graphs and the alerts ("submitted
 * piling up") just as well, their windows are minutes. An estimate from the planner's statistics
 * (pg_class.reltuples, pg_stats) was the other way, but it is only as fresh as the last ANALYZE
 * and too rough for the small states that matter (a few "submitted" among millions "closed").
 * The outbox gauges stay live: they read only pending rows, through partial indexes.
 */
export const CASES_COUNT_MAX_AGE_MS = 60_000;

export interface MetricsOptions {
  /**
   * What the cache's age is measured by; the wall clock by default. Not the service's injected
   * Clock: that is business time, which tests stop or move by days, and this is about load.
   */
  clock?: Clock;
  casesCountMaxAgeMs?: number;
}

/**
 * What an operator watches, in Prometheus' format at /metrics: cases by state, the outbox's
 * backlog and age, deliveries and failures per channel, inbound messages, reminder runs.
 * Counters count in this process; gauges are read from the database when scraped (cases by state
 * at most once a minute: see CASES_COUNT_MAX_AGE_MS).
 */
export class Metrics {
  readonly registry = new Registry();

  readonly inbound = new Counter({
    name: "minqing_inbound_messages_total",
    help: "Inbound events by channel and outcome (handled, duplicate, failed).",
    labelNames: ["channel", "outcome"] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: "minqing_deliveries_total",
    help: "Attempts to send an outbox message, by channel and outcome (sent, retry, failed, moved, dead).",
    labelNames: ["channel", "outcome"] as const,
    registers: [this.registry],
  });

  readonly reminderRuns = new Counter({
    name: "minqing_reminder_runs_total",
    help: "Reminder sweeps run, by outcome (ok, error).",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  readonly remindersHandled = new Counter({
    name: "minqing_reminders_handled_total",
    help: "Reminders sent, skipped as superseded, or deferred by quiet hours.",
    registers: [this.registry],
  });

  /** `db`: the pool (a DataSource fits); the gauges read outside any transaction. */
  constructor(db: Queryable, options: MetricsOptions = {}) {
    const maxAgeMs = options.casesCountMaxAgeMs ?? CASES_COUNT_MAX_AGE_MS;
    const countCases = cachedFor(maxAgeMs, options.clock ?? systemClock, () => countCasesByState(db));
    new Gauge({
      name: "minqing_cases",
      help: `Cases by state, counted at most every ${maxAgeMs / 1000} s.`,
      labelNames: ["state"] as const,
      registers: [this.registry],
      async collect() {
        const rows = await countCases();
        this.reset();
        for (const r of rows) this.set({ state: r.state }, r.n);
      },
    });
    const backlog = () => pendingBacklog(db);
    new Gauge({
      name: "minqing_outbox_pending",
      help: "Messages waiting to be sent, by channel.",
      labelNames: ["channel"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await backlog()) this.set({ channel: r.channel }, r.n);
      },
    });
    new Gauge({
      name: "minqing_outbox_oldest_pending_seconds",
      help: "Age of the oldest message waiting to be sent, by channel.",
      labelNames: ["channel"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await backlog()) this.set({ channel: r.channel }, r.ageSeconds);
      },
    });
    // Read from the repository, like the backlog, not through src/outbox: the outbox records its
    // sends in these metrics, and importing it back would make the two folders a cycle.
    const deadLetters = async () => new Map((await countDeadByChannel(db)).map((r) => [r.channel, r.n]));
    new Gauge({
      name: "minqing_outbox_dead_letters",
      help: "Messages set aside as undeliverable, waiting for an operator to send them again or discard them, by channel.",
      labelNames: ["channel"] as const,
      registers: [this.registry],
      async collect() {
        // Every channel, 0 included, so an alert on "> 0" also sees it clear again.
        const counts = await deadLetters();
        this.reset();
        for (const channel of ["telegram", "wechat", "web"] as const satisfies readonly ChannelName[]) this.set({ channel }, counts.get(channel) ?? 0);
      },
    });
  }
}

/**
 * `load`'s last value while it is younger than `maxAgeMs`; scrapes that come while it is being
 * loaded share that one load. A failed load is not kept: the next scrape tries again.
 */
function cachedFor<T>(maxAgeMs: number, clock: Clock, load: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = clock.now().getTime();
    // Either way: a wall clock set back must not keep an old count for as long.
    if (last === undefined || Math.abs(now - last.at) >= maxAgeMs) {
      const entry = { at: now, value: load() };
      entry.value.catch(() => {
        if (last === entry) last = undefined;
      });
      last = entry;
    }
    return last.value;
  };
}
