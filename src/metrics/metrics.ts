import { Counter, Gauge, Registry } from "prom-client";
import type { DataSource } from "typeorm";
import type { ChannelName } from "../channels/port";
import { countDeadLetters } from "../outbox/dead-letters";

/**
 * What an operator watches, in Prometheus' format at /metrics: cases by state, the outbox's
 * backlog and age, deliveries and failures per channel, inbound messages, reminder runs.
 * Counters count in this process; gauges are read from the database when scraped.
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

  constructor(dataSource: DataSource) {
    new Gauge({
      name: "minqing_cases",
      help: "Cases by state.",
      labelNames: ["state"] as const,
      registers: [this.registry],
      async collect() {
        const rows: { state: string; n: string }[] = await dataSource.query(`SELECT state, count(*) AS n FROM cases GROUP BY state`);
        this.reset();
        for (const r of rows) this.set({ state: r.state }, Number(r.n));
      },
    });
    const backlog = async () =>
      (await dataSource.query(
        `SELECT channel, count(*) AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS age
         FROM outbox WHERE status = 'pending' GROUP BY channel`,
      )) as { channel: string; n: string; age: string }[];
    new Gauge({
      name: "minqing_outbox_pending",
      help: "Messages waiting to be sent, by channel.",
      labelNames: ["channel"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await backlog()) this.set({ channel: r.channel }, Number(r.n));
      },
    });
    new Gauge({
      name: "minqing_outbox_oldest_pending_seconds",
      help: "Age of the oldest message waiting to be sent, by channel.",
      labelNames: ["channel"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await backlog()) this.set({ channel: r.channel }, Number(r.age));
      },
    });
    new Gauge({
      name: "minqing_outbox_dead_letters",
      help: "Messages set aside as undeliverable, waiting for an operator to send them again or discard them, by channel.",
      labelNames: ["channel"] as const,
      registers: [this.registry],
      async collect() {
        // Every channel, 0 included, so an alert on "> 0" also sees it clear again.
        const counts = await countDeadLetters(dataSource.manager);
        this.reset();
        for (const channel of ["telegram", "wechat", "web"] as const satisfies readonly ChannelName[]) this.set({ channel }, counts.get(channel) ?? 0);
      },
    });
  }
}
