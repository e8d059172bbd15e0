import { Column, Entity, PrimaryColumn } from "typeorm";

/** A scheduled job's run for one slot ("daily-digest", "2026-11-23"): taken by exactly one instance. */
@Entity("job_runs")
export class JobRun {
  @PrimaryColumn({ type: "text" })
  job!: string;

  @PrimaryColumn({ type: "text" })
  slot!: string;

  @Column({ name: "ran_at", type: "timestamptz" })
  ranAt!: Date;
}
