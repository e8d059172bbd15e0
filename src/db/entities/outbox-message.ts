import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { ChannelName, OutboundMessage } from "../../channels/port";

export type OutboxStatus = "pending" | "sent" | "failed";

/** A message waiting to be sent, written in the same transaction as the change that caused it. */
@Entity("outbox")
@Index("IDX_outbox_due", ["nextAttemptAt"], { where: `"status" = 'pending'` })
// Finds the oldest pending message of each chat: messages to one chat go out in order.
@Index("IDX_outbox_pending_chat", ["channel", "chatId", "id"], { where: `"status" = 'pending'` })
@Index("IDX_outbox_sent_message", ["channel", "chatId", "messageId"], { where: `"message_id" IS NOT NULL` })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column({ type: "text" })
  channel!: ChannelName;

  @Column({ name: "chat_id", type: "text" })
  chatId!: string;

  @Column({ type: "jsonb" })
  payload!: Omit<OutboundMessage, "chatId">;

  /** The case this message is about: a reply to it in a group acts on that case. */
  @Column({ name: "case_id", type: "integer", nullable: true })
  caseId!: number | null;

  @Column({ type: "text" })
  status!: OutboxStatus;

  @Column({ type: "integer", default: 0 })
  attempts!: number;

  @Column({ name: "next_attempt_at", type: "timestamptz" })
  nextAttemptAt!: Date;

  /** A lease: the instance sending this row holds it until then. */
  @Column({ name: "locked_until", type: "timestamptz", nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: "last_error", type: "text", nullable: true })
  lastError!: string | null;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @Column({ name: "sent_at", type: "timestamptz", nullable: true })
  sentAt!: Date | null;

  /** The platform's id of the sent message. */
  @Column({ name: "message_id", type: "text", nullable: true })
  messageId!: string | null;
}
