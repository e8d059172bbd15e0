import { z } from "zod";
import type { Queryable } from "../tx";
import { col, execute, queryRows } from "./rows";

/** web_known_residents: the web resident chats the web chat's limits have let in (src/http/resident-chat/resident-guard.ts). */

export interface KnownResidentRow {
  urgentUntil: Date | null;
  seenAt: Date;
}

export async function findKnownResident(q: Queryable, chatId: string): Promise<KnownResidentRow | undefined> {
  const [row] = await queryRows(q, `SELECT urgent_until, seen_at FROM web_known_residents WHERE chat_id = $1`, [chatId], z.object({ urgent_until: col.date.nullable(), seen_at: col.date }));
  return row && { urgentUntil: row.urgent_until, seenAt: row.seen_at };
}

export async function rememberKnownResident(q: Queryable, chatId: string, known: KnownResidentRow): Promise<void> {
  await execute(
    q,
    `INSERT INTO web_known_residents (chat_id, urgent_until, seen_at) VALUES ($1, $2, $3)
     ON CONFLICT (chat_id) DO UPDATE SET urgent_until = EXCLUDED.urgent_until, seen_at = EXCLUDED.seen_at`,
    [chatId, known.urgentUntil, known.seenAt],
  );
}

export async function forgetKnownResidentsUnseenSince(q: Queryable, before: Date): Promise<void> {
  await execute(q, `DELETE FROM web_known_residents WHERE seen_at < $1`, [before]);
}
