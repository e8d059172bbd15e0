import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The web chats' history, in the database instead of each process's memory, so a restart or
 * another instance shows the same chat. Its sequence numbers the messages (the event stream's id,
 * and the message id "w" + base 36).
 *
 * Until now those numbers started from the process's clock in microseconds (≈ 1.7e15). A page
 * left open across the upgrade still holds such a number as `after` and drops anything numbered
 * below it, and the core holds ids made from them to map replies. So the sequence starts above
 * every number a clock-based run can have made: the clock now, in microseconds, plus 10^12 (11.6
 * days), for a machine whose clock ran ahead. That leaves ≈ 7e15 numbers below
 * Number.MAX_SAFE_INTEGER, which the pages can still count exactly.
 */
export class WebChatHistory1764500000000 implements MigrationInterface {
  name = "WebChatHistory1764500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "web_chat_messages" ("seq" BIGSERIAL NOT NULL, "chat_id" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "sender" jsonb NOT NULL, "text" text NOT NULL, "buttons" jsonb, "mentions" jsonb, "reply_to_message_id" text, "reply_preview" text, "alarm" boolean NOT NULL DEFAULT false, "photo" jsonb, "client_message_id" text, "dedupe_key" text, CONSTRAINT "UQ_web_chat_dedupe" UNIQUE ("chat_id", "dedupe_key"), CONSTRAINT "PK_9c1fc0ff3708397362fc67b9be3" PRIMARY KEY ("seq"))`,
    );
    await q.query(`CREATE INDEX "IDX_web_chat_at" ON "web_chat_messages" ("at")`);
    await q.query(`CREATE INDEX "IDX_web_chat_chat_seq" ON "web_chat_messages" ("chat_id", "seq")`);
    await q.query(`SELECT setval('web_chat_messages_seq_seq', (extract(epoch FROM clock_timestamp()) * 1000000)::bigint + 1000000000000, false)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_web_chat_chat_seq"`);
    await q.query(`DROP INDEX "IDX_web_chat_at"`);
    await q.query(`DROP TABLE "web_chat_messages"`);
  }
}
