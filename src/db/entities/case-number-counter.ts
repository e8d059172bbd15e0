import { Column, Entity, PrimaryColumn } from "typeorm";

/** The last case number issued on a day (in the deployment's time zone). */
@Entity("case_number_counters")
export class CaseNumberCounter {
  @PrimaryColumn({ type: "text" })
  day!: string;

  @Column({ type: "integer" })
  last!: number;
}
