import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Attachment, ChannelName, GeoLocation } from "../../channels/port";
import type { CaseState } from "../../cases/state-machine";

@Entity("cases")
@Index("IDX_cases_resident", ["residentId"])
@Index("IDX_cases_department_state", ["departmentId", "state"])
export class Case {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  /** Readable aloud over the phone: MQ-20261123-0042. */
  @Index("UQ_cases_number", { unique: true })
  @Column({ type: "text" })
  number!: string;

  @Column({ name: "resident_id", type: "integer" })
  residentId!: number;

  /** Where updates go: the channel and chat the resident used. */
  @Column({ type: "text" })
  channel!: ChannelName;

  @Column({ name: "chat_id", type: "text" })
  chatId!: string;

  @Column({ type: "text" })
  text!: string;

  @Column({ type: "jsonb", default: () => "'[]'" })
  photos!: Attachment[];

  @Column({ type: "jsonb", nullable: true })
  location!: GeoLocation | null;

  @Column({ name: "category_id", type: "text" })
  categoryId!: string;

  @Column({ name: "community_id", type: "text", nullable: true })
  communityId!: string | null;

  @Column({ type: "boolean", default: false })
  urgent!: boolean;

  @Column({ name: "department_id", type: "text" })
  departmentId!: string;

  @Column({ name: "cadre_id", type: "text" })
  cadreId!: string;

  @Column({ type: "text" })
  state!: CaseState;

  @Column({ type: "smallint", nullable: true })
  rating!: number | null;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @Column({ name: "answer_due_at", type: "timestamptz" })
  answerDueAt!: Date;

  @Column({ name: "accepted_at", type: "timestamptz", nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: "first_answer_at", type: "timestamptz", nullable: true })
  firstAnswerAt!: Date | null;

  @Column({ name: "resolved_at", type: "timestamptz", nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: "closed_at", type: "timestamptz", nullable: true })
  closedAt!: Date | null;

  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
