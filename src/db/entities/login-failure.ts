import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * Wrong passwords for one typed account name from one client address (src/auth/login-throttle.ts
 * reads them per address and per account), shared by every instance and kept across restarts.
 */
@Entity("login_failures")
@Index("IDX_login_failures_address", ["address", "lastAt"])
@Index("IDX_login_failures_last", ["lastAt"])
export class LoginFailure {
  /** SHA-256 of the name typed, known or not: people type their password into the account field. */
  @PrimaryColumn({ name: "account_hash", type: "text" })
  accountHash!: string;

  @PrimaryColumn({ type: "text" })
  address!: string;

  /** Wrong passwords since the count last started again (a window after the previous one). */
  @Column({ type: "integer" })
  failures!: number;

  @Column({ name: "last_at", type: "timestamptz" })
  lastAt!: Date;
}
