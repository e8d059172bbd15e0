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

/** A case's timeline, oldest first; `publicOnly` for what the resident may see. */
export async function caseTimeline(tx: Tx, caseId: number, options: { publicOnly?: boolean } = {}): Promise<CaseEventRecord[]> {
  const rows: unknown = await tx.query(
    `SELECT ${COLUMNS} FROM case_events WHERE case_id = $1${options.publicOnly ? " AND public" : ""} ORDER BY id ASC`,
    [caseId],
  );
  return parseRows("case timeline", eventRow, rows);
}

const publicNoteRow = eventRow.pick({ caseId: true, at: true, type: true, body: true });
export type PublicNoteRow = z.output<typeof publicNoteRow>;

/** The public events of several cases in one query (never internal notes), by case, oldest first. */
export async function publicEventsOf(tx: Tx, caseIds: number[]): Promise<PublicNoteRow[]> {
  if (caseIds.length === 0) return [];
  const rows: unknown = await tx.query(
    `SELECT case_id AS "caseId", at, type, body FROM case_events WHERE case_id = ANY($1::int[]) AND public ORDER BY case_id, id`,
    [caseIds],
  );
  return parseRows("public events of cases", publicNoteRow, rows);
}
