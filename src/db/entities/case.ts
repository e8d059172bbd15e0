import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Attachment, GeoLocation } from "../../channels/port";
import type { CaseState } from "../../vocabulary/case-states";
import type { ResidentChannel } from "./resident";

@Entity("cases")
@Index("IDX_cases_resident", ["residentId"])
@Index("IDX_cases_department_state", ["departmentId", "state"])
// The ledger's default order and every statistic's period filter.
@Index("IDX_cases_created", ["createdAt", "id"])
// A handler's ledger and the per-department statistics of a period.
@Index("IDX_cases_department_created", ["departmentId", "createdAt"])
// Overdue lists and backlog: open cases only, a small part of a large table.
@Index("IDX_cases_open_due", ["answerDueAt"], { where: `"state" IN ('submitted', 'accepted', 'in_progress')` })
// A case merged into another (the lead) on the same matter.
@Index("IDX_cases_lead", ["leadCaseId"], { where: `"lead_case_id" IS NOT NULL` })
// At every filing: open cases of the category and community filed lately (the same matter from another resident?).
@Index("IDX_cases_open_matter", ["categoryId", "communityId", "createdAt"], { where: `"state" IN ('submitted', 'accepted', 'in_progress')` })
// Reports about a department (信访工作条例 Art. 30): whether anything is hidden from a viewer.
@Index("IDX_cases_accused", ["accusedDepartmentId", "accusedCadreId"], { where: `"accused_department_id" IS NOT NULL` })
// Free-text search: a GIN index over minqing_bigrams(text), made by migration (TypeORM cannot describe it).
@Index("IDX_cases_text_bigrams", { synchronize: false })
export class Case {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  /** Readable aloud over the phone: MQ-20261123-0042. */
  @Index("UQ_cases_number", { unique: true })
  @Column({ type: "text" })
  number!: string;

  @Column({ name: "resident_id", type: "integer" })
  residentId!: number;

  /** Where updates go: the channel and chat the resident used ("api": nowhere; the filing system reads them). */
  @Column({ type: "text" })
  channel!: ResidentChannel;

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

  /** By when the department must accept or reject it. */
  @Column({ name: "accept_due_at", type: "timestamptz" })
  acceptDueAt!: Date;

  /** By when the resident gets a first answer. */
  @Column({ name: "answer_due_at", type: "timestamptz" })
  answerDueAt!: Date;

  /** By when it must be finished: set on acceptance, moved by an approved extension or a reopening. */
  @Column({ name: "finish_due_at", type: "timestamptz", nullable: true })
  finishDueAt!: Date | null;

  /** The one extension a case may get: requested by a handler, decided by a supervisor. */
  @Column({ name: "extension_state", type: "text", nullable: true })
  extensionState!: "requested" | "approved" | "denied" | null;

  @Column({ name: "extension_days", type: "integer", nullable: true })
  extensionDays!: number | null;

  @Column({ name: "extension_reason", type: "text", nullable: true })
  extensionReason!: string | null;

  /** Reviews (复查) the resident asked for, counted apart from re-handling after a low rating. */
  @Column({ name: "review_count", type: "integer", default: 0 })
  reviewCount!: number;

  /** Times the resident reported this matter again (added as 补充): each a 人次, none a new 件. */
  @Column({ type: "integer", default: 0 })
  repeats!: number;

  /** The case this one was merged into (state 'merged'): the same matter, reported by another resident. */
  @Column({ name: "lead_case_id", type: "integer", nullable: true })
  leadCaseId!: number | null;

  /** A report about a department (信访工作条例 Art. 30): the department it accuses, never to see it. */
  @Column({ name: "accused_department_id", type: "text", nullable: true })
  accusedDepartmentId!: string | null;

  /** The accused department's cadre the report names, if any. */
  @Column({ name: "accused_cadre_id", type: "text", nullable: true })
  accusedCadreId!: string | null;

  /** When the resident last heard about this case, so silence can be noticed. */
  @Column({ name: "resident_notified_at", type: "timestamptz", nullable: true })
  residentNotifiedAt!: Date | null;

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
