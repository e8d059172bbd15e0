import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * For the dashboard: indexes the ledger and the statistics filter and sort by, a free-text index
 * that works for Chinese, and the one-time sign-in links the bot sends to cadres.
 */
export class LedgerAndSignIn1764200000000 implements MigrationInterface {
  name = "LedgerAndSignIn1764200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_cases_created" ON "cases" ("created_at", "id")`);
    await q.query(`CREATE INDEX "IDX_cases_department_created" ON "cases" ("department_id", "created_at")`);
    await q.query(`CREATE INDEX "IDX_cases_open_due" ON "cases" ("answer_due_at") WHERE "state" IN ('submitted', 'accepted', 'in_progress')`);
    // Chinese has no spaces between words and most search terms are two characters (路灯, 欠薪),
    // too short for pg_trgm's trigrams; the set of a text's two-character pieces, in a GIN
    // index, finds candidates for any term of two or more characters. Plain SQL, so PostgreSQL
    // and the embedded database need no extension. The query checks the whole term after.
    await q.query(
      `CREATE FUNCTION minqing_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
         SELECT coalesce(array_agg(DISTINCT substr(s, i, 2)), '{}')
         FROM (SELECT lower(t) AS s) AS x, generate_series(1, char_length(s) - 1) AS i
       $$`,
    );
    await q.query(`CREATE INDEX "IDX_cases_text_bigrams" ON "cases" USING gin (minqing_bigrams("text"))`);
    await q.query(`CREATE TABLE "login_links" ("token_hash" text NOT NULL, "cadre_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_497c8a1636158bbb8e990ba050a" PRIMARY KEY ("token_hash"))`);
    await q.query(`CREATE INDEX "IDX_login_links_expires" ON "login_links" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_links"`);
    await q.query(`DROP INDEX "IDX_cases_text_bigrams"`);
    await q.query(`DROP FUNCTION minqing_bigrams(text)`);
    await q.query(`DROP INDEX "IDX_cases_open_due"`);
    await q.query(`DROP INDEX "IDX_cases_department_created"`);
    await q.query(`DROP INDEX "IDX_cases_created"`);
  }
}
