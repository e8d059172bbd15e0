import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * A web resident chat the web chat's limits have let in (src/http/resident-chat/resident-guard.ts): known on
 * every instance, so a resident whose requests land on different instances is a newcomer once,
 * and the rest of an urgent conversation keeps its reserve wherever it lands.
 */
@Entity("web_known_residents")
@Index("IDX_web_known_residents_seen", ["seenAt"])
export class WebKnownResident {
  @PrimaryColumn({ name: "chat_id", type: "text" })
  chatId!: string;

  /** Until when the chat's messages may use the urgent reserve (15 minutes after an urgent one). */
  @Column({ name: "urgent_until", type: "timestamptz", nullable: true })
  urgentUntil!: Date | null;

  /** Moved at most once a day; a chat unseen for long is forgotten and counts as new once more. */
  @Column({ name: "seen_at", type: "timestamptz" })
  seenAt!: Date;
}
