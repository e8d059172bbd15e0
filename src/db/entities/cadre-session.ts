import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * A cadre's signed-in session (the workspace's one sign-in), in the database so
 * that every instance knows it, a sign-out ends it everywhere and a restart keeps it.
 */
@Entity("cadre_sessions")
// What the sweep deletes by: the idle expiry is never later than the absolute one, so it alone says a session is over.
@Index("IDX_cadre_sessions_idle_expires", ["idleExpiresAt"])
export class CadreSessionRecord {
  /** SHA-256 of the token: the table never holds a usable token. Also the session's id between instances. */
  @PrimaryColumn({ name: "token_hash", type: "text" })
  tokenHash!: string;

  @Column({ name: "cadre_id", type: "text" })
  cadreId!: string;

  /** The account signed in with (the web chat shows the cadre's chats by it). */
  @Column({ type: "text" })
  account!: string;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  /** Moved at most once a minute, so a busy page does not write on every request. */
  @Column({ name: "last_seen_at", type: "timestamptz" })
  lastSeenAt!: Date;

  /** Last seen plus the idle limit, at most `expiresAt`. */
  @Column({ name: "idle_expires_at", type: "timestamptz" })
  idleExpiresAt!: Date;

  /** Creation plus the absolute limit (12 hours): however active, the session ends then. */
  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt!: Date;
}
