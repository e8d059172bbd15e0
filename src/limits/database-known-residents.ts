import { Occasionally } from "../db/occasionally";
import { findKnownResident, forgetKnownResidentsUnseenSince, rememberKnownResident } from "../db/repositories/web-known-resident-repository";
import type { Queryable } from "../db/tx";

/** A chat unseen this long is forgotten: back after a month, it counts as a newcomer once more. */
const FORGET_AFTER_MS = 30 * 24 * 60 * 60_000;

/**
 * The web residents the web chat's limits let in (the adapter's KnownResidents), in
 * web_known_residents: one read per resident message, a write when a chat is new, turns urgent
 * or was last written a day ago.
 */
export class DatabaseKnownResidents {
  private readonly sweep = new Occasionally(60 * 60_000);

  constructor(private readonly db: Queryable) {}

  async get(chat: string): Promise<{ urgentUntil: number; seenAt: number } | undefined> {
    const row = await findKnownResident(this.db, chat);
    return row && { urgentUntil: row.urgentUntil?.getTime() ?? 0, seenAt: row.seenAt.getTime() };
  }

  /** New residents are few (the limits see to it), so they also carry the sweep of the long unseen. */
  async remember(chat: string, known: { urgentUntil: number; seenAt: number }): Promise<void> {
    await rememberKnownResident(this.db, chat, { urgentUntil: known.urgentUntil > 0 ? new Date(known.urgentUntil) : null, seenAt: new Date(known.seenAt) });
    if (this.sweep.due(known.seenAt)) await forgetKnownResidentsUnseenSince(this.db, new Date(known.seenAt - FORGET_AFTER_MS));
  }
}
