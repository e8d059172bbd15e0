import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { ChannelName } from "../../channels/port";
import type { Locale } from "../../config/schema";

/**
 * Where a resident can be reached: a chat channel, or "api" for a person another system (a
 * 12345 hotline) filed for through the open API. Such a resident has no chat with the bot: the
 * system that filed reads the progress back from the API.
 */
export type ResidentChannel = ChannelName | "api";

/** A person who wrote to the bot. Their account never leaves this table for a group chat. */
@Entity("residents")
@Unique("UQ_residents_account", ["channel", "accountId"])
export class Resident {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column({ type: "text" })
  channel!: ResidentChannel;

  @Column({ name: "account_id", type: "text" })
  accountId!: string;

  @Column({ name: "display_name", type: "text", nullable: true })
  displayName!: string | null;

  @Column({ type: "text" })
  locale!: Locale;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
