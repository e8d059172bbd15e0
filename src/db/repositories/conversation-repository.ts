import { z } from "zod";
import type { Draft, IntakeStep } from "../../vocabulary/draft";
import type { Tx } from "../tx";
import { parseRows } from "./rows";

/** Where a resident is in the intake dialogue, so a restart does not lose a half-told appeal. */
export interface ConversationRecord {
  step: IntakeStep;
  draft: Draft;
}

const channelName = z.enum(["telegram", "wechat", "web"]);
const conversationRow = z.object({
  step: z.enum(["idle", "choose_category", "choose_community", "confirm"]),
  draft: z.object({
    texts: z.array(z.string()),
    photos: z.array(z.object({ kind: z.literal("photo"), fileId: z.string(), channel: channelName })),
    location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    categoryId: z.string().nullable(),
    communityId: z.string().nullable(),
    urgent: z.boolean(),
  }),
}) satisfies z.ZodType<ConversationRecord>;

/** The resident's dialogue as last saved, or null when they have none. */
export async function findConversation(tx: Tx, residentId: number): Promise<ConversationRecord | null> {
  const rows: unknown = await tx.query(`SELECT step, draft FROM conversations WHERE resident_id = $1`, [residentId]);
  return parseRows("find conversation", conversationRow, rows)[0] ?? null;
}

/** Saves the resident's dialogue (one row per resident). */
export async function saveConversation(tx: Tx, residentId: number, conversation: ConversationRecord, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO conversations (resident_id, step, draft, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (resident_id) DO UPDATE SET step = EXCLUDED.step, draft = EXCLUDED.draft, updated_at = EXCLUDED.updated_at`,
    [residentId, conversation.step, JSON.stringify(conversation.draft), now],
  );
}
