import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { ChannelName, OutboundMessage } from "../../channels/port";

/**
 * pending → sent; failed: the recipient blocked the bot (written off); dead: a dead letter, set
 * aside because it cannot be sent (see src/outbox/dead-letter-policy.ts), until an operator
 * sends it again (back to pending) or discards it (discarded).
 */
export type OutboxStatus = "pending" | "sent" | "failed" | "dead" | "discarded";

/** A message waiting to be sent, written in the same transaction as the change that caused it. */
@Entity("outbox")
// Finds the chats with pending messages, each one's oldest and the run behind it: messages to one
// chat go out in order. (No index on the due time: a claim checks it on each chat's head.)
@Index("IDX_outbox_pending_chat", ["channel", "chatId", "id"], { where: `"status" = 'pending'` })
// The dead letters, for the dashboard and /metrics.
@Index("IDX_outbox_dead", ["channel", "id"], { where: `"status" = 'dead'` })
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

  /** Failed tries the channel could not explain (not an outage): bounded by MINQING_OUTBOX_MAX_ATTEMPTS. */
  @Column({ type: "integer", default: 0 })
  failures!: number;

  @Column({ name: "next_attempt_at", type: "timestamptz" })
  nextAttemptAt!: Date;

  /** A lease: the instance sending this row holds it until then. */
  @Column({ name: "locked_until", type: "timestamptz", nullable: true })
  lockedUntil!: Date | null;

  /**
   * The instance that claimed it (instances.id): a claim whose instance is no longer alive is
   * taken over at once, without waiting for `lockedUntil`. Null: never claimed, or claimed
   * before claims named their instance.
   */
  @Column({ name: "claimed_by", type: "text", nullable: true })
  claimedBy!: string | null;

  @Column({ name: "last_error", type: "text", nullable: true })
  lastError!: string | null;

  /** The first failure's error, kept beside the last for whoever looks at a dead letter. */
  @Column({ name: "first_error", type: "text", nullable: true })
  firstError!: string | null;

  /** When it became a dead letter, and why: "refused", "attempts" or "age". */
  @Column({ name: "dead_at", type: "timestamptz", nullable: true })
  deadAt!: Date | null;

  @Column({ name: "dead_reason", type: "text", nullable: true })
  deadReason!: string | null;

  /** When an operator last sent a dead letter again: its age counts from then. */
  @Column({ name: "retried_at", type: "timestamptz", nullable: true })
  retriedAt!: Date | null;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @Column({ name: "sent_at", type: "timestamptz", nullable: true })
  sentAt!: Date | null;

  /** The platform's id of the sent message. */
  @Column({ name: "message_id", type: "text", nullable: true })
  messageId!: string | null;
}
