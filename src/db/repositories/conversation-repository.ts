import { z } from "zod";
import type { Draft, IntakeStep } from "../../vocabulary/draft";
import { emergencyKinds } from "../../vocabulary/emergency-kinds";
import type { Tx } from "../tx";
import { executeNamed, named, queryNamed } from "./named";
import { col } from "./rows";

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
export const conversationRow = z.object({
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
    report: z.boolean().optional(),
  }),
  updatedAt: col.date,
}) satisfies z.ZodType<SavedConversation>;

const FIND = named("find_conversation", `SELECT step, draft, updated_at AS "updatedAt" FROM conversations WHERE resident_id = $1`);

/** The resident's dialogue as last saved, or null when they have none. */
export async function findConversation(tx: Tx, residentId: number): Promise<SavedConversation | null> {
  return (await queryNamed(tx, FIND, [residentId], conversationRow))[0] ?? null;
}

const SAVE = named(
  "save_conversation",
  `INSERT INTO conversations (resident_id, step, draft, updated_at) VALUES ($1, $2, $3, $4)
   ON CONFLICT (resident_id) DO UPDATE SET step = EXCLUDED.step, draft = EXCLUDED.draft, updated_at = EXCLUDED.updated_at`,
);

/** Saves the resident's dialogue (one row per resident). */
export async function saveConversation(tx: Tx, residentId: number, conversation: ConversationRecord, now: Date): Promise<void> {
  await executeNamed(tx, SAVE, [residentId, conversation.step, JSON.stringify(conversation.draft), now]);
}

export interface ConversationToSave extends ConversationRecord {
  residentId: number;
  at: Date;
}

const SAVE_MANY = named(
  "save_conversations",
  `INSERT INTO conversations (resident_id, step, draft, updated_at)
   SELECT * FROM unnest($1::int[], $2::text[], $3::jsonb[], $4::timestamptz[])
   ON CONFLICT (resident_id) DO UPDATE SET step = EXCLUDED.step, draft = EXCLUDED.draft, updated_at = EXCLUDED.updated_at`,
);

/** Saves several residents' dialogues in one statement (a batch of messages); one row per resident, at most once each. */
export async function saveConversations(tx: Tx, rows: readonly ConversationToSave[]): Promise<void> {
  if (rows.length === 0) return;
  await executeNamed(tx, SAVE_MANY, [rows.map((r) => r.residentId), rows.map((r) => r.step), rows.map((r) => JSON.stringify(r.draft)), rows.map((r) => r.at)]);
}
