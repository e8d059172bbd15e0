import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * A one-time sign-in link for the dashboard that the bot sent to a cadre's private chat. Kept in
 * the database, not in memory, so whichever instance handled the cadre's command, any instance
 * can redeem it, and it is written in the same transaction as the message carrying it.
 */
@Entity("login_links")
@Index("IDX_login_links_expires", ["expiresAt"])
export class LoginLink {
  /** SHA-256 of the token: the table never holds a usable link. */
  @PrimaryColumn({ name: "token_hash", type: "text" })
  tokenHash!: string;

  @Column({ name: "cadre_id", type: "text" })
  cadreId!: string;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt!: Date;

  @Column({ name: "used_at", type: "timestamptz", nullable: true })
  usedAt!: Date | null;
}
