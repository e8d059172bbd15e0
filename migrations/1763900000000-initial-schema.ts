import type { MigrationInterface, QueryRunner } from "typeorm";

/** Residents, their conversations and cases with timelines; the inbound log and the outbox. */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = "InitialSchema1763900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "cases" ("id" SERIAL NOT NULL, "number" text NOT NULL, "resident_id" integer NOT NULL, "channel" text NOT NULL, "chat_id" text NOT NULL, "text" text NOT NULL, "photos" jsonb NOT NULL DEFAULT '[]', "location" jsonb, "category_id" text NOT NULL, "community_id" text, "urgent" boolean NOT NULL DEFAULT false, "department_id" text NOT NULL, "cadre_id" text NOT NULL, "state" text NOT NULL, "rating" smallint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answer_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "first_answer_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "UQ_cases_number" ON "cases" ("number") `);
    await q.query(`CREATE INDEX "IDX_cases_department_state" ON "cases" ("department_id", "state") `);
    await q.query(`CREATE INDEX "IDX_cases_resident" ON "cases" ("resident_id") `);
    await q.query(`CREATE TABLE "case_events" ("id" SERIAL NOT NULL, "case_id" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "type" text NOT NULL, "actor_kind" text NOT NULL, "actor_id" text, "public" boolean NOT NULL, "body" text, "data" jsonb, CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_case_events_case" ON "case_events" ("case_id", "id") `);
    await q.query(`CREATE TABLE "case_number_counters" ("day" text NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_d9282e75b219a5ed2e8e4173f73" PRIMARY KEY ("day"))`);
    await q.query(`CREATE TABLE "chat_moves" ("channel" text NOT NULL, "from_chat_id" text NOT NULL, "to_chat_id" text NOT NULL, "moved_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_12a785351253322fb3e7afe0f35" PRIMARY KEY ("channel", "from_chat_id"))`);
    await q.query(`CREATE TABLE "conversations" ("resident_id" integer NOT NULL, "step" text NOT NULL, "draft" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f23391afe660ef5ec4178bb3ff3" PRIMARY KEY ("resident_id"))`);
    await q.query(`CREATE TABLE "inbound_messages" ("id" SERIAL NOT NULL, "channel" text NOT NULL, "delivery_id" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "payload" jsonb NOT NULL, "status" text NOT NULL, CONSTRAINT "UQ_inbound_delivery" UNIQUE ("channel", "delivery_id"), CONSTRAINT "PK_4f21d40ad47ab9702cb1ee64590" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "outbox" ("id" SERIAL NOT NULL, "channel" text NOT NULL, "chat_id" text NOT NULL, "payload" jsonb NOT NULL, "case_id" integer, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "message_id" text, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_outbox_sent_message" ON "outbox" ("channel", "chat_id", "message_id") WHERE "message_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_outbox_pending_chat" ON "outbox" ("channel", "chat_id", "id") WHERE "status" = 'pending'`);
    await q.query(`CREATE INDEX "IDX_outbox_due" ON "outbox" ("next_attempt_at") WHERE "status" = 'pending'`);
    await q.query(`CREATE TABLE "residents" ("id" SERIAL NOT NULL, "channel" text NOT NULL, "account_id" text NOT NULL, "display_name" text, "locale" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_residents_account" UNIQUE ("channel", "account_id"), CONSTRAINT "PK_4c8d0413ee0e9a4ebbf500f7365" PRIMARY KEY ("id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_events"`);
    await q.query(`DROP TABLE "cases"`);
    await q.query(`DROP TABLE "case_number_counters"`);
    await q.query(`DROP TABLE "chat_moves"`);
    await q.query(`DROP TABLE "conversations"`);
    await q.query(`DROP TABLE "inbound_messages"`);
    await q.query(`DROP TABLE "outbox"`);
    await q.query(`DROP TABLE "residents"`);
  }
}
