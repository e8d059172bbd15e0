import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Several instances on one database: each running process has a row it keeps fresh (its
 * heartbeat), what must run once per deployment (Telegram's polling, WeChat's login) is a lease
 * held by one live instance, and an outbox claim names the instance that made it, so that a
 * claim whose instance died is taken over at once rather than when its time lease runs out.
 */
export class InstancesAndLeases1764700000000 implements MigrationInterface {
  name = "InstancesAndLeases1764700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "instances" ("id" text NOT NULL, "host" text NOT NULL, "pid" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "heartbeat_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_11862209053330b4765f7f54178" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "leases" ("name" text NOT NULL, "holder" text NOT NULL, "acquired_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" jsonb, CONSTRAINT "PK_8f564523b661f9e2648c3377687" PRIMARY KEY ("name"))`);
    await q.query(`ALTER TABLE "outbox" ADD "claimed_by" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox" DROP COLUMN "claimed_by"`);
    await q.query(`DROP TABLE "leases"`);
    await q.query(`DROP TABLE "instances"`);
  }
}
