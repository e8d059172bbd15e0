import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { Attachment, Button, GeoLocation, Mention } from "../../channels/port";

/**
 * One message of a web chat (the built-in chat's history), shared by every instance: a reload, a
 * restart or another instance replays it from here. `seq` is both the message's number (the
 * event stream's id, over all chats) and its id ("w" + seq in base 36).
 */
@Entity("web_chat_messages")
// A browser's retry of one post (same chat, same key) is the same message, whichever instance took it.
@Unique("UQ_web_chat_dedupe", ["chatId", "dedupeKey"])
// Replay of a chat's newest messages and the trim to a number per chat.
@Index("IDX_web_chat_chat_seq", ["chatId", "seq"])
// The trim by age.
@Index("IDX_web_chat_at", ["at"])
export class WebChatMessageRecord {
  @PrimaryGeneratedColumn({ type: "bigint" })
  seq!: string;

  @Column({ name: "chat_id", type: "text" })
  chatId!: string;

  @Column({ type: "timestamptz" })
  at!: Date;

  /** Who wrote it: { kind: "bot" | "resident" } or { kind: "cadre", account, name }. */
  @Column({ type: "jsonb" })
  sender!: { kind: string; account?: string; name?: string };

  @Column({ type: "text" })
  text!: string;

  @Column({ type: "jsonb", nullable: true })
  buttons!: Button[][] | null;

  @Column({ type: "jsonb", nullable: true })
  mentions!: Mention[] | null;

  @Column({ name: "reply_to_message_id", type: "text", nullable: true })
  replyToMessageId!: string | null;

  /** The start of the replied-to message, kept with the reply: the quote outlives its message. */
  @Column({ name: "reply_preview", type: "text", nullable: true })
  replyPreview!: string | null;

  @Column({ type: "boolean", default: false })
  alarm!: boolean;

  @Column({ type: "jsonb", nullable: true })
  photo!: Attachment | null;

  /** A place the resident shared (the page asks the browser for it only after they tap 发送位置). */
  @Column({ type: "jsonb", nullable: true })
  location!: GeoLocation | null;

  @Column({ name: "client_message_id", type: "text", nullable: true })
  clientMessageId!: string | null;

  @Column({ name: "dedupe_key", type: "text", nullable: true })
  dedupeKey!: string | null;
}
