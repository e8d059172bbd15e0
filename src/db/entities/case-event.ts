import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { ActorKind, EventData, EventType } from "../../vocabulary/case-record";

export type { ActorKind, EventType } from "../../vocabulary/case-record";

/** One line of a case's append-only timeline: the audit log and the source of every update. */
@Entity("case_events")
@Index("IDX_case_events_case", ["caseId", "id"])
export class CaseEvent {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column({ name: "case_id", type: "integer" })
  caseId!: number;

  @Column({ type: "timestamptz" })
  at!: Date;

  @Column({ type: "text" })
  type!: EventType;

  @Column({ name: "actor_kind", type: "text" })
  actorKind!: ActorKind;

  @Column({ name: "actor_id", type: "text", nullable: true })
  actorId!: string | null;

  /** Whether the resident may see this event (internal notes are not public). */
  @Column({ type: "boolean" })
  public!: boolean;

  @Column({ type: "text", nullable: true })
  body!: string | null;

  @Column({ type: "jsonb", nullable: true })
  data!: EventData | null;
}
