import { Column, Entity, Index, PrimaryColumn, Unique } from "typeorm";

/**
 * A written notice (告知书, 意见书) issued on a case, as the resident receives it: never changed
 * after it is written (a trigger refuses), its hash also in the timeline event of the action that
 * issued it. The id is random: it is in the resident's link, which works only with their cookie.
 */
@Entity("notices")
@Unique("UQ_notices_year_serial", ["year", "serial"])
@Index("IDX_notices_case", ["caseId", "issuedAt"])
export class Notice {
  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "PK_notices" })
  id!: string;

  @Column({ name: "case_id", type: "integer" })
  caseId!: number;

  /** src/notices/notice-kinds.ts */
  @Column({ type: "text" })
  kind!: string;

  @Column({ type: "integer" })
  year!: number;

  /** Its place in the year's numbering, from 1. */
  @Column({ type: "integer" })
  serial!: number;

  /** The 发文字号 as printed: 〔2026〕3号. */
  @Column({ type: "text" })
  number!: string;

  /** The printable HTML, made from the same text as the PDF. */
  @Column({ type: "text" })
  html!: string;

  @Column({ name: "html_sha256", type: "text" })
  htmlSha256!: string;

  /** The PDF the resident receives. */
  @Column({ type: "bytea" })
  pdf!: Buffer;

  /** SHA-256 of the PDF, hex: the one in the timeline. */
  @Column({ type: "text" })
  sha256!: string;

  @Column({ name: "issued_at", type: "timestamptz" })
  issuedAt!: Date;
}
