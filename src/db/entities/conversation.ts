import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import type { Draft, IntakeStep } from "../../vocabulary/draft";

/** Where a resident is in the intake dialogue, so a restart does not lose a half-told appeal. */
@Entity("conversations")
export class Conversation {
  @PrimaryColumn({ name: "resident_id", type: "integer" })
  residentId!: number;

  @Column({ type: "text" })
  step!: IntakeStep;

  @Column({ type: "jsonb" })
  draft!: Draft;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
