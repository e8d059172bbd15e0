import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written notices (书面告知, 信访工作条例 Art. 23, 34): each notice a case's action issues, kept
 * with the case as the PDF the resident receives, the printable HTML made from the same text and
 * the SHA-256 of each, and numbered per year (one deployment is one county) by a counter whose
 * row lock keeps the numbers gap-free, as case numbers are. Like the timeline, a notice once
 * issued cannot be changed or deleted: the database refuses.
 */
export class WrittenNotices1764970000000 implements MigrationInterface {
  name = "WrittenNotices1764970000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notice_number_counters" ("year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_notice_number_counters" PRIMARY KEY ("year"))`);
    await q.query(
      `CREATE TABLE "notices" ("id" text NOT NULL, "case_id" integer NOT NULL, "kind" text NOT NULL, "year" integer NOT NULL, "serial" integer NOT NULL, "number" text NOT NULL, "html" text NOT NULL, "html_sha256" text NOT NULL, "pdf" bytea NOT NULL, "sha256" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_notices_year_serial" UNIQUE ("year", "serial"), CONSTRAINT "PK_notices" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_notices_case" ON "notices" ("case_id", "issued_at") `);
    await q.query(`
      CREATE FUNCTION notices_unchangeable() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'an issued notice cannot be changed: % refused', TG_OP;
      END;
      $$ LANGUAGE plpgsql`);
    await q.query(`CREATE TRIGGER notices_unchangeable BEFORE UPDATE OR DELETE ON notices FOR EACH ROW EXECUTE FUNCTION notices_unchangeable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notices_unchangeable ON notices`);
    await q.query(`DROP FUNCTION notices_unchangeable()`);
    await q.query(`DROP INDEX "IDX_notices_case"`);
    await q.query(`DROP TABLE "notices"`);
    await q.query(`DROP TABLE "notice_number_counters"`);
  }
}
