import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from "typeorm";

export const reminderKinds = [
  "accept_soon",
  "accept_overdue",
  "answer_soon",
  "answer_overdue",
  "finish_soon",
  "finish_overdue",
  "resident_update",
  "rating_reminder",
  "close_unrated",
] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/**
 * A nudge planned for a case: what, about which deadline, when. Planned anew at every change
 * of the case; one sent stays, so the same stage of the same deadline is never sent twice.
 */
@Entity("reminders")
@Unique("UQ_reminders_stage", ["caseId", "kind", "targetAt"])
@Index("IDX_reminders_due", ["dueAt"], { where: `"done_at" IS NULL` })
export class Reminder {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column({ name: "case_id", type: "integer" })
  caseId!: number;

  @Column({ type: "text" })
  kind!: ReminderKind;

  /** The deadline (or event) this reminder is about. */
  @Column({ name: "target_at", type: "timestamptz" })
  targetAt!: Date;

  @Column({ name: "due_at", type: "timestamptz" })
  dueAt!: Date;

  @Column({ name: "done_at", type: "timestamptz", nullable: true })
  doneAt!: Date | null;

  /** "sent", or "skipped" when a more pressing reminder for the same case went instead. */
  @Column({ type: "text", nullable: true })
  outcome!: "sent" | "skipped" | null;
}
