import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/** An address a cadre signed in from: it is not slowed down when their account is under attack from elsewhere. */
@Entity("login_trusted")
@Index("IDX_login_trusted_signed_in", ["signedInAt"])
export class LoginTrust {
  /** SHA-256 of the account name, as in login_failures. */
  @PrimaryColumn({ name: "account_hash", type: "text" })
  accountHash!: string;

  @PrimaryColumn({ type: "text" })
  address!: string;

  @Column({ name: "signed_in_at", type: "timestamptz" })
  signedInAt!: Date;
}
