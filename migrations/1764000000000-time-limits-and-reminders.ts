import type { MigrationInterface, QueryRunner } from "typeorm";

/** Deadlines per stage, the one extension, reviews; planned reminders; runs of scheduled jobs. */
export class TimeLimitsAndReminders1764000000000 implements MigrationInterface {
  name = "TimeLimitsAndReminders1764000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "accept_due_at" TIMESTAMP WITH TIME ZONE`);
    // Cases filed before deadlines per stage existed: their answer deadline is the best guess.
    await q.query(`UPDATE "cases" SET "accept_due_at" = "answer_due_at"`);
    await q.query(`ALTER TABLE "cases" ALTER COLUMN "accept_due_at" SET NOT NULL`);
    await q.query(`ALTER TABLE "cases" ADD "finish_due_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "extension_state" text`);
    await q.query(`ALTER TABLE "cases" ADD "extension_days" integer`);
    await q.query(`ALTER TABLE "cases" ADD "extension_reason" text`);
    await q.query(`ALTER TABLE "cases" ADD "review_count" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "cases" ADD "resident_notified_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE TABLE "reminders" ("id" SERIAL NOT NULL, "case_id" integer NOT NULL, "kind" text NOT NULL, "target_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "UQ_reminders_stage" UNIQUE ("case_id", "kind", "target_at"), CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_reminders_due" ON "reminders" ("due_at") WHERE "done_at" IS NULL`);
    await q.query(
      `CREATE TABLE "job_runs" ("job" text NOT NULL, "slot" text NOT NULL, "ran_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5b204dbada7074731013b904105" PRIMARY KEY ("job", "slot"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "job_runs"`);
    await q.query(`DROP TABLE "reminders"`);
    for (const column of ["resident_notified_at", "review_count", "extension_reason", "extension_days", "extension_state", "finish_due_at", "accept_due_at"]) {
      await q.query(`ALTER TABLE "cases" DROP COLUMN "${column}"`);
    }
  }
}
