import { z } from "zod";
import { localeSchema, type Locale } from "../../config/schema";
import { Resident, type ResidentChannel } from "../entities/resident";
import type { Tx } from "../tx";
import { named, queryNamed } from "./named";
import { col, queryRows } from "./rows";

/** residents: a person by channel and account. Their account never leaves this table for a group chat. */

export const residentColumns = {
  id: col.int,
  channel: z.enum(["telegram", "wechat", "web", "api"]),
  account_id: col.text,
  display_name: col.text.nullable(),
  locale: localeSchema,
  created_at: col.date,
};

export function toResident(r: z.infer<z.ZodObject<typeof residentColumns>>): Resident {
  // An instance of the entity, as TypeORM's create() made it: callers may still hand it to TypeORM.
  return Object.assign(new Resident(), { id: r.id, channel: r.channel, accountId: r.account_id, displayName: r.display_name, locale: r.locale, createdAt: r.created_at });
}

const FIND_OR_REGISTER = named(
  "find_or_register_resident",
  `WITH inserted AS (
     INSERT INTO residents (channel, account_id, display_name, locale) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING id, channel, account_id, display_name, locale, created_at
   )
   SELECT *, true AS is_new FROM inserted
   UNION ALL
   SELECT id, channel, account_id, display_name, locale, created_at, false FROM residents WHERE channel = $1 AND account_id = $2`,
);

/**
 * Finds or registers a resident by channel and account, in one statement (every message a
 * resident sends starts here). The insert tolerates a concurrent first message from the same
 * person (or a concurrent filing by another system for the same account): when the other one
 * committed after this statement began, neither half sees the row, and it is read again.
 */
export async function findOrRegister(
  tx: Tx,
  fields: { channel: ResidentChannel; accountId: string; displayName: string | null; locale: Locale },
): Promise<{ resident: Resident; isNew: boolean }> {
  const rows = await queryNamed(
    tx,
    FIND_OR_REGISTER,
    [fields.channel, fields.accountId, fields.displayName, fields.locale],
    z.object({ ...residentColumns, is_new: col.bool }),
  );
  const row = rows[0];
  if (row) return { resident: toResident(row), isNew: row.is_new };
  const again = await findByAccount(tx, fields.channel, fields.accountId);
  if (!again) throw new Error(`resident ${fields.channel}:${fields.accountId} neither inserted nor found`);
  return { resident: again, isNew: false };
}

/** The resident with this account on this channel, or null. */
export async function findByAccount(tx: Tx, channel: ResidentChannel, accountId: string): Promise<Resident | null> {
  const rows = await queryRows(
    tx,
    `SELECT id, channel, account_id, display_name, locale, created_at FROM residents WHERE channel = $1 AND account_id = $2`,
    [channel, accountId],
    z.object(residentColumns),
  );
  const row = rows[0];
  return row ? toResident(row) : null;
}

/** The residents with these ids (those that exist), in no particular order. */
export async function findByIds(tx: Tx, ids: readonly number[]): Promise<Resident[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows(
    tx,
    `SELECT id, channel, account_id, display_name, locale, created_at FROM residents WHERE id = ANY($1::int[])`,
    [[...ids]],
    z.object(residentColumns),
  );
  return rows.map(toResident);
}

/** The resident with this id; a case's resident always exists (a foreign key), so none is an error. */
export async function findById(tx: Tx, id: number): Promise<Resident> {
  const [resident] = await findByIds(tx, [id]);
  if (!resident) throw new Error(`resident ${id} not found`);
  return resident;
}
