import { z } from "zod";
import type { InboundEvent } from "../../channels/port";
import type { Locale } from "../../config/schema";
import type { Resident, ResidentChannel } from "../entities/resident";
import type { Tx } from "../tx";
import { conversationRow, type SavedConversation } from "./conversation-repository";
import { named, queryNamed } from "./named";
import { residentColumns, toResident } from "./resident-repository";
import { col } from "./rows";
import { openStates } from "../../vocabulary/case-states";

/**
 * The first step of a batch of residents' private messages (group commit, issue 13), as one
 * statement instead of four per message: record each message once (the dedupe of
 * inbound-repository.ts, as `handled`), find or register each new message's sender (as
 * resident-repository.ts's findOrRegister does), and read their dialogue (conversations), how
 * many cases they filed in the last hour and whether any of theirs is open or merged into another
 * (most have none, and then a new appeal needs no comparing with them). A batch holds at most one message per sender.
 */

export interface BatchedMessage {
  event: InboundEvent;
  sender: { channel: ResidentChannel; accountId: string; displayName: string | null; locale: Locale };
}

export type RecordedMessage =
  | { fresh: false }
  /** `known` is null when the sender was neither registered nor found (another transaction registering them at this moment): the desk finds them itself. */
  | { fresh: true; known: { resident: Resident; isNew: boolean; conversation: SavedConversation | null; filedSince: number; hasOpenCases: boolean; hasSettledCases: boolean } | null };

const RECORD_BATCH = named(
  "record_resident_messages",
  `WITH input AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
       AS u(channel, delivery_id, payload, account_id, display_name, locale, ord)
   ), recorded AS (
     INSERT INTO inbound_messages (channel, delivery_id, received_at, payload, status)
     SELECT channel, delivery_id, $7, payload, 'handled' FROM input ORDER BY ord
     ON CONFLICT (channel, delivery_id) DO NOTHING RETURNING channel, delivery_id
   ), fresh AS (
     SELECT input.* FROM input JOIN recorded USING (channel, delivery_id)
   ), registered AS (
     INSERT INTO residents (channel, account_id, display_name, locale)
     SELECT channel, account_id, display_name, locale FROM fresh ORDER BY ord
     ON CONFLICT DO NOTHING RETURNING id, channel, account_id, display_name, locale, created_at
   ), sender AS (
     SELECT id, channel, account_id, display_name, locale, created_at, true AS is_new FROM registered
     UNION ALL
     SELECT r.id, r.channel, r.account_id, r.display_name, r.locale, r.created_at, false
     FROM residents r JOIN fresh f ON r.channel = f.channel AND r.account_id = f.account_id
   )
   SELECT f.ord, s.id, s.channel, s.account_id, s.display_name, s.locale, s.created_at, s.is_new,
     c.step, c.draft, c.updated_at AS "updatedAt",
     (SELECT count(*) FROM cases WHERE resident_id = s.id AND created_at > $8) AS filed_since,
     EXISTS (SELECT 1 FROM cases WHERE resident_id = s.id AND state = ANY($9)) AS has_open_cases,
     -- A case past its review and re-review (nextReviewStage in src/cases/actions/review.ts: none after two).
     EXISTS (SELECT 1 FROM cases WHERE resident_id = s.id AND review_count >= 2) AS has_settled_cases
   FROM fresh f
   LEFT JOIN sender s ON s.channel = f.channel AND s.account_id = f.account_id
   LEFT JOIN conversations c ON c.resident_id = s.id
   ORDER BY f.ord`,
);

const nullable = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.nullable()])) as { [K in keyof T]: z.ZodNullable<T[K]> };

const recordedRow = z.object({
  ord: col.int,
  ...nullable(residentColumns),
  is_new: col.bool.nullable(),
  ...nullable(conversationRow.shape),
  filed_since: col.int,
  has_open_cases: col.bool,
  has_settled_cases: col.bool,
});

/** Records the messages and reads their senders, in one statement; one answer per message, in the order given. */
export async function recordResidentMessages(tx: Tx, messages: readonly BatchedMessage[], receivedAt: Date, filedSince: Date): Promise<RecordedMessage[]> {
  const rows = await queryNamed(
    tx,
    RECORD_BATCH,
    [
      messages.map((m) => m.event.channel),
      messages.map((m) => m.event.deliveryId),
      messages.map((m) => JSON.stringify(m.event)),
      messages.map((m) => m.sender.accountId),
      messages.map((m) => m.sender.displayName),
      messages.map((m) => m.sender.locale),
      receivedAt,
      filedSince,
      [...openStates, "merged"],
    ],
    recordedRow,
  );
  const byOrd = new Map(rows.map((r) => [r.ord, r]));
  return messages.map((_, i): RecordedMessage => {
    const r = byOrd.get(i + 1);
    if (!r) return { fresh: false };
    if (r.id === null || r.channel === null || r.account_id === null || r.locale === null || r.created_at === null || r.is_new === null) return { fresh: true, known: null };
    const resident = toResident({ id: r.id, channel: r.channel, account_id: r.account_id, display_name: r.display_name, locale: r.locale, created_at: r.created_at });
    const conversation = r.step !== null && r.draft !== null && r.updatedAt !== null ? { step: r.step, draft: r.draft, updatedAt: r.updatedAt } : null;
    return { fresh: true, known: { resident, isNew: r.is_new, conversation, filedSince: r.filed_since, hasOpenCases: r.has_open_cases, hasSettledCases: r.has_settled_cases } };
  });
}
