import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Repeat appeals (信访工作条例 第二十条): a case counts the times its resident reported it again
 * (`repeats`, added to it as 补充 rather than filed anew), and a case a cadre merged into another
 * resident's case on the same matter names that lead case (`lead_case_id`; its state is 'merged').
 * So statistics count people (人次: cases and their repeats) apart from matters (件: cases not
 * merged into another). The index serves the lookup at every filing: the open cases of a category
 * and community filed lately, one of which may be the same matter.
 */
export class RepeatsAndMerges1764800000000 implements MigrationInterface {
  name = "RepeatsAndMerges1764800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "repeats" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "cases" ADD "lead_case_id" integer`);
    await q.query(`CREATE INDEX "IDX_cases_lead" ON "cases" ("lead_case_id") WHERE "lead_case_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_cases_open_matter" ON "cases" ("category_id", "community_id", "created_at") WHERE "state" IN ('submitted', 'accepted', 'in_progress')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_cases_open_matter"`);
    await q.query(`DROP INDEX "IDX_cases_lead"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "lead_case_id"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "repeats"`);
  }
}
