import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * What one rate limiter (say "web.messages") has let in for one key (an address, a sender) within
 * its window, shared by every instance: src/db/repositories/rate-limit-repository.ts says how.
 */
@Entity("rate_limit_counts")
@Index("IDX_rate_limit_counts_expires", ["expiresAt"])
export class RateLimitCount {
  @PrimaryColumn({ type: "text" })
  limiter!: string;

  @PrimaryColumn({ type: "text" })
  key!: string;

  /** The times (ms since the epoch) of the takes let in within the window, oldest first; at most the limit. */
  @Column({ type: "bigint", array: true })
  times!: string[];

  /** Whether the latest take was let in: what the one statement of a take reports back. */
  @Column({ type: "boolean" })
  admitted!: boolean;

  /** When the newest time leaves the window: after this the row says nothing and may be deleted. */
  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt!: Date;
}
