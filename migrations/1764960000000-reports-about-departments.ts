import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Reports about a department or an official (信访工作条例 Art. 30): a case records the department
 * it accuses, and the cadre if one is named, so the accused never see it (src/cases/authority.ts).
 * The partial index answers "is anything reported about this department?" at once, since reports
 * are a small part of the cases: the statistics count live only for a viewer something is hidden from.
 */
export class ReportsAboutDepartments1764960000000 implements MigrationInterface {
  name = "ReportsAboutDepartments1764960000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "accused_department_id" text`);
    await q.query(`ALTER TABLE "cases" ADD "accused_cadre_id" text`);
    await q.query(`CREATE INDEX "IDX_cases_accused" ON "cases" ("accused_department_id", "accused_cadre_id") WHERE "accused_department_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_cases_accused"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "accused_cadre_id"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "accused_department_id"`);
  }
}
