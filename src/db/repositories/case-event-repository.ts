import { z } from "zod";
import type { ActionType } from "../../vocabulary/case-states";
import type { CaseEventRecord, EventType } from "../../vocabulary/case-record";
import type { Tx } from "../tx";
import { named, runNamed } from "./named";
import { parseOne, parseRows } from "./rows";


/** Every event type the timeline may hold; the compiler keeps it complete (a Record over ActionType). */
const actionTypes: Record<ActionType, true> = {
  accept: true, reply: true, reject: true, transfer: true, resolve: true, note: true, rate: true, withdraw: true,
  extend_request: true, extend_approve: true, extend_deny: true, review: true, close_unrated: true, reassign: true,
  assign: true, supplement: true, merge: true, unmerge: true,
};
const eventTypes = ["created", ...Object.keys(actionTypes)] as [EventType, ...EventType[]];

const COLUMNS = `id, case_id AS "caseId", at, type, actor_kind AS "actorKind", actor_id AS "actorId", public, body, data`;

const eventRow = z.object({
  id: z.coerce.number().int(),
  caseId: z.coerce.number().int(),
  at: z.coerce.date(),
  type: z.enum(eventTypes),
  actorKind: z.enum(["resident", "cadre", "system"]),
  actorId: z.string().nullable(),
  public: z.boolean(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});

const APPEND = named(
  "append_case_event",
  `INSERT INTO case_events (case_id, at, type, actor_kind, actor_id, public, body, data)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
);

/** Appends one event to a case's timeline (append-only: nothing here updates or deletes one). */
export async function appendCaseEvent(tx: Tx, event: Omit<CaseEventRecord, "id">): Promise<CaseEventRecord> {
  const rows = await runNamed(
    tx,
    APPEND,
    [event.caseId, event.at, event.type, event.actorKind, event.actorId, event.public, event.body, event.data === null ? null : JSON.stringify(event.data)],
  );
  return parseOne("append case event", eventRow, rows);
}

/**
 * What a case's resident may read of its timeline (e: the events): the public events, but not the
 * words another resident added to it (one whose case was merged into this one, 合并): theirs are
 * for the cadres, as their own case is.
 */
const seenByResident = (e: string) =>
  `${e}.public AND (${e}.actor_kind <> 'resident' OR ${e}.actor_id = (SELECT c.resident_id::text FROM cases c WHERE c.id = ${e}.case_id))`;

/** A case's timeline, oldest first; `publicOnly` for what the resident may see (seenByResident). */
export async function caseTimeline(tx: Tx, caseId: number, options: { publicOnly?: boolean } = {}): Promise<CaseEventRecord[]> {
  const rows: unknown = await tx.query(
    `SELECT ${COLUMNS} FROM case_events e WHERE case_id = $1${options.publicOnly ? ` AND ${seenByResident("e")}` : ""} ORDER BY id ASC`,
    [caseId],
  );
  return parseRows("case timeline", eventRow, rows);
}

const publicNoteRow = eventRow.pick({ caseId: true, at: true, type: true, body: true });
export type PublicNoteRow = z.output<typeof publicNoteRow>;

/** What the residents may read of several cases' timelines in one query (seenByResident: never internal notes), by case, oldest first. */
export async function publicEventsOf(tx: Tx, caseIds: number[]): Promise<PublicNoteRow[]> {
  if (caseIds.length === 0) return [];
  const rows: unknown = await tx.query(
    `SELECT case_id AS "caseId", at, type, body FROM case_events e WHERE case_id = ANY($1::int[]) AND ${seenByResident("e")} ORDER BY case_id, id`,
    [caseIds],
  );
  return parseRows("public events of cases", publicNoteRow, rows);
}
