import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * Who runs a part of which a deployment must run only one (Telegram's polling and sending,
 * WeChat's login): the holder keeps it for as long as its instance lives, and another instance
 * takes it once the holder's heartbeat is stale (see src/cluster/lease.ts).
 */
@Entity("leases")
export class LeaseRow {
  /** "telegram", "wechat". */
  @PrimaryColumn({ type: "text" })
  name!: string;

  /** The holding instance's id (instances.id; no foreign key: a dead holder's row may be gone). */
  @Column({ type: "text" })
  holder!: string;

  @Column({ name: "acquired_at", type: "timestamptz" })
  acquiredAt!: Date;

  /** What the holder shares with the other instances (WeChat: its login state, for the login page on any of them). */
  @Column({ type: "jsonb", nullable: true })
  status!: unknown;
}
