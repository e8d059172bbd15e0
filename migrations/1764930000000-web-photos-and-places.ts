import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The web chat's photos and places. A photo a web resident sends is kept here with its SHA-256
 * (the web chat has no platform that keeps it, as Telegram does): one table shared by every
 * instance and backed up with the cases it is evidence for; a retry of the same upload from the
 * same chat is the same photo. A message of the web chat's history may carry the place the
 * resident shared.
 */
export class WebPhotosAndPlaces1764930000000 implements MigrationInterface {
  name = "WebPhotosAndPlaces1764930000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "web_photos" ("id" text NOT NULL, "chat_id" text NOT NULL, "sha256" text NOT NULL, "content_type" text NOT NULL, "size" integer NOT NULL, "bytes" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_web_photos_chat_hash" UNIQUE ("chat_id", "sha256"), CONSTRAINT "PK_209843acd3592efb34d0ef6f2ee" PRIMARY KEY ("id"))`,
    );
    await q.query(`ALTER TABLE "web_chat_messages" ADD "location" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "web_chat_messages" DROP COLUMN "location"`);
    await q.query(`DROP TABLE "web_photos"`);
  }
}
