import type { Queryable } from "../tx";
import { execute } from "./rows";

/**
 * instances: one row per running process, kept fresh by its heartbeat. Times are the database's
 * (now()), never a process's clock: instances on machines whose clocks disagree still agree on
 * who is alive. An instance is alive while its heartbeat is younger than the deployment's
 * "dead after" (src/cluster/instance.ts); what is written here is only when it last said so.
 */

export interface InstanceInfo {
  id: string;
  host: string;
  pid: number;
  startedAt: Date;
}

/**
 * Says the instance is alive now. An upsert, so the first heartbeat registers it and one whose
 * row was removed (taken for dead after a long stall) comes back.
 */
export async function heartbeat(q: Queryable, instance: InstanceInfo): Promise<void> {
  await execute(
    q,
    `INSERT INTO instances (id, host, pid, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
    [instance.id, instance.host, instance.pid, instance.startedAt],
  );
}

/** A graceful stop: the others need not wait for the heartbeat to go stale. */
export async function removeInstance(q: Queryable, id: string): Promise<void> {
  await execute(q, `DELETE FROM instances WHERE id = $1`, [id]);
}

/** Forgets every other instance: for a process that knows it is alone on its database (the embedded one, locked to one process). */
export async function removeOthers(q: Queryable, id: string): Promise<void> {
  await execute(q, `DELETE FROM instances WHERE id <> $1`, [id]);
}

/** Forgets instances dead for longer than `seconds` (crashed ones leave their row behind), so the table stays as small as the cluster. */
export async function forgetDead(q: Queryable, seconds: number): Promise<void> {
  await execute(q, `DELETE FROM instances WHERE heartbeat_at < now() - make_interval(secs => $1)`, [seconds]);
}
