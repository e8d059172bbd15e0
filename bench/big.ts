import type { Client } from "pg";
import type { App } from "../src/app";
import type { Deployment } from "../src/config/schema";
import { statsBy, type StatsDimension } from "../src/db/repositories/stats-repository";
import type { LedgerFilter } from "../src/case-filters/filter";
import { median, nowMs, timed } from "./measure";

/**
 * The reminder sweep and the statistics on a large database (see bulk.ts). Each is timed beside
 * a baseline on the same rows: for the sweep, the bare set-based SQL that takes the due reminders
 * through their index, queues one outbox row each and marks them done (rolled back, so the sweep
 * then finds the same ones); for the statistics, a bare count per department over the same rows.
 */

export interface SweepFigures {
  cases: number;
  closedCases: number;
  remindersRows: number;
  due: number;
  /** One sweep over the due reminders: all handled, messages queued. */
  sweepMs: number;
  handled: number;
  baselineMs: number;
  /** A sweep with nothing due: the cost paid every minute. */
  idleSweepMs: number;
  idleBaselineMs: number;
}

export async function countRows(c: Client): Promise<{ cases: number; closed: number; reminders: number }> {
  const { rows } = await c.query<{ cases: number; closed: number; reminders: number }>(
    `SELECT (SELECT count(*)::int FROM cases) AS cases,
            (SELECT count(*)::int FROM cases WHERE state NOT IN ('submitted', 'accepted', 'in_progress')) AS closed,
            (SELECT count(*)::int FROM reminders) AS reminders`,
  );
  const r = rows[0];
  if (!r) throw new Error("no counts");
  return r;
}

/** The floor: one statement to read the due reminders by the partial index, one to queue a message each, one to mark them done. */
async function sweepBaseline(c: Client): Promise<number> {
  await c.query("BEGIN");
  try {
    const t0 = nowMs();
    const due = await c.query<{ id: number; case_id: number }>(
      `SELECT id, case_id FROM reminders WHERE done_at IS NULL AND due_at <= now() ORDER BY due_at, id FOR UPDATE SKIP LOCKED`,
    );
    const ids = due.rows.map((r) => r.id);
    await c.query(
      `INSERT INTO outbox (channel, chat_id, payload, case_id, status, attempts, next_attempt_at, created_at)
       SELECT 'web', 'g-bench', '{"text":"提醒"}', case_id, 'pending', 0, now(), now() FROM reminders WHERE id = ANY($1::int[])`,
      [ids],
    );
    await c.query(`UPDATE reminders SET done_at = now(), outcome = 'sent' WHERE id = ANY($1::int[])`, [ids]);
    return nowMs() - t0;
  } finally {
    await c.query("ROLLBACK");
  }
}

export async function benchSweep(app: App, c: Client, due: number): Promise<SweepFigures> {
  const counts = await countRows(c);
  const baselineMs = await sweepBaseline(c);
  const sweep = await timed(() => app.scheduler.sweep.run());
  if (sweep.value < due) throw new Error(`sweep: ${due} reminders were due, ${sweep.value} handled`);
  // What the sweep queued is sent now (the instance that commits it sends it at once), and the
  // reminders its replanning made due at once are handled, before the idle sweeps are timed.
  await app.outbox.settle();
  await app.scheduler.sweep.run();
  await app.outbox.settle();
  const idle: number[] = [];
  const idleBase: number[] = [];
  for (let i = 0; i < 5; i++) {
    idleBase.push(await sweepBaseline(c));
    idle.push((await timed(() => app.scheduler.sweep.run())).ms);
  }
  return {
    cases: counts.cases,
    closedCases: counts.closed,
    remindersRows: counts.reminders,
    due,
    sweepMs: sweep.ms,
    handled: sweep.value,
    baselineMs,
    idleSweepMs: median(idle),
    idleBaselineMs: median(idleBase),
  };
}

export interface StatsFigures {
  name: string;
  cases: number;
  ms: number;
  baselineMs: number;
  groups: number;
}

/** The last full month in the deployment's zone, as the dashboard's month filter gives it. */
function lastMonth(now: Date): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // 0-based: the previous month is m (1-based)
  const year = m === 0 ? y - 1 : y;
  const month = m === 0 ? 12 : m;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, "0");
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(days).padStart(2, "0")}` };
}

export async function benchStats(app: App, c: Client, deployment: Deployment, runs: number): Promise<StatsFigures[]> {
  const db = app.database.dataSource.manager;
  const ctx = { now: new Date(), timeZone: deployment.timezone, departmentScope: null };
  const month = lastMonth(ctx.now);
  const tz = deployment.timezone.replace(/'/g, "");
  const cases: { label: string; by: StatsDimension; filter: LedgerFilter; key?: string; where: string; params: unknown[] }[] = [
    { label: "per department, all cases", by: "department", filter: {}, where: "TRUE", params: [] },
    { label: "per month, all cases", by: "month", filter: {}, key: `date_trunc('month', created_at AT TIME ZONE '${tz}')`, where: "TRUE", params: [] },
    {
      label: `per department, one month (${month.from.slice(0, 7)})`,
      by: "department",
      filter: { from: { day: month.from }, to: { day: month.to } },
      where: `created_at >= ($1::date)::timestamp AT TIME ZONE $3 AND created_at < ($2::date + 1)::timestamp AT TIME ZONE $3`,
      params: [month.from, month.to, deployment.timezone],
    },
  ];
  const out: StatsFigures[] = [];
  for (const s of cases) {
    const times: number[] = [];
    const base: number[] = [];
    let groups = 0;
    let filed = 0;
    // One warm-up each, then alternate, so both see the same cache and the same neighbours.
    await statsBy(db, s.by, s.filter, ctx);
    const baseline = `SELECT ${s.key ?? "department_id"}, count(*) FROM cases WHERE ${s.where} GROUP BY 1`;
    await c.query(baseline, s.params);
    for (let i = 0; i < runs; i++) {
      const t = await timed(() => statsBy(db, s.by, s.filter, ctx));
      times.push(t.ms);
      groups = t.value.rows.length;
      filed = t.value.total.filed;
      base.push((await timed(() => c.query(baseline, s.params))).ms);
    }
    out.push({ name: s.label, cases: filed, ms: median(times), baselineMs: median(base), groups });
  }
  return out;
}
