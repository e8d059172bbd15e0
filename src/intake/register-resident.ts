import type { Locale } from "../config/schema";
import type { Resident, ResidentChannel } from "../db/entities/resident";
import { findOrRegister } from "../db/repositories/resident-repository";
import type { Tx } from "../db/tx";

/**
 * Finds or registers a resident by channel and account (every message a resident sends starts
 * here). One statement that tolerates a concurrent first message from the same person: see
 * src/db/repositories/resident-repository.ts.
 */
export async function registerResident(
  tx: Tx,
  fields: { channel: ResidentChannel; accountId: string; displayName: string | null; locale: Locale },
): Promise<{ resident: Resident; isNew: boolean }> {
  return findOrRegister(tx, fields);
}
