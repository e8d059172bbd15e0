import type { Client } from "pg";
import type { Deployment } from "../src/config/schema";
import { route } from "../src/routing/assign";
import { Directory } from "../src/config/directory";
import type { SyntheticAppeal } from "./appeals";

/**
 * A large database made fast: cases, residents and reminders inserted by set-based SQL
 * (generate_series) rather than through the intake path, which would take hours for a million
 * cases. The texts, categories, communities, departments and cadres come from the same
 * synthetic appeals and the same routing as intake, so the data is what intake would have made;
 * states, times and ratings are drawn with a seeded random(). The non-unique indexes are dropped
 * during the load and made again after it (faster than keeping them), then VACUUM ANALYZE leaves
 * the tables as autovacuum would.
 */

export interface LoadPlan {
  /** Cases to add, and how many of them are open (the newest ones). */
  cases: number;
  open: number;
  /** Residents to spread them over (made once, with the first load). */
  residents: number;
  /** The new cases are created over this many days before now. */
  spanDays: number;
  /** …ending this many days ago (the extra closed cases are older than the first million). */
  endDaysAgo: number;
}

interface Lookup {
  texts: string[];
  categories: string[];
  communities: string[];
  departments: string[];
  cadres: string[];
  urgent: boolean[];
}

function lookup(deployment: Deployment, appeals: SyntheticAppeal[]): Lookup {
  const directory = new Directory(deployment);
  const routed = appeals.map((a) => route(directory, a.categoryId, a.communityId));
  return {
    texts: appeals.map((a) => a.text),
    categories: appeals.map((a) => a.categoryId),
    communities: appeals.map((a) => a.communityId),
    departments: routed.map((r) => r.departmentId),
    cadres: routed.map((r) => r.cadreId),
    urgent: appeals.map((a) => a.urgent),
  };
}

/** Drops the indexes that back no constraint, runs `load`, and makes them again as they were. */
async function withoutIndexes(c: Client, tables: string[], load: () => Promise<void>): Promise<void> {
  const { rows } = await c.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
    [tables],
  );
  for (const r of rows) await c.query(`DROP INDEX "${r.name}"`);
  await load();
  await c.query(`SET maintenance_work_mem = '512MB'`);
  for (const r of rows) await c.query(r.def);
}

