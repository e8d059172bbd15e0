import { z } from "zod";
import { caseStates, openStates } from "../../vocabulary/case-states";
import type { CaseRecord } from "../../vocabulary/case-record";
import type { Tx } from "../tx";
import { named, runNamed } from "./named";
import { parseOne, parseRows } from "./rows";

/** Every column of a case, named as the record's fields (the reminder sweep reads its cases with its due reminders). */
export const COLUMNS = `id, number, resident_id AS "residentId", channel, chat_id AS "chatId", text, photos, location,
  category_id AS "categoryId", community_id AS "communityId", urgent, department_id AS "departmentId",
  cadre_id AS "cadreId", state, rating, created_at AS "createdAt", accept_due_at AS "acceptDueAt",
  answer_due_at AS "answerDueAt", finish_due_at AS "finishDueAt", extension_state AS "extensionState",
  extension_days AS "extensionDays", extension_reason AS "extensionReason", review_count AS "reviewCount",
  repeats, lead_case_id AS "leadCaseId", accused_department_id AS "accusedDepartmentId", accused_cadre_id AS "accusedCadreId", resident_notified_at AS "residentNotifiedAt", accepted_at AS "acceptedAt", first_answer_at AS "firstAnswerAt",
  resolved_at AS "resolvedAt", closed_at AS "closedAt", updated_at AS "updatedAt"`;

const channelName = z.enum(["telegram", "wechat", "web"]);
const date = z.coerce.date();
/** integer columns: pg returns int4 as a number, but a count or a bigint as a string; both are read explicitly. */
const int = z.coerce.number().int();

export const caseRow = z.object({
  id: int,
  number: z.string(),
  residentId: int,
  channel: z.union([channelName, z.literal("api")]),
  chatId: z.string(),
  text: z.string(),
  photos: z.array(z.object({ kind: z.literal("photo"), fileId: z.string(), channel: channelName })),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  categoryId: z.string(),
  communityId: z.string().nullable(),
  urgent: z.boolean(),
  departmentId: z.string(),
  cadreId: z.string(),
  state: z.enum(caseStates),
  rating: int.nullable(),
  createdAt: date,
  acceptDueAt: date,
  answerDueAt: date,
  finishDueAt: date.nullable(),
  extensionState: z.enum(["requested", "approved", "denied"]).nullable(),
  extensionDays: int.nullable(),
  extensionReason: z.string().nullable(),
  reviewCount: int,
  repeats: int,
  leadCaseId: int.nullable(),
  accusedDepartmentId: z.string().nullable(),
  accusedCadreId: z.string().nullable(),
  residentNotifiedAt: date.nullable(),
  acceptedAt: date.nullable(),
  firstAnswerAt: date.nullable(),
  resolvedAt: date.nullable(),
  closedAt: date.nullable(),
  updatedAt: date,
}) satisfies z.ZodType<CaseRecord>;

export type NewCase = Omit<CaseRecord, "id" | "extensionState" | "extensionDays" | "extensionReason" | "acceptedAt" | "firstAnswerAt" | "resolvedAt" | "closedAt" | "repeats" | "leadCaseId">;

const LOCK_BY_ID = named("lock_case_by_id", `SELECT ${COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`);
const LOCK_BY_NUMBER = named("lock_case_by_number", `SELECT ${COLUMNS} FROM cases WHERE number = $1 FOR UPDATE`);

/**
 * Reads a case by id or number and locks its row until the transaction ends (FOR UPDATE), so
 * concurrent actions on one case apply one after another. Null when there is none.
 */
export async function lockCase(tx: Tx, ref: { id: number } | { number: string }): Promise<CaseRecord | null> {
  const rows = "id" in ref ? await runNamed(tx, LOCK_BY_ID, [ref.id]) : await runNamed(tx, LOCK_BY_NUMBER, [ref.number]);
  return parseRows("lock case", caseRow, rows)[0] ?? null;
}

/**
 * Locks a case and another one it names (a merge's lead) in id order, whichever is named first, so
 * two transactions locking the same two (A into B, B into A at once) wait for each other rather
 * than deadlock. Null for a case that does not exist.
 */
