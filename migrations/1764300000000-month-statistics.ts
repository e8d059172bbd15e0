import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The statistics by month group a million cases by their month in the county's time zone, an
 * expression PostgreSQL keeps no statistics for: it guessed a million months, sorted every case
 * to disk and compiled the query (JIT) for two seconds. Statistics on the expression tell it
 * there are a dozen, and it aggregates in memory, in parallel (1.8 s → 0.8 s over a million
 * cases). They are for Asia/Shanghai, China's one zone and the demo's: a deployment in another
 * zone gets the same figures, planned from the guess.
 */
export class MonthStatistics1764300000000 implements MigrationInterface {
  name = "MonthStatistics1764300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE STATISTICS "STAT_cases_month_shanghai" ON (date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')) FROM "cases"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP STATISTICS "STAT_cases_month_shanghai"`);
  }
}
