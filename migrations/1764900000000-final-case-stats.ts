import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The statistics of cases in a final state, added up per local day of filing, department,
 * community and category (src/db/repositories/final-case-stats-repository.ts keeps them, in the
 * transaction of every change of a final case), so the dashboard's statistics over a million cases
 * read a few thousand sums and count only the open cases live. Timings are kept as exact
 * microseconds: a float added and taken away again and again would drift.
 *
 * `case_stats_basis` says what the sums were made for: the deployment's time zone (days are its
 * days) and a fingerprint of the definitions that counted them. A start with another zone or other
 * definitions makes them again. This migration fills them for Asia/Shanghai (China's one zone, the
 * demo's) with the definitions of its day, written out here so that it stays what it was.
 * `NULLS NOT DISTINCT` (PostgreSQL 15): the cases that name no community share one row per day.
 */
export class FinalCaseStats1764900000000 implements MigrationInterface {
  name = "FinalCaseStats1764900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "case_stats_daily" ("day" date NOT NULL, "department_id" text NOT NULL, "community_id" text, "category_id" text NOT NULL,
        "filed" integer NOT NULL, "people" integer NOT NULL, "matters" integer NOT NULL, "response_counted" integer NOT NULL,
        "answered_in_time" integer NOT NULL, "owed" integer NOT NULL, "resolved" integer NOT NULL, "rated" integer NOT NULL,
        "satisfied" integer NOT NULL, "accepted" integer NOT NULL, "accept_micros" bigint NOT NULL, "answered" integer NOT NULL,
        "answer_micros" bigint NOT NULL, "finished" integer NOT NULL, "finish_micros" bigint NOT NULL,
        CONSTRAINT "UQ_case_stats_daily_key" UNIQUE NULLS NOT DISTINCT ("day", "department_id", "community_id", "category_id"))`,
    );
    await q.query(
      `CREATE TABLE "case_stats_basis" ("id" boolean PRIMARY KEY DEFAULT TRUE CHECK ("id"), "time_zone" text NOT NULL, "fingerprint" text NOT NULL)`,
    );
    await q.query(
      `INSERT INTO case_stats_daily (day, department_id, community_id, category_id, filed, people, matters, response_counted, answered_in_time, owed, resolved, rated, satisfied, accepted, accept_micros, answered, answer_micros, finished, finish_micros)
       SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, c.department_id, c.community_id, c.category_id,
         count(*),
         sum(1 + c.repeats),
         count(*) FILTER (WHERE c.lead_case_id IS NULL),
         count(*) FILTER (WHERE ${respondedSettled}),
         count(*) FILTER (WHERE ${respondedSettled} AND ${answeredAt} <= c.answer_due_at),
         count(*) FILTER (WHERE c.state NOT IN ('rejected', 'withdrawn', 'merged')),
         count(*) FILTER (WHERE c.state NOT IN ('rejected', 'withdrawn', 'merged') AND c.resolved_at IS NOT NULL),
         count(c.rating),
         count(*) FILTER (WHERE c.rating > 2),
         count(c.accepted_at), coalesce(sum(${micros("c.accepted_at")}), 0),
         count(c.first_answer_at), coalesce(sum(${micros("c.first_answer_at")}), 0),
         count(c.resolved_at), coalesce(sum(${micros("c.resolved_at")}), 0)
       FROM cases c WHERE c.state NOT IN ('submitted', 'accepted', 'in_progress')
       GROUP BY 1, 2, 3, 4`,
    );
    await q.query(`INSERT INTO case_stats_basis (id, time_zone, fingerprint) VALUES (TRUE, 'Asia/Shanghai', '${FINGERPRINT}')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_stats_basis"`);
    await q.query(`DROP TABLE "case_stats_daily"`);
  }
}

/** The fingerprint of the definitions this migration counts with (finalCaseStatsFingerprint of its day). */
const FINGERPRINT = "c3790465e3d4edb8";
const answeredAt = `coalesce(c.first_answer_at, CASE WHEN c.state = 'rejected' THEN c.closed_at END)`;
/** Answered, or its deadline passed before it was closed (not merged: the lead answers for it). */
const respondedSettled = `(c.state <> 'merged' AND (${answeredAt} IS NOT NULL OR c.answer_due_at <= coalesce(c.closed_at, 'infinity')))`;
const micros = (column: string) => `((extract(epoch FROM ${column}) - extract(epoch FROM c.created_at)) * 1000000)::bigint`;
