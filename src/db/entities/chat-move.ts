import { Column, Entity, PrimaryColumn } from "typeorm";
import type { ChannelName } from "../../channels/port";

/** A group that changed id (Telegram group → supergroup); the configured id still names it. */
@Entity("chat_moves")
export class ChatMove {
  @PrimaryColumn({ type: "text" })
  channel!: ChannelName;

  @PrimaryColumn({ name: "from_chat_id", type: "text" })
  fromChatId!: string;

  @Column({ name: "to_chat_id", type: "text" })
  toChatId!: string;

  @Column({ name: "moved_at", type: "timestamptz" })
  movedAt!: Date;
}
