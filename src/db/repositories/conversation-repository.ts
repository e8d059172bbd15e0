import { z } from "zod";
import type { Draft, IntakeStep } from "../../vocabulary/draft";
import { emergencyKinds } from "../../vocabulary/emergency-kinds";
import type { Tx } from "../tx";
import { col, parseRows } from "./rows";

/** Where a resident is in the intake dialogue, so a restart does not lose a half-told appeal. */
export interface ConversationRecord {
  step: IntakeStep;
  draft: Draft;
}

/** …and when it was last saved (the supplement step lasts a while after the resident's last words). */
export interface SavedConversation extends ConversationRecord {
  updatedAt: Date;
}

const channelName = z.enum(["telegram", "wechat", "web"]);
const conversationRow = z.object({
  step: z.enum(["idle", "choose_category", "choose_community", "confirm", "supplement"]),
  draft: z.object({
    texts: z.array(z.string()),
    photos: z.array(z.object({ kind: z.literal("photo"), fileId: z.string(), channel: channelName })),
    location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    categoryId: z.string().nullable(),
    communityId: z.string().nullable(),
    urgent: z.boolean(),
    // Drafts saved before these existed have none.
    emergency: z.enum(emergencyKinds).nullable().optional(),
    offered: z.array(z.string()).nullable().optional(),
    addTo: z.string().nullable().optional(),
    album: z.string().nullable().optional(),
  }),
  updatedAt: col.date,
}) satisfies z.ZodType<SavedConversation>;

/** The resident's dialogue as last saved, or null when they have none. */
export async function findConversation(tx: Tx, residentId: number): Promise<SavedConversation | null> {
  const rows: unknown = await tx.query(`SELECT step, draft, updated_at AS "updatedAt" FROM conversations WHERE resident_id = $1`, [residentId]);
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