export async function lockCaseAndOther(tx: Tx, ref: { id: number } | { number: string }, other: string): Promise<{ c: CaseRecord | null; other: CaseRecord | null }> {
  const [column, value] = "id" in ref ? ["id", ref.id] : ["number", ref.number];
  const rows: unknown = await tx.query(`SELECT ${COLUMNS} FROM cases WHERE ${column} = $1 OR number = $2 ORDER BY id FOR UPDATE`, [value, other]);
  const locked = parseRows("lock case and other", caseRow, rows);
  return { c: locked.find((c) => ("id" in ref ? c.id === ref.id : c.number === ref.number)) ?? null, other: locked.find((c) => c.number === other) ?? null };
}

/** The residents of these cases heard from us at `at` (the sweep's "still being handled"). */
export async function markResidentsNotified(tx: Tx, caseIds: readonly number[], at: Date): Promise<void> {
  if (caseIds.length === 0) return;
  await tx.query(`UPDATE cases SET resident_notified_at = $2 WHERE id = ANY($1::int[])`, [[...caseIds], at]);
}

/**
 * Writes back what an action may change on a case (its state, who holds it, deadlines, the
 * extension, rating, milestones). What a resident filed (text, photos, place, category) is never
 * rewritten.
 */
export async function updateCase(tx: Tx, c: CaseRecord): Promise<void> {
  await tx.query(
    `UPDATE cases SET state = $2, department_id = $3, cadre_id = $4, rating = $5, accept_due_at = $6,
       answer_due_at = $7, finish_due_at = $8, extension_state = $9, extension_days = $10, extension_reason = $11,
       review_count = $12, resident_notified_at = $13, accepted_at = $14, first_answer_at = $15, resolved_at = $16,
       closed_at = $17, updated_at = $18, repeats = $19, lead_case_id = $20
     WHERE id = $1`,
    [
      c.id, c.state, c.departmentId, c.cadreId, c.rating, c.acceptDueAt, c.answerDueAt, c.finishDueAt, c.extensionState,
      c.extensionDays, c.extensionReason, c.reviewCount, c.residentNotifiedAt, c.acceptedAt, c.firstAnswerAt, c.resolvedAt,
      c.closedAt, c.updatedAt, c.repeats, c.leadCaseId,
    ],
  );
}

const ownerRow = z.object({ id: int, number: z.string(), departmentId: z.string(), cadreId: z.string() });
export type CaseOwner = z.output<typeof ownerRow>;

/** The open cases with who holds them, oldest first (to find those whose cadre has left). */
export async function openCaseOwners(tx: Tx): Promise<CaseOwner[]> {
  const rows: unknown = await tx.query(
    `SELECT id, number, department_id AS "departmentId", cadre_id AS "cadreId" FROM cases WHERE state = ANY($1) ORDER BY id ASC`,
    [[...openStates]],
  );
  return parseRows("open case owners", ownerRow, rows);
}

/** A case by id or number, without locking it (to show it; changes go through lockCase). */
export async function findCase(tx: Tx, ref: { id: number } | { number: string }): Promise<CaseRecord | null> {
  const [column, value] = "id" in ref ? ["id", ref.id] : ["number", ref.number];
  const rows: unknown = await tx.query(`SELECT ${COLUMNS} FROM cases WHERE ${column} = $1`, [value]);
  return parseRows("find case", caseRow, rows)[0] ?? null;
}

/** Open cases, the first answer due soonest first: all of them (a supervisor's view), or one cadre's. */
export async function openCasesByAnswerDue(tx: Tx, options: { cadreId?: string; limit: number }): Promise<CaseRecord[]> {
  const params: unknown[] = [[...openStates], options.limit];
  const ofCadre = options.cadreId === undefined ? "" : ` AND cadre_id = $${params.push(options.cadreId)}`;
  const rows: unknown = await tx.query(`SELECT ${COLUMNS} FROM cases WHERE state = ANY($1)${ofCadre} ORDER BY answer_due_at ASC, id ASC LIMIT $2`, params);
  return parseRows("open cases by answer due", caseRow, rows);
}

const OF_RESIDENT = named("cases_of_resident", `SELECT ${COLUMNS} FROM cases WHERE resident_id = $1 ORDER BY id DESC LIMIT $2`);

