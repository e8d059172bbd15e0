import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * A running Minqing process, as the others on the database see it: alive while its heartbeat is
 * fresh (see src/cluster/instance.ts). A graceful stop deletes the row; a crash leaves it to go
 * stale, and what the process held (outbox claims, leases) is taken over once it has.
 */
@Entity("instances")
export class InstanceRow {
  /** Random at each start: a restarted process is a new instance, and its old claims count as dead. */
  @PrimaryColumn({ type: "text" })
  id!: string;

  @Column({ type: "text" })
  host!: string;

  @Column({ type: "integer" })
  pid!: number;

  @Column({ name: "started_at", type: "timestamptz" })
  startedAt!: Date;

  /** The database's clock at the last heartbeat, so instances on machines whose clocks disagree still agree. */
  @Column({ name: "heartbeat_at", type: "timestamptz" })
  heartbeatAt!: Date;
}
