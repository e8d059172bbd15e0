import { z } from "zod";
import type { Queryable } from "../tx";
import { col, execute, queryRows } from "./rows";

/**
 * leases: one row per lease name, naming the instance that holds it. A lease has no time of its
 * own: it is held for as long as its holder is alive (its heartbeat in `instances` is younger
 * than `deadAfterSeconds`), and any instance may take it from a holder that is not. The taking
 * is one upsert, so of several instances trying at once exactly one gets it.
 */

/**
 * Takes the lease if it is free or its holder is dead, keeps it if `instanceId` holds it, and
 * returns who holds it now. Taking it clears what the previous holder published.
 */
export async function acquireLease(q: Queryable, name: string, instanceId: string, deadAfterSeconds: number): Promise<string> {
  const rows = await queryRows(
    q,
    `WITH taken AS (
       INSERT INTO leases (name, holder, acquired_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, status = NULL
       WHERE leases.holder <> EXCLUDED.holder
         AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = leases.holder AND i.heartbeat_at > now() - make_interval(secs => $3))
       RETURNING holder
     )
     SELECT holder FROM taken
     UNION ALL
     SELECT holder FROM leases WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM taken)`,
    [name, instanceId, deadAfterSeconds],
    z.object({ holder: col.text }),
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`lease ${name}: no row after taking it`);
  return row.holder;
}

/** Gives the lease up (a graceful stop), if `instanceId` still holds it: the next instance need not wait for this one to look dead. */
export async function releaseLease(q: Queryable, name: string, instanceId: string): Promise<void> {
  await execute(q, `DELETE FROM leases WHERE name = $1 AND holder = $2`, [name, instanceId]);
}

/** Stores what the holder shares with the others; false if `instanceId` no longer holds the lease (nothing is written then). */
export async function publishLeaseStatus(q: Queryable, name: string, instanceId: string, status: unknown): Promise<boolean> {
  const rows = await queryRows(
    q,
    `UPDATE leases SET status = $3::jsonb WHERE name = $1 AND holder = $2 RETURNING name`,
    [name, instanceId, JSON.stringify(status)],
    z.object({ name: col.text }),
  );
  return rows.length > 0;
}

/** What the lease's holder last published, if its holder is alive; undefined otherwise. */
export async function readLeaseStatus(q: Queryable, name: string, deadAfterSeconds: number): Promise<unknown> {
  const rows = await queryRows(
    q,
    `SELECT l.status FROM leases l JOIN instances i ON i.id = l.holder
     WHERE l.name = $1 AND i.heartbeat_at > now() - make_interval(secs => $2)`,
    [name, deadAfterSeconds],
    z.object({ status: z.unknown() }),
  );
  const status = rows[0]?.status;
  return status === null ? undefined : status;
}