export async function bulkLoad(c: Client, deployment: Deployment, appeals: SyntheticAppeal[], plan: LoadPlan): Promise<void> {
  const l = lookup(deployment, appeals);
  await withoutIndexes(c, ["cases", "reminders"], async () => {
    await c.query(`SELECT setseed(0.2026)`);
    const residents = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM residents`);
    if ((residents.rows[0]?.n ?? 0) < plan.residents) {
      await c.query(
        `INSERT INTO residents (channel, account_id, display_name, locale, created_at)
         SELECT (ARRAY['telegram', 'wechat', 'web'])[1 + g % 3],
           -- What each channel's ids look like: Telegram's numbers, wechaty's wxid_, the web chat's r-<uuid>.
           CASE g % 3 WHEN 0 THEN (700000000 + g)::text WHEN 1 THEN 'wxid_bulk' || g ELSE 'r-' || md5('bulk' || g)::uuid END,
           '居民' || g, 'zh-Hans', now() - interval '2 years'
         FROM generate_series(1, $1::int) g`,
        [plan.residents],
      );
    }
    const { rows } = await c.query<{ first: number; last: number }>(
      `SELECT coalesce(max(id), 0) + 1 AS first, coalesce(max(id), 0) + $1::int AS last FROM cases`,
      [plan.cases],
    );
    const first = rows[0]?.first ?? 1;
    // One row per case: which appeal it is (t), when it was filed, its state and the draws for its times.
    await c.query(
      `INSERT INTO cases (id, number, resident_id, channel, chat_id, text, photos, location, category_id, community_id, urgent,
         department_id, cadre_id, state, rating, created_at, accept_due_at, answer_due_at, finish_due_at, review_count,
         resident_notified_at, accepted_at, first_answer_at, resolved_at, closed_at, updated_at)
       SELECT y.id, 'MQ-' || to_char(created AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(y.id::text, 8, '0'),
         r.id, r.channel, r.account_id, ($3::text[])[t], '[]', NULL, ($4::text[])[t], ($5::text[])[t], ($8::boolean[])[t],
         ($6::text[])[t], ($7::text[])[t], state, rating, created,
         created + CASE WHEN ($8::boolean[])[t] THEN interval '30 minutes' ELSE interval '1 day' END,
         created + CASE WHEN ($8::boolean[])[t] THEN interval '2 hours' ELSE interval '3 days' END,
         accepted + interval '21 days', 0,
         coalesce(answered, accepted, created), accepted, answered, resolved, closed,
         coalesce(closed, resolved, answered, accepted, created)
       FROM (
         SELECT x.*,
           CASE WHEN state IN ('submitted', 'rejected', 'withdrawn') THEN NULL ELSE least(now(), created + (1 + u1 * 40) * interval '1 hour') END AS accepted,
           CASE WHEN state IN ('in_progress', 'closed') THEN least(now(), created + (4 + u2 * 90) * interval '1 hour') END AS answered,
           CASE WHEN state = 'closed' THEN created + (4 + u2 * 90) * interval '1 hour' + u3 * interval '14 days' END AS resolved,
           CASE WHEN state = 'closed' THEN created + (4 + u2 * 90) * interval '1 hour' + u3 * interval '14 days' + u4 * interval '5 days'
                WHEN state = 'rejected' THEN created + u3 * interval '20 hours'
                WHEN state = 'withdrawn' THEN created + u3 * interval '100 hours' END AS closed,
           CASE WHEN state = 'closed' AND u4 > 0.1 THEN 3 + floor(u4 * 2.99)::int END AS rating
         FROM (
           SELECT g AS id, (1 + (g::bigint * 7919) % array_length($3::text[], 1))::int AS t,
             (1 + (g::bigint * 104729) % $9::int)::int AS resident_id,
             now() - make_interval(days => $12::int) - (($2::int - g) * ($11::float8 * 86400 / $10::int)) * interval '1 second' AS created,
             CASE WHEN g > $2::int - $13::int THEN (ARRAY['submitted', 'accepted', 'in_progress'])[1 + floor(random() * 3)::int]
                  ELSE CASE WHEN random() < 0.85 THEN 'closed' WHEN random() < 0.5 THEN 'rejected' ELSE 'withdrawn' END END AS state,
             random() AS u1, random() AS u2, random() AS u3, random() AS u4
           FROM generate_series($1::int, $2::int) g
         ) x
       ) y JOIN residents r ON r.id = y.resident_id`,
      [first, first + plan.cases - 1, l.texts, l.categories, l.communities, l.departments, l.cadres, l.urgent, plan.residents, plan.cases, plan.spanDays, plan.endDaysAgo, plan.open],
    );
    await c.query(`SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))`);
    // What the sweep left behind: two reminders done per closed case; two pending, in the future, per open one.
    await c.query(
      `INSERT INTO reminders (case_id, kind, target_at, due_at, done_at, outcome)
       SELECT id, k.kind, CASE k.kind WHEN 'answer_soon' THEN answer_due_at ELSE created_at + interval '5 days' END,
         CASE k.kind WHEN 'answer_soon' THEN answer_due_at - interval '4 hours' ELSE created_at + interval '5 days' END,
         CASE k.kind WHEN 'answer_soon' THEN answer_due_at - interval '4 hours' ELSE created_at + interval '5 days' END, 'sent'
       FROM cases, (VALUES ('answer_soon'), ('resident_update')) AS k(kind)
       WHERE id BETWEEN $1 AND $2 AND state NOT IN ('submitted', 'accepted', 'in_progress')`,
      [first, first + plan.cases - 1],
    );
    await c.query(
      `INSERT INTO reminders (case_id, kind, target_at, due_at)
       SELECT id, k.kind, CASE k.kind WHEN 'answer_overdue' THEN answer_due_at ELSE now() + interval '5 days' END,
         now() + interval '1 hour' + random() * interval '20 days'
       FROM cases, (VALUES ('answer_overdue'), ('resident_update')) AS k(kind)
       WHERE id BETWEEN $1 AND $2 AND state IN ('submitted', 'accepted', 'in_progress')`,
      [first, first + plan.cases - 1],
    );
  });
  await c.query(`VACUUM ANALYZE cases, reminders, residents`);
}

const dueKinds = ["accept_soon", "answer_soon", "answer_overdue", "finish_soon", "finish_overdue", "resident_update"] as const;

/**
 * Makes `count` reminders due now, on open cases spread over the table: nudges before and after
 * deadlines (the overdue ones escalate to the supervisors) and "still being handled" to residents.
 */
export async function plantDueReminders(c: Client, count: number, round: number): Promise<void> {
  await c.query(
    `INSERT INTO reminders (case_id, kind, target_at, due_at)
     SELECT id, ($2::text[])[1 + (n % array_length($2::text[], 1))], now() - interval '1 hour' - $3::int * interval '1 minute',
       now() - (1 + n % 50) * interval '1 minute'
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases
           WHERE state IN ('submitted', 'accepted', 'in_progress') ORDER BY hashint4(id + $3::int) LIMIT $1) o
     ON CONFLICT ON CONSTRAINT "UQ_reminders_stage" DO NOTHING`,
    [count, [...dueKinds], round],
  );
}
