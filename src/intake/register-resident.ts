import type { EntityManager } from "typeorm";
import type { Locale } from "../config/schema";
import { Resident, type ResidentChannel } from "../db/entities/resident";

/**
 * Finds or registers a resident by channel and account. The insert tolerates a concurrent first
 * message from the same person (or a concurrent filing by another system for the same account).
 */
export async function registerResident(
  tx: EntityManager,
  fields: { channel: ResidentChannel; accountId: string; displayName: string | null; locale: Locale },
): Promise<{ resident: Resident; isNew: boolean }> {
  const inserted = await tx.createQueryBuilder().insert().into(Resident).values(fields).orIgnore().returning("id").execute();
  const resident = await tx.findOneByOrFail(Resident, { channel: fields.channel, accountId: fields.accountId });
  return { resident, isNew: inserted.raw.length > 0 };
}