/** A resident's cases, the newest first. */
export async function casesOfResident(tx: Tx, residentId: number, limit: number): Promise<CaseRecord[]> {
  const rows = await runNamed(tx, OF_RESIDENT, [residentId, limit]);
  return parseRows("cases of resident", caseRow, rows);
}

/** One of a resident's cases by its number: null for a number that is not theirs. */
export async function caseOfResident(tx: Tx, residentId: number, number: string): Promise<CaseRecord | null> {
  const rows: unknown = await tx.query(`SELECT ${COLUMNS} FROM cases WHERE resident_id = $1 AND number = $2`, [residentId, number]);
  return parseRows("case of resident", caseRow, rows)[0] ?? null;
}

const LATEST_RESOLVED = named(
  "latest_resolved_of_resident",
  `SELECT ${COLUMNS} FROM cases WHERE resident_id = $1 AND state = 'resolved' ORDER BY resolved_at DESC LIMIT 1`,
);

/** The resident's case resolved most recently and not yet rated (what a bare "1"–"5" rates). */
export async function latestResolvedOfResident(tx: Tx, residentId: number): Promise<CaseRecord | null> {
  const rows = await runNamed(tx, LATEST_RESOLVED, [residentId]);
  return parseRows("latest resolved of resident", caseRow, rows)[0] ?? null;
}

const countRow = z.object({ count: int });

const COUNT_FILED_SINCE = named("count_filed_since", `SELECT count(*) AS count FROM cases WHERE resident_id = $1 AND created_at > $2`);

/** How many cases a resident filed after `since` (the hourly appeal limit). */
export async function countFiledSince(tx: Tx, residentId: number, since: Date): Promise<number> {
  const rows = await runNamed(tx, COUNT_FILED_SINCE, [residentId, since]);
  return parseOne("count filed since", countRow, rows).count;
}

/**
 * The cases with these ids, locked, skipping those another transaction holds (a case being
 * changed right now is left for the next sweep; the change replans its reminders anyway).
 */
export async function lockCasesSkipLocked(tx: Tx, ids: number[]): Promise<CaseRecord[]> {
  if (ids.length === 0) return [];
  const rows: unknown = await tx.query(`SELECT ${COLUMNS} FROM cases WHERE id = ANY($1::int[]) ORDER BY id ASC FOR UPDATE SKIP LOCKED`, [ids]);
  return parseRows("lock cases skip locked", caseRow, rows);
}

/**
 * The cases merged into this one, and those merged into them, and so on (合并): the residents who
 * hear every step of it.
 */
export async function casesMergedInto(tx: Tx, leadId: number): Promise<CaseRecord[]> {
  const rows: unknown = await tx.query(
    `WITH RECURSIVE merged AS (
       SELECT id FROM cases WHERE lead_case_id = $1
       UNION SELECT c.id FROM cases c JOIN merged m ON c.lead_case_id = m.id
     )
     SELECT ${COLUMNS} FROM cases WHERE id IN (SELECT id FROM merged) ORDER BY id`,
    [leadId],
  );
  return parseRows("cases merged into", caseRow, rows);
}

/**
 * The open case a merged case's matter is handled in: its lead, or the lead's lead when that one
 * was merged in turn (合并); null when the matter's case is no longer open.
 */
export async function openLeadOf(tx: Tx, mergedId: number): Promise<CaseRecord | null> {
  const rows: unknown = await tx.query(
    `WITH RECURSIVE chain AS (
       SELECT lead_case_id AS id FROM cases WHERE id = $1 AND state = 'merged'
       UNION SELECT c.lead_case_id FROM cases c JOIN chain ON c.id = chain.id WHERE c.state = 'merged'
     )
     SELECT ${COLUMNS} FROM cases WHERE id IN (SELECT id FROM chain) AND state = ANY($2)`,
    [mergedId, [...openStates]],
  );
  return parseRows("open lead of", caseRow, rows)[0] ?? null;
}

/** The cases merged into this one itself (not those merged into them), oldest first. */
export async function casesMergedDirectlyInto(tx: Tx, leadId: number): Promise<CaseRecord[]> {
  const rows: unknown = await tx.query(`SELECT ${COLUMNS} FROM cases WHERE lead_case_id = $1 AND state = 'merged' ORDER BY id`, [leadId]);
  return parseRows("cases merged directly into", caseRow, rows);
}
