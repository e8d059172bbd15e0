import { Column, Entity, PrimaryColumn } from "typeorm";

/** The last notice number issued in a year (the deployment's local calendar): 〔2026〕3号 is the third. */
@Entity("notice_number_counters")
export class NoticeNumberCounter {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "PK_notice_number_counters" })
  year!: number;

  @Column({ type: "integer" })
  last!: number;
}
