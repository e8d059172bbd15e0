import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { ChannelName } from "../../channels/port";
import type { Locale } from "../../config/schema";

/** A person who wrote to the bot. Their account never leaves this table for a group chat. */
@Entity("residents")
@Unique("UQ_residents_account", ["channel", "accountId"])
export class Resident {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column({ type: "text" })
  channel!: ChannelName;

  @Column({ name: "account_id", type: "text" })
  accountId!: string;

  @Column({ name: "display_name", type: "text", nullable: true })
  displayName!: string | null;

  @Column({ type: "text" })
  locale!: Locale;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
