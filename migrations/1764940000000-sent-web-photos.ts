import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A web photo is "sent" once a message of the web chat names it (src/web-chat/web-chat-history.ts
 * marks it in the same transaction); one uploaded and never sent is deleted after a grace period.
 * The partial index keeps that search to the unsent ones, however many photos the cases hold.
 * Photos already named by a message or a case count as sent from their upload.
 */
export class SentWebPhotos1764940000000 implements MigrationInterface {
  name = "SentWebPhotos1764940000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "web_photos" ADD "sent_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `UPDATE "web_photos" p SET "sent_at" = p."created_at"
       WHERE EXISTS (SELECT 1 FROM "web_chat_messages" m WHERE m."photo"->>'fileId' = p."id")
          OR EXISTS (SELECT 1 FROM "cases" c WHERE c."photos" @> jsonb_build_array(jsonb_build_object('fileId', p."id")))
          OR EXISTS (SELECT 1 FROM "case_events" e WHERE e."type" = 'supplement' AND strpos(e."data"->>'photos', p."id") > 0)`,
    );
    await q.query(`CREATE INDEX "IDX_web_photos_unsent" ON "web_photos" ("created_at") WHERE "sent_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_web_photos_unsent"`);
    await q.query(`ALTER TABLE "web_photos" DROP COLUMN "sent_at"`);
  }
}
