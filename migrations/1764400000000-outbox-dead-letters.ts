import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Dead letters: a message that cannot be sent (refused by the platform, failing the same
 * unexplained way again and again, or too old) is set aside with status 'dead' instead of being
 * retried forever at the head of its chat's queue, where it held back every later message to
 * that chat. The columns keep what an operator needs to judge it (how often it failed for no
 * known reason, the first error beside the last, when and why it was set aside), and when an
 * operator sent it again, since its age counts from then.
 */
export class OutboxDeadLetters1764400000000 implements MigrationInterface {
  name = "OutboxDeadLetters1764400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox" ADD "failures" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "outbox" ADD "first_error" text`);
    await q.query(`ALTER TABLE "outbox" ADD "dead_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "outbox" ADD "dead_reason" text`);
    await q.query(`ALTER TABLE "outbox" ADD "retried_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE INDEX "IDX_outbox_dead" ON "outbox" ("channel", "id") WHERE "status" = 'dead'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_outbox_dead"`);
    await q.query(`ALTER TABLE "outbox" DROP COLUMN "retried_at"`);
    await q.query(`ALTER TABLE "outbox" DROP COLUMN "dead_reason"`);
    await q.query(`ALTER TABLE "outbox" DROP COLUMN "dead_at"`);
    await q.query(`ALTER TABLE "outbox" DROP COLUMN "first_error"`);
    await q.query(`ALTER TABLE "outbox" DROP COLUMN "failures"`);
  }
}
