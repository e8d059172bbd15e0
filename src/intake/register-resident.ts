import type { EntityManager } from "typeorm";
import type { Locale } from "../config/schema";
import { Resident, type ResidentChannel } from "../db/entities/resident";

interface ResidentRow {
  id: number;
  channel: ResidentChannel;
  account_id: string;
  display_name: string | null;
  locale: Locale;
  created_at: Date;
  is_new: boolean;
}

/**
 * Finds or registers a resident by channel and account, in one statement (every message a
 * resident sends starts here). The insert tolerates a concurrent first message from the same
 * person (or a concurrent filing by another system for the same account): when the other one
 * committed after this statement began, neither half sees the row, and it is read again.
 */
export async function registerResident(
  tx: EntityManager,
  fields: { channel: ResidentChannel; accountId: string; displayName: string | null; locale: Locale },
): Promise<{ resident: Resident; isNew: boolean }> {
  const rows: ResidentRow[] = await tx.query(
    `WITH inserted AS (
       INSERT INTO residents (channel, account_id, display_name, locale) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id, channel, account_id, display_name, locale, created_at
     )
     SELECT *, true AS is_new FROM inserted
     UNION ALL
     SELECT id, channel, account_id, display_name, locale, created_at, false FROM residents WHERE channel = $1 AND account_id = $2`,
    [fields.channel, fields.accountId, fields.displayName, fields.locale],
  );
  const row = rows[0];
  if (!row) return { resident: await tx.findOneByOrFail(Resident, { channel: fields.channel, accountId: fields.accountId }), isNew: false };
  const resident = tx.create(Resident, {
    id: row.id,
    channel: row.channel,
    accountId: row.account_id,
    displayName: row.display_name,
    locale: row.locale,
    createdAt: row.created_at,
  });
  return { resident, isNew: row.is_new };
}
