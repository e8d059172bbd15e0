import { Column, Entity, Index, PrimaryColumn, Unique } from "typeorm";

/**
 * A photo a web resident sent (the web chat has no platform to keep it, as Telegram does). Kept
 * in the database rather than in files: every instance reads the same photos, a backup of the
 * database holds the cases with their evidence, and the embedded database needs no second store.
 * The id is random (it is the photo's file id in the case's attachments, never a URL anyone could
 * guess); the hash makes a browser's retry of the same upload the same photo.
 */
@Entity("web_photos")
@Unique("UQ_web_photos_chat_hash", ["chatId", "sha256"])
@Index("IDX_web_photos_unsent", ["createdAt"], { where: `"sent_at" IS NULL` })
export class WebPhoto {
  @PrimaryColumn({ type: "text" })
  id!: string;

  /** The resident chat it was sent in ("r-<uuid>"): only that chat's cookie may read it back. */
  @Column({ name: "chat_id", type: "text" })
  chatId!: string;

  /** SHA-256 of the bytes, hex. */
  @Column({ type: "text" })
  sha256!: string;

  /** image/jpeg, image/png or image/webp, as its first bytes say (never as the browser claimed). */
  @Column({ name: "content_type", type: "text" })
  contentType!: string;

  @Column({ type: "integer" })
  size!: number;

  @Column({ type: "bytea" })
  bytes!: Buffer;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  /** When a message of the web chat first named it; null: uploaded and never sent, deleted after a grace period (web-chat-history.ts). */
  @Column({ name: "sent_at", type: "timestamptz", nullable: true })
  sentAt!: Date | null;
}
